"""Who may open which page: every URL pattern × every role, generated from the URL resolver.

Each view of ours declares its access (vises.common.access): `partnership_view(Perm.X)`, or
`public_view` / `link_view`. A pattern without a declaration fails here, so a new view is
guarded knowingly. The answers follow DESIGN §2: on a partnership page an anonymous visitor
gets 302 to the login page, a member whose role lacks the permission 403, a member with it
the page (or 405 for a POST-only action); an object of another partnership is 404. Public
and signed-link pages answer every role as they answer an anonymous visitor (the link is the
key, not the login). Third-party patterns are listed with their owners below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.common.access import LINK, PUBLIC, declared_access
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.economy import services as economy_services
from vises.economy.models import CostEntry
from vises.matching.models import MatchRun, Proposal
from vises.matching.tests.factories import FollowUpFactory, PairFactory
from vises.partnerships.access import ROLE_PERMISSIONS, Role
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    agreement_for,
)
from vises.people.models import Concern, Language, Referral
from vises.people.tests.factories import PersonFactory, VolunteerFactory
from vises.reporting.models import AnnualReport, ReportFile
from vises.steering import services as steering_services

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role]  # anonymous, coordinator, manager, municipal, volunteer, company, admin

# Patterns of other packages, by the module their view comes from: allauth's account pages
# and Django's language switch are tested in vises/common/tests/test_public_urls.py and
# vises/accounts/tests; the API (django-ninja, session cookies ignored) in vises/api/tests.
EXTERNAL_MODULES = ("allauth.", "django.views.i18n")
API_PREFIX = "api/v1/"
API_PATHS = {
    "openapi-json": "/api/v1/openapi.json",
    "list_cafes": "/api/v1/cafes",
    "create_registration": "/api/v1/cafes/1/registrations",
    "api-root": "/api/v1/",
    "year_statistics": "/api/v1/stats?year=2025",
    "api-unknown": "/api/v1/no-such-thing",
}
# The API answers every role alike: it ignores the session (DESIGN §9).
API_ANSWERS = {
    "openapi-json": 200,
    "list_cafes": 200,
    "create_registration": 405,  # POST only
    "api-root": 404,
    "year_statistics": 401,  # a Bearer token, never the session (vises/api/tests/test_stats_api.py)
    "api-unknown": 404,
}

# What a member allowed by the view's permission gets for a GET with the sample objects, where
# that is not 200: POST-only actions answer 405, pages that only follow a step redirect.
POST_ONLY = [
    "people_import_confirm",
    "people_import_cancel",
    "people_concern_handled",
    "people_referral_handled",
    "cafes_open",
    "cafes_held",
    "cafes_followed_up",
    "cafes_volunteer_assign",
    "cafes_volunteer_remove",
    "checkin_tap",
    "checkin_employees",
    "companies_stage",
    "companies_contact_remove",
    "companies_contact_login",
    "partnership_user_deactivate",
    "partnership_user_second_factor_reset",
    "matching_run_create",
    "matching_run_recompute",
    "matching_run_publish",
    "matching_run_discard",
    "matching_run_exclude",
    "matching_run_include",
    "matching_run_swap",
    "matching_proposal_lock",
    "matching_pair_activate",
    "matching_pair_pause",
    "matching_pair_resume",
    "matching_pair_end",
    "matching_followup_phone",
    "partnership_agreement_extend",
    "partnership_agreement_terminate",
    "economy_cost_create",
    "economy_rate_set",
    "economy_year_approve",
    "economy_invoice_create",
    "economy_invoice_issue",
    "economy_invoice_paid",
    "economy_invoice_credit",
    "economy_invoice_discard",
    "economy_settlement_draft",
    "reporting_narratives",
    "reporting_sign",
    "reporting_file_request",
    "steering_minutes_approve",
    "steering_action_create",
    "steering_action_status",
    "statistics_targets_set",
]
ALLOWED_ANSWERS: dict[str, int] = {
    **dict.fromkeys(POST_ONLY, 405),
    "people_import_preview": 302,  # no upload in the session: back to the upload form
    "economy_cost_attachment": 404,  # the sample cost has no attachment
}
# Per role where a partnership page asks more than its permission (the check-in pages are open
# to every start-page role but show a café only to its volunteers and to operations).
CHECKIN_PAGES = [
    "checkin_today",
    "checkin_list",
    "checkin_tap",
    "checkin_walk_in",
    "checkin_employees",
    "checkin_list_pdf",
    "checkin_tags_pdf",
    "checkin_hours",
]
ROLE_ANSWERS: dict[str, dict[str, int]] = {
    name: {Role.MUNICIPAL: 403, Role.COMPANY: 403, Role.ADMIN: 403} for name in CHECKIN_PAGES
}
# The statistics pages (the period defaults to the current year): operations and the
# municipal officer, who sees the suppressed tables.
STATISTICS_PAGES = [
    "statistics_dashboard",
    "statistics_chart",
    "statistics_csv",
    "statistics_xlsx",
    "statistics_targets",
]
ROLE_ANSWERS.update(
    {
        name: {
            Role.COORDINATOR: 200,
            Role.MANAGER: 200,
            Role.MUNICIPAL: 200,
            Role.VOLUNTEER: 403,
            Role.COMPANY: 403,
            Role.ADMIN: 403,
        }
        for name in STATISTICS_PAGES
    }
)
# Public and link pages for an anonymous visitor with the sample arguments.
OPEN_ANSWERS: dict[str, int] = {
    "invitation_page": 404,  # a bad link is not found (with the page offering a new one)
    "invitation_accept": 405,  # the answers are buttons: POST only
    "invitation_decline": 405,
    "pair_answer": 404,  # a language-friend pair's links: a bad link is not found
    "pair_accept": 405,  # the answers are buttons: POST only
    "pair_decline": 405,
    "pair_followup": 404,
    "cafes_public_about_you": 405,  # the optional questions after a sign-up: POST only
    "volunteer_calendar_feed": 404,  # a bad token is not found
    "companies_host": 302,  # one partnership: straight to its form
    "people_referral": 302,  # the same for the referral form
    "sms_delivery_status": 404,  # the SMS provider's webhooks: a wrong token is not found
    "sms_inbound": 404,
}
# A logged-in member on the front page lands on their start page.
HOME_FOR_MEMBERS = 302


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def all_patterns() -> list[tuple[str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


def is_external(route: str, pattern: URLPattern) -> bool:
    return pattern.callback.__module__.startswith(EXTERNAL_MODULES)


def our_patterns() -> list[tuple[str, URLPattern]]:
    return [
        (route, pattern)
        for route, pattern in all_patterns()
        if not is_external(route, pattern) and not route.startswith(API_PREFIX)
    ]


@dataclass
class World:
    """One partnership with a member per role and one object of each kind."""

    partnership: Partnership
    users: dict[str, Any]
    ids: dict[str, int]


def build_world() -> World:
    partnership = PartnershipFactory.create()
    users: dict[str, Any] = {
        role: MembershipFactory.create(partnership=partnership, role=role).user for role in Role
    }
    company = CompanyFactory.create(partnership=partnership)
    contact = CompanyContactFactory.create(company=company, user=users[Role.COMPANY])
    cafe = CafeFactory.create(company=company)
    person = PersonFactory.create(partnership=partnership)
    other_person = PersonFactory.create(partnership=partnership)
    registration = RegistrationFactory.create(cafe=cafe, person=person)
    volunteer = VolunteerFactory.create(person__partnership=partnership, user=users[Role.VOLUNTEER])
    assignment = CafeVolunteerFactory.create(cafe=cafe, volunteer=volunteer)
    concern = Concern.objects.create(partnership=partnership, person=person, text="Oro")
    referral = Referral.objects.create(
        partnership=partnership,
        person=person,
        referrer_role=Referral.ReferrerRole.SFI_TEACHER,
        referrer_unit="SFI",
        wants=Referral.Wants.CAFE,
        consent_language=Language.objects.get(code="sv"),
    )
    target = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER).user
    run = MatchRun.objects.create(partnership=partnership)
    proposal = Proposal.objects.create(run=run, participant=person, friend=other_person)
    pair = PairFactory.create(participant__partnership=partnership)
    followup = FollowUpFactory.create(pair=pair)

    agreement_for(partnership, extensions=2)
    cost = CostEntry.objects.create(
        partnership=partnership,
        category="lokaler",
        spent_on=date(2024, 3, 1),
        amount=Decimal("1000.00"),
        description="Hyra",
    )
    invoice = economy_services.invoice_issue(
        invoice=economy_services.invoice_draft(
            partnership=partnership, year=2024, actor="system:test"
        ),
        actor="system:test",
    )
    report = AnnualReport.objects.create(partnership=partnership, year=2024, version=1)
    report_file = ReportFile.objects.create(
        report=report, format="pdf", status=ReportFile.Status.READY, data=b"%PDF-1.7"
    )
    meeting = steering_services.meeting_create(
        partnership=partnership,
        starts_at=datetime(2024, 4, 10, 12, 0, tzinfo=UTC),
        place="Linköping",
        agenda="Uppföljning",
        actor="system:test",
    )
    action = steering_services.action_item_create(
        meeting=meeting, text="Boka lokal", owner=None, due_on=None, actor="system:test"
    )
    return World(
        partnership=partnership,
        users=users,
        ids={
            "cafe": cafe.pk,
            "company": company.pk,
            "person": person.pk,
            "other_person": other_person.pk,
            "registration": registration.pk,
            "assignment": assignment.pk,
            "contact": contact.pk,
            "concern": concern.pk,
            "referral": referral.pk,
            "user": target.pk,
            "run": run.pk,
            "proposal": proposal.pk,
            "pair": pair.pk,
            "followup": followup.pk,
            "cost": cost.pk,
            "invoice": invoice.pk,
            "report_file": report_file.pk,
            "meeting": meeting.pk,
            "action": action.pk,
            "year": 2024,
        },
    )


# Which sample object each URL argument names; `pk` depends on the app of the pattern.
ARGUMENTS = {
    "cafe_id": "cafe",
    "registration_id": "registration",
    "assignment_id": "assignment",
    "assignment_pk": "assignment",
    "contact_pk": "contact",
    "concern_id": "concern",
    "referral_id": "referral",
    "user_id": "user",
    "other_pk": "other_person",
    "cost_id": "cost",
    "invoice_id": "invoice",
    "company_id": "company",
    "file_id": "report_file",
    "meeting_id": "meeting",
    "action_id": "action",
    "year": "year",
}
PK_BY_PREFIX = {
    "cafes_": "cafe",
    "companies_": "company",
    "people_": "person",
    "matching_run": "run",
    "matching_proposal": "proposal",
    "matching_pair": "pair",
    "matching_followup": "followup",
    "matching_limits": "person",
}


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def sample_path(route: str, pattern: URLPattern, world: World) -> str:
    """The route with each argument replaced by the sample object's id (or a bad token)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "slug":
            return world.partnership.slug
        if name == "token":
            return "not-a-link"
        if name == "field":
            return "email"
        if name == "chart":
            return "attendances"
        if name == "pk":
            (kind,) = [
                k for prefix, k in PK_BY_PREFIX.items() if (pattern.name or "").startswith(prefix)
            ]
            return str(world.ids[kind])
        return str(world.ids[ARGUMENTS[name]])

    return "/" + ARGUMENT.sub(value, route)


