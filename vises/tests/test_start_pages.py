"""Every start page tells the truth: with the demo data, each role's start page shows what the
selectors give (the cafés coming with their seats and waitlist, the things to do, a
volunteer's cafés and hours, a company's next café), and its query count does not grow with
the data. The panels come from the apps that own the data (vises.cafes.panels,
vises.people.panels) through vises.common.panels."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import Cafe, CafeFeedback, LanguageFriendLead, Registration
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import Concern
from vises.people.tests.factories import PersonFactory, VolunteerFactory


@pytest.fixture
def demo(db, settings) -> Partnership:
    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    return Partnership.objects.get(slug="vi-ses")


def start_page(username: str) -> tuple[object, str]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/p/vi-ses/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return response, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def panel(response, name: str) -> dict:
    (found,) = [p for p in response.context["panels"] if p.name == name]
    return found.context


def todo(response) -> list[str]:
    return [p.name for p in response.context["todo"]]


def test_the_coordinators_start_page_shows_the_cafes_coming_and_what_to_do(demo):
    response, text = start_page("demo-coordinator")

    rows = [
        (row.cafe.company.name, row.cafe.status, row.confirmed, row.seats_left, row.waitlisted)
        for row in panel(response, "cafes.upcoming")["upcoming"]
    ]
    assert rows == [
        ("Berga Omsorg AB", Cafe.Status.OPEN, 5, 2, 0),  # one seat held by an invitation
        ("Östgöta Verkstad AB", Cafe.Status.FULL, 6, 0, 2),
        ("Rydsvägens Livs AB", Cafe.Status.OPEN, 3, 7, 0),
        ("Berga Omsorg AB", Cafe.Status.PLANNED, 0, 8, 0),
    ]
    assert "Östgöta Verkstad AB Fullt (reservlista) 6 / 6 0 2" in text
    assert "Inga caféer är planerade än" not in text
    # The café held six days ago waits for its follow-up (no answers yet).
    assert todo(response) == ["cafes.to_follow_up"]
    (summary,) = response.context["todo"][0].context["summaries"]
    assert (summary.cafe.company.name, summary.answers) == ("Östgöta Verkstad AB", 0)
    assert "Följ upp caféet hos Östgöta Verkstad AB" in text
    assert "Inget att göra just nu" not in text


def test_the_volunteers_start_page_shows_their_cafes_and_hours_this_year(demo):
    response, text = start_page("demo-volunteer")

    start = panel(response, "cafes.volunteer_cafes")["start"]
    held = Cafe.objects.get(status=Cafe.Status.HELD)  # Östgöta Verkstad, six days ago, 2.5 h
    this_year = timezone.localdate(held.starts_at).year == timezone.localdate().year
    assert start.today == []
    assert [(a.cafe.company.name, a.cafe.status) for a in start.next] == [
        ("Berga Omsorg AB", Cafe.Status.OPEN)
    ]
    assert (start.hours_this_year, start.cafes_this_year) == (
        (Decimal("2.50"), 1) if this_year else (Decimal("0.00"), 0)
    )
    if this_year:
        assert "2,50 timmar på 1 café" in text
    assert "Du har inget café i dag." in text
    assert "Du är inte inplanerad på något café än" not in text
    assert "Inga timmar registrerade än" not in text
    assert panel(response, "cafes.volunteer_feed")["url"].startswith(
        f"{settings.VISES_BASE_URL}/feeds/"
    )


def test_the_volunteer_sees_todays_cafe_with_its_check_in_link(db):
    cafe = CafeFactory.create(starts_at=timezone.now() + timedelta(minutes=30))
    user = MembershipFactory.create(partnership=cafe.partnership, role=Role.VOLUNTEER).user
    volunteer = VolunteerFactory.create(person__partnership=cafe.partnership, user=user)
    CafeVolunteerFactory.create(cafe=cafe, volunteer=volunteer)
    client = Client()
    client.force_login(user)

    response = client.get(f"/p/{cafe.partnership.slug}/")

    start = panel(response, "cafes.volunteer_cafes")["start"]
    assert [a.cafe for a in start.today] == [cafe]
    assert start.next == []
    link = f'href="/p/{cafe.partnership.slug}/checkin/{cafe.pk}/"'
    assert link in response.content.decode()


def test_the_company_contacts_start_page_shows_their_next_cafe(demo):
    response, text = start_page("demo-company")

    row = panel(response, "cafes.company_next")["row"]
    assert (row.cafe.company.name, row.cafe.status, row.cafe.signed_up) == (
        "Östgöta Verkstad AB",
        Cafe.Status.FULL,
        6,
    )
    assert row.friend_url.startswith(f"{settings.VISES_BASE_URL}/feedback/cafes/")
    assert "Anmälda hittills 6" in text


def test_the_municipal_start_page_shows_no_placeholder(demo):
    response, text = start_page("demo-municipal")

    # The demo's current year has one steering meeting planned, fewer than the agreement's two
    # (vises.steering.panels), and the key figures of the statistics (vises.reporting.panels).
    assert [panel.name for panel in response.context["panels"]] == [
        "steering.meetings_short",
        "reporting.key_figures",
    ]
    assert "Nyckeltal" in text
    assert "visas här" not in text and "Här visas" not in text


def operations_client(partnership: Partnership) -> Client:
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )
    return client


def test_the_things_to_do_are_counted_exactly(db):
    now = timezone.now()
    soon = CafeFactory.create(starts_at=now + timedelta(days=2))
    partnership = soon.partnership
    company = soon.company
    for hours in (3, 20):  # expire within 24 hours
        RegistrationFactory.create(
            cafe=soon,
            status=Registration.Status.INVITED,
            invited_until=now + timedelta(hours=hours),
        )
    RegistrationFactory.create(  # expires in 30 hours: not yet
        cafe=soon, status=Registration.Status.INVITED, invited_until=now + timedelta(hours=30)
    )
    RegistrationFactory.create(  # already expired: not a seat any more
        cafe=soon, status=Registration.Status.INVITED, invited_until=now - timedelta(hours=1)
    )
    held = CafeFactory.create(
        company=company,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
        status=Cafe.Status.HELD,
    )
    CafeFactory.create(  # followed up already: nothing to do
        company=company,
        starts_at=now - timedelta(days=9),
        ends_at=now - timedelta(days=9) + timedelta(hours=2),
        status=Cafe.Status.FOLLOWED_UP,
    )
    for workplace, friend in ((3, True), (2, False)):
        CafeFeedback.objects.create(
            registration=RegistrationFactory.create(cafe=held),
            workplace=workplace,
            study_paths=1,
            wants_language_friend=friend,
        )
    for days in (1, 40):  # one new lead, one old
        LanguageFriendLead.objects.create(
            person=PersonFactory.create(partnership=partnership),
            cafe=held,
            company=company,
            created_at=now - timedelta(days=days),
        )
    person = PersonFactory.create(partnership=partnership)
    Concern.objects.create(partnership=partnership, person=person, text="Oro 1")
    Concern.objects.create(partnership=partnership, person=person, text="Oro 2")
    Concern.objects.create(partnership=partnership, person=person, text="Klar", handled_at=now)

    response = operations_client(partnership).get(f"/p/{partnership.slug}/")

    assert todo(response) == [
        "cafes.invitations_expiring",
        "cafes.to_follow_up",
        "cafes.new_leads",
        "people.open_concerns",
    ]
    items = {p.name: p.context for p in response.context["todo"]}
    assert [(c, c.expiring) for c in items["cafes.invitations_expiring"]["cafes"]] == [(soon, 2)]
    (summary,) = items["cafes.to_follow_up"]["summaries"]
    assert (summary.cafe, summary.answers, summary.workplace_yes, summary.wants_friend) == (
        held,
        2,
        1,
        1,
    )
    assert [(c, c.new_leads) for c in items["cafes.new_leads"]["companies"]] == [(company, 1)]
    assert items["people.open_concerns"] == {"open_concerns": 2}
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert f"2 inbjudningar till {company.name}" in text
    assert "går ut inom 24 timmar" in text
    assert "2 anmälningar om oro som inte är hanterade än" in text
    assert f"Följ upp 1 ny blivande språkvän från {company.name}" in text


def test_nothing_to_do_says_so(db):
    partnership = CafeFactory.create().partnership

    response = operations_client(partnership).get(f"/p/{partnership.slug}/")

    assert response.context["todo"] == []
    assert "Inget att göra just nu." in response.content.decode()


# Query counts ---------------------------------------------------------------------------------


def queries_of(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def grow(partnership: Partnership, cafes: int, volunteer=None, company=None) -> None:
    """Cafés coming and held, with sign-ups, invitations, feedback, leads and concerns."""
    now = timezone.now()
    company = company or CompanyFactory.create(partnership=partnership)
    for number in range(cafes):
        coming = CafeFactory.create(company=company, starts_at=now + timedelta(days=number + 1))
        RegistrationFactory.create(cafe=coming)
        RegistrationFactory.create(
            cafe=coming, status=Registration.Status.INVITED, invited_until=now + timedelta(hours=2)
        )
        held = CafeFactory.create(
            company=company,
            starts_at=now - timedelta(hours=number + 3),
            ends_at=now - timedelta(hours=number + 2),
            status=Cafe.Status.HELD,
        )
        CafeFeedback.objects.create(
            registration=RegistrationFactory.create(cafe=held), workplace=3, study_paths=2
        )
        LanguageFriendLead.objects.create(
            person=PersonFactory.create(partnership=partnership), cafe=held, company=company
        )
        Concern.objects.create(
            partnership=partnership, person=PersonFactory.create(partnership=partnership), text="-"
        )
        if volunteer is not None:
            CafeVolunteerFactory.create(cafe=coming, volunteer=volunteer)
            CafeVolunteerFactory.create(cafe=held, volunteer=volunteer)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.VOLUNTEER, Role.COMPANY])
def test_start_page_queries_do_not_grow_with_the_data(partnership, role):
    user = MembershipFactory.create(partnership=partnership, role=role).user
    volunteer = None
    company = CompanyFactory.create(partnership=partnership)
    if role == Role.VOLUNTEER:
        volunteer = VolunteerFactory.create(person__partnership=partnership, user=user)
    if role == Role.COMPANY:
        CompanyContactFactory.create(company=company, user=user)
    client = Client()
    client.force_login(user)
    url = f"/p/{partnership.slug}/"
    grow(partnership, 2, volunteer, company)
    client.get(url)  # the session's first request sets its login time: not what we measure

    few = queries_of(client, url)
    grow(partnership, 10, volunteer, company)
    many = queries_of(client, url)

    assert len(many) == len(few), "\n".join(many)
