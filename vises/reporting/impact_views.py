"""The impact statement as a PDF: the company contact's own (from their start page) and any
host company's for staff (from the company's page)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from vises.companies.models import Company
from vises.companies.selectors import contact_company
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.reporting.impact import (
    FIRST_YEAR,
    LAST_YEAR,
    impact_filename,
    impact_pdf,
    impact_statement,
)


def _pdf(company: Company, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    statement = impact_statement(company=company, year=year)
    response = HttpResponse(impact_pdf(statement), content_type="application/pdf")
    name = impact_filename(statement)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response


@partnership_view(Perm.COMPANY_PORTAL)
def impact_own(request: PartnershipRequest, year: int) -> HttpResponse:
    """The company contact's own company: no other company can be asked for."""
    company = contact_company(user=request.user, partnership=request.partnership)
    if company is None:
        raise Http404
    return _pdf(company, year)


@partnership_view(Perm.OPERATE)
def impact_company(request: PartnershipRequest, company_id: int, year: int) -> HttpResponse:
    company = Company.objects.filter(partnership=request.partnership, pk=company_id).first()
    if company is None:
        raise Http404
    return _pdf(company, year)