def expected(pattern: URLPattern, role: str) -> int:
    access = declared_access(pattern.callback)
    name = pattern.name or ""
    if access in (PUBLIC, LINK):
        if name == "home" and role != ANONYMOUS:
            return HOME_FOR_MEMBERS
        return OPEN_ANSWERS.get(name, 200)
    if role == ANONYMOUS:
        return 302
    if name in ROLE_ANSWERS and role in ROLE_ANSWERS[name]:
        return ROLE_ANSWERS[name][role]
    if access not in ROLE_PERMISSIONS[role]:
        return 403
    return ALLOWED_ANSWERS.get(name, 200)


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


@pytest.fixture(autouse=True)
def _local_cache(settings) -> None:
    # allauth's rate limits need a cache; the database cache table is not in test setup.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_every_view_of_ours_declares_who_may_open_it():
    undeclared = [
        f"{route} ({pattern.callback.__module__}.{pattern.callback.__name__})"
        for route, pattern in our_patterns()
        if declared_access(pattern.callback) is None
    ]

    assert len(our_patterns()) > 70
    assert undeclared == []


def test_the_walk_notices_an_undeclared_view(monkeypatch):
    (route, start) = next(p for p in our_patterns() if p[1].name == "partnership_start")
    monkeypatch.setattr(start, "callback", lambda request, slug: None)

    assert [p.name for _r, p in our_patterns() if declared_access(p.callback) is None] == [
        "partnership_start"
    ]


