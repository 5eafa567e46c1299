"""A volunteer's and a company contact's own cafés, under /p/<slug>/volunteer/ and
/p/<slug>/company/ (the pages "My cafés" and "Our cafés")."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from vises.cafes import dashboard
from vises.cafes.checkin.selectors import volunteer_assignments
from vises.cafes.models import Cafe
from vises.cafes.panels import portal_row
from vises.companies.selectors import contact_company
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view


@partnership_view(Perm.VOLUNTEER_DUTY)
def volunteer(request: PartnershipRequest) -> HttpResponse:
    rows = volunteer_assignments(partnership=request.partnership, user=request.user)
    return render(
        request,
        "cafes/portal/volunteer.html",
        {
            "upcoming": [row for row in rows if not row.is_past],
            "past": [row for row in rows if row.is_past],
        },
    )


@partnership_view(Perm.COMPANY_PORTAL)
def company(request: PartnershipRequest) -> HttpResponse:
    """The company contact's cafés: practical details and how many signed up, never who."""
    host = contact_company(user=request.user, partnership=request.partnership)
    cafes = dashboard.portal_cafes(company=host) if host is not None else []
    return render(
        request,
        "cafes/portal/company.html",
        {"company": host, "rows": [portal_row(request, cafe) for cafe in cafes]},
    )


@partnership_view(Perm.COMPANY_PORTAL)
def company_cafe(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    host = contact_company(user=request.user, partnership=request.partnership)
    if host is None:
        raise Http404
    try:
        cafe = dashboard.portal_cafe(company=host, cafe_id=cafe_id)
    except Cafe.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "cafes/portal/company_cafe.html",
        {"company": host, "row": portal_row(request, cafe)},
    )
