"""Staff pages of a partnership: a start page per role and the sections of the navigation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.accounts import services as account_services
from vises.cafes.feedback_links import friend_link
from vises.cafes.feeds import volunteer_feed_path, volunteer_for_user
from vises.cafes.models import Cafe
from vises.cafes.services.hours import volunteer_assignments
from vises.common.suppression import suppress_small
from vises.companies import selectors as company_selectors
from vises.partnerships import selectors
from vises.partnerships.access import PartnershipRequest, Perm, Role, partnership_view
from vises.partnerships.models import Membership

START_TEMPLATES = {
    Role.COORDINATOR: "partnerships/start_operations.html",
    Role.MANAGER: "partnerships/start_operations.html",
    Role.MUNICIPAL: "partnerships/start_municipal.html",
    Role.VOLUNTEER: "partnerships/start_volunteer.html",
    Role.COMPANY: "partnerships/start_company.html",
    Role.ADMIN: "partnerships/start_admin.html",
}


@partnership_view(Perm.VIEW_START)
def start(request: PartnershipRequest) -> HttpResponse:
    role = request.membership.role
    partnership = selectors.partnership_parties(partnership=request.partnership)
    context: dict[str, object] = {"partnership": partnership}
    if role in (Role.COORDINATOR, Role.MANAGER):
        context["members"] = selectors.members_of_partnership(partnership=partnership)
    elif role == Role.MUNICIPAL:
        # People are counted for the municipality, so small cells are suppressed (DESIGN §6).
        counts = selectors.role_counts(partnership=partnership)
        context["role_counts"] = [
            (label, suppress_small(counts.get(value, 0))) for value, label in Role.choices
        ]
    elif role == Role.ADMIN:
        context["members"] = selectors.members_with_second_factor(partnership=partnership)
    elif role == Role.COMPANY:
        host = company_selectors.contact_company(user=request.user, partnership=partnership)
        cafes = company_selectors.portal_cafes(company=host) if host is not None else []
        context["company"] = host
        context["rows"] = _portal_rows(request, cafes)
    elif role == Role.VOLUNTEER:
        volunteer = volunteer_for_user(user=request.user, partnership=partnership)
        if volunteer is not None:
            context["calendar_feed_url"] = request.build_absolute_uri(
                volunteer_feed_path(volunteer)
            )
    return render(request, START_TEMPLATES[Role(role)], context)


@partnership_view(Perm.OPERATE)
def operations(request: PartnershipRequest) -> HttpResponse:
    return render(request, "partnerships/operations.html")


@partnership_view(Perm.VIEW_STATISTICS)
def reports(request: PartnershipRequest) -> HttpResponse:
    return render(request, "partnerships/reports.html")


@partnership_view(Perm.STEERING)
def steering(request: PartnershipRequest) -> HttpResponse:
    return render(request, "partnerships/steering.html")


@partnership_view(Perm.VOLUNTEER_DUTY)
def volunteer(request: PartnershipRequest) -> HttpResponse:
    rows = volunteer_assignments(partnership=request.partnership, user=request.user)
    return render(
        request,
        "partnerships/volunteer.html",
        {
            "upcoming": [row for row in rows if not row.is_past],
            "past": [row for row in rows if row.is_past],
        },
    )


def _portal_rows(request: PartnershipRequest, cafes: Iterable[Cafe]) -> list[PortalCafe]:
    """Each café with the absolute address of its employees' language-friend form."""
    return [PortalCafe(cafe, request.build_absolute_uri(friend_link(cafe))) for cafe in cafes]


@dataclass(frozen=True)
class PortalCafe:
    cafe: Cafe
    friend_url: str


@partnership_view(Perm.COMPANY_PORTAL)
def company(request: PartnershipRequest) -> HttpResponse:
    """The company contact's cafés: practical details and how many signed up, never who."""
    host = company_selectors.contact_company(user=request.user, partnership=request.partnership)
    cafes = company_selectors.portal_cafes(company=host) if host is not None else []
    return render(
        request,
        "partnerships/company.html",
        {"company": host, "rows": _portal_rows(request, cafes)},
    )


@partnership_view(Perm.COMPANY_PORTAL)
def company_cafe(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    host = company_selectors.contact_company(user=request.user, partnership=request.partnership)
    if host is None:
        raise Http404
    try:
        cafe = company_selectors.portal_cafe(company=host, cafe_id=cafe_id)
    except Cafe.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "partnerships/company_cafe.html",
        {"company": host, "row": _portal_rows(request, [cafe])[0]},
    )


@partnership_view(Perm.MANAGE_USERS)
def users(request: PartnershipRequest) -> HttpResponse:
    members = selectors.members_with_second_factor(partnership=request.partnership)
    return render(request, "partnerships/users.html", {"members": members})


def _member_or_404(request: PartnershipRequest, user_id: int) -> Membership:
    try:
        return selectors.member_by_user_id(partnership=request.partnership, user_id=user_id)
    except Membership.DoesNotExist as error:
        raise Http404 from error


def _refuse_if_managed_elsewhere(request: PartnershipRequest, member: Membership) -> bool:
    """An account with roles in other partnerships is not this partnership's admin's to change."""
    if member.managed_here:  # type: ignore[attr-defined]
        return False
    messages.error(
        request,
        _(
            "%(user)s also works in another partnership or administers the installation. "
            "Only the installation's technical administrator can change this account."
        )
        % {"user": member.user},
    )
    return True


@partnership_view(Perm.MANAGE_USERS)
@require_POST
def user_deactivate(request: PartnershipRequest, user_id: int) -> HttpResponse:
    member = _member_or_404(request, user_id)
    if member.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    elif not _refuse_if_managed_elsewhere(request, member):
        account_services.user_deactivate(
            user=member.user, partnership=request.partnership, actor=request.user
        )
        messages.success(
            request, _("%(user)s is deactivated and logged out everywhere.") % {"user": member.user}
        )
    return redirect("partnership_users", slug=request.partnership.slug)


@partnership_view(Perm.MANAGE_USERS)
@require_POST
def user_second_factor_reset(request: PartnershipRequest, user_id: int) -> HttpResponse:
    member = _member_or_404(request, user_id)
    if not _refuse_if_managed_elsewhere(request, member):
        account_services.second_factor_reset(
            user=member.user, partnership=request.partnership, actor=request.user
        )
        messages.success(
            request,
            _(
                "The second factor of %(user)s is removed. "
                "They set up a new one at their next login."
            )
            % {"user": member.user},
        )
    return redirect("partnership_users", slug=request.partnership.slug)