def test_every_other_pattern_is_a_known_external():
    others = {
        pattern.name
        for route, pattern in all_patterns()
        if route.startswith(API_PREFIX) or is_external(route, pattern)
    }
    api = {p.name for route, p in all_patterns() if route.startswith(API_PREFIX)}

    assert api == set(API_ANSWERS)
    assert "account_login" in others and "set_language" in others


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_every_role_as_declared(db, role):
    world = build_world()
    client = client_for(world, role)
    wrong = []
    for route, pattern in our_patterns():
        path = sample_path(route, pattern, world)
        response = client.get(path)
        want = expected(pattern, role)
        if response.status_code != want:
            wrong.append(f"{pattern.name} {path}: {response.status_code}, expected {want}")
        elif want == 403:
            assert "403.html" in [template.name for template in response.templates], path
        elif (
            want == 302
            and role == ANONYMOUS
            and declared_access(pattern.callback)
            not in (
                PUBLIC,
                LINK,
            )
        ):
            assert response["Location"] == f"/accounts/login/?next={path}"

    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_every_role_alike(db, role):
    client = client_for(build_world(), role)

    answers = {name: client.get(path).status_code for name, path in API_PATHS.items()}

    assert answers == API_ANSWERS


# The pattern arguments that name an object, and the kind of object.
# A year is a calendar year of the agreement, the same in every partnership: not an object.
OBJECT_ARGUMENTS = {*ARGUMENTS, "pk"} - {"year"}


