"""What the cafés app shows on pages that other apps own (vises.common.panels): the start
pages per role, the public front page, a person's page and a company's page.

`register()` is called from CafesConfig.ready(). Each context function reads through
vises.cafes.dashboard (or the café selectors) and returns None when it has nothing to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from vises.cafes import dashboard
from vises.cafes.links.feedback import friend_link
from vises.cafes.links.feeds import volunteer_feed_path
from vises.cafes.models import Cafe
from vises.cafes.selectors.registrations import registrations_of_person
from vises.cafes.selectors.volunteers import volunteer_for_user
from vises.common import audit
from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.companies.models import Company
from vises.companies.selectors import contact_company
from vises.partnerships.access import Perm, Role, role_has
from vises.partnerships.models import Partnership
from vises.people.outbox.links import absolute_url

OPERATIONS = (Role.COORDINATOR, Role.MANAGER)


def _start(*roles: str) -> tuple[str, ...]:
    return tuple(f"start.{role}" for role in roles)


def _todo(*roles: str) -> tuple[str, ...]:
    return tuple(f"todo.{role}" for role in roles)


def _partnership(request: HttpRequest) -> Partnership:
    return request.partnership  # type: ignore[attr-defined]  # set by partnership_view


@dataclass(frozen=True)
class PortalCafe:
    cafe: Cafe
    friend_url: str


def portal_row(request: HttpRequest, cafe: Cafe) -> PortalCafe:
    """A café of the company portal with the absolute address of its employees' form."""
    return PortalCafe(cafe, absolute_url(friend_link(cafe)))


# Start pages ---------------------------------------------------------------------------------


def upcoming(request: HttpRequest, obj: Any) -> dict[str, Any]:
    return {"upcoming": dashboard.upcoming_cafes(partnership=_partnership(request))}


def invitations_expiring(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    cafes = list(dashboard.cafes_with_invitations_expiring(partnership=_partnership(request)))
    return {"cafes": cafes} if cafes else None


def cafes_to_follow_up(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    summaries = dashboard.cafes_to_follow_up(partnership=_partnership(request))
    return {"summaries": summaries} if summaries else None


def new_leads(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    companies = list(dashboard.companies_with_new_leads(partnership=_partnership(request)))
    return {"companies": companies, "days": dashboard.NEW_LEAD_DAYS} if companies else None


def volunteer_cafes(request: HttpRequest, obj: Any) -> dict[str, Any]:
    start = dashboard.volunteer_start(partnership=_partnership(request), user=request.user)
    return {"start": start, "year": timezone.localdate().year}


def volunteer_feed(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    volunteer = volunteer_for_user(user=request.user, partnership=_partnership(request))
    if volunteer is None:
        return None
    return {"url": absolute_url(volunteer_feed_path(volunteer))}


def company_next(request: HttpRequest, obj: Any) -> dict[str, Any]:
    company = contact_company(user=request.user, partnership=_partnership(request))
    cafe = dashboard.portal_cafes(company=company).first() if company is not None else None
    return {
        "company": company,
        "row": portal_row(request, cafe) if cafe is not None else None,
    }


# The front page, a person's page, a company's page -------------------------------------------


def public_cafes(request: HttpRequest, obj: Any) -> dict[str, Any]:
    from vises.cafes.views.public import HOME_PAGE_CAFES, public_cafe_cards

    return {"cards": public_cafe_cards(limit=HOME_PAGE_CAFES)}


def person_registrations(request: HttpRequest, person: Any) -> dict[str, Any]:
    return {"registrations": registrations_of_person(person_id=person.pk)}


def company_cafes(request: HttpRequest, company: Company) -> dict[str, Any]:
    return {"cafes": dashboard.company_cafes(company=company)}


def company_friend_leads(request: HttpRequest, company: Company) -> dict[str, Any]:
    membership = request.membership  # type: ignore[attr-defined]  # set by partnership_view
    may_see_names = role_has(membership.role, Perm.VIEW_PERSONAL_DATA)
    leads = list(dashboard.company_friend_leads(company=company))
    if may_see_names and leads:
        # The page names employees who offered to be language friends (DESIGN §6).
        audit.log(request.user, "cafes.languagefriendlead.listed", company)
    return {"friend_leads": leads, "may_see_names": may_see_names}


PANELS = [
    Panel("cafes.upcoming", _start(*OPERATIONS), 20, "cafes/panels/upcoming.html", upcoming),
    Panel(
        "cafes.invitations_expiring",
        _todo(*OPERATIONS),
        10,
        "cafes/panels/invitations_expiring.html",
        invitations_expiring,
    ),
    Panel(
        "cafes.to_follow_up",
        _todo(*OPERATIONS),
        20,
        "cafes/panels/to_follow_up.html",
        cafes_to_follow_up,
    ),
    Panel("cafes.new_leads", _todo(*OPERATIONS), 30, "cafes/panels/new_leads.html", new_leads),
    Panel(
        "cafes.volunteer_cafes",
        _start(Role.VOLUNTEER),
        10,
        "cafes/panels/volunteer_cafes.html",
        volunteer_cafes,
    ),
    Panel(
        "cafes.volunteer_feed",
        _start(Role.VOLUNTEER),
        20,
        "cafes/panels/volunteer_feed.html",
        volunteer_feed,
    ),
    Panel(
        "cafes.company_next",
        _start(Role.COMPANY),
        10,
        "cafes/panels/company_next.html",
        company_next,
    ),
    Panel("cafes.public_calendar", ("home",), 10, "cafes/panels/home.html", public_cafes),
    Panel(
        "cafes.person_registrations",
        ("people.person",),
        10,
        "cafes/panels/person_registrations.html",
        person_registrations,
    ),
    Panel(
        "cafes.company_cafes",
        ("companies.company",),
        10,
        "cafes/panels/company_cafes.html",
        company_cafes,
    ),
    Panel(
        "cafes.company_friend_leads",
        ("companies.company",),
        20,
        "cafes/panels/company_friend_leads.html",
        company_friend_leads,
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)