def object_patterns() -> list[tuple[str, URLPattern]]:
    return [
        (route, pattern)
        for route, pattern in our_patterns()
        if route.startswith("p/<slug:slug>/") and set(ARGUMENT.findall(route)) & OBJECT_ARGUMENTS
    ]


def allowed_role(pattern: URLPattern) -> str:
    """A role the view lets in (the check-in pages: the assigned volunteer's, operations)."""
    access = declared_access(pattern.callback)
    return next(role for role in Role if access in ROLE_PERMISSIONS[role])


def test_another_partnerships_object_is_not_found(db):
    here = build_world()
    there = build_world()
    checked = 0
    for route, pattern in object_patterns():
        role = allowed_role(pattern)
        client = client_for(here, role)
        # The member's own partnership in the address, the other partnership's object ids.
        path = sample_path(route, pattern, there).replace(
            f"/p/{there.partnership.slug}/", f"/p/{here.partnership.slug}/", 1
        )
        method = client.post if pattern.name in POST_ONLY else client.get
        response = method(path)
        assert (pattern.name, response.status_code) == (pattern.name, 404)
        checked += 1

    assert checked > 25


def test_the_other_partnership_answers_not_found_for_every_page(db):
    here = build_world()
    there = build_world()
    for role in Role:
        client = client_for(here, role)
        for route, pattern in our_patterns():
            if not route.startswith("p/<slug:slug>/"):
                continue
            response = client.get(sample_path(route, pattern, there))
            assert (role, pattern.name, response.status_code) == (role, pattern.name, 404)
