"""A host company's impact statement (issue 12, point 7): one page per company and year,
counts only, persons suppressed, downloaded by the company contact from their start page and
by staff from the company's page."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import Cafe, LanguageFriendLead, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.models import Company
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.matching.models import Pair
from vises.matching.tests.factories import PairFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.tests.factories import LanguageFriendFactory, PersonFactory
from vises.reporting.impact import impact_statement
from vises.reporting.tests.files import pdf_text

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10))


def cafe(company, when, status=Cafe.Status.HELD) -> Cafe:
    return CafeFactory.create(
        company=company, partnership=company.partnership, starts_at=when, status=status
    )


def attend(cafe_, person, attendance=Registration.Attendance.ATTENDED):
    RegistrationFactory.create(cafe=cafe_, person=person, attendance=attendance)


def lead(cafe_, person):
    LanguageFriendLead.objects.create(person=person, cafe=cafe_, company=cafe_.company)


@pytest.fixture
def world(partnership):
    """Hand-counted: each figure in the tests below is worked out from here."""
    host = CompanyFactory.create(partnership=partnership, name="Verkstaden AB")
    other = CompanyFactory.create(partnership=partnership, name="Grannen AB")
    spring, autumn = (
        cafe(host, at(2025, 3, 4)),
        cafe(host, at(2025, 10, 7), Cafe.Status.FOLLOWED_UP),
    )
    cafe(host, at(2025, 6, 1), Cafe.Status.CANCELLED)  # not held
    earlier = cafe(host, at(2024, 11, 5))  # another year
    elsewhere = cafe(other, at(2025, 5, 5))
    people = PersonFactory.create_batch(6, partnership=partnership)
    for person in people:
        attend(spring, person)
    attend(autumn, people[0])  # counted once
    attend(autumn, PersonFactory.create(partnership=partnership), Registration.Attendance.NO_SHOW)
    attend(earlier, PersonFactory.create(partnership=partnership))
    attend(elsewhere, PersonFactory.create(partnership=partnership))
    # Employees: two offered at the company's cafés of 2025 and became language friends, one
    # offered and did not (no profile), one became a friend through another company.
    friends = [LanguageFriendFactory.create(person__partnership=partnership).person for _ in "ab"]
    lead(spring, friends[0])
    lead(autumn, friends[1])
    lead(spring, PersonFactory.create(partnership=partnership))
    lead(elsewhere, LanguageFriendFactory.create(person__partnership=partnership).person)
    # Pairs of those friends: one going on in 2025, one ended in 2024 (not counted), one only
    # proposed (not counted).
    PairFactory.create(
        participant=people[1],
        friend=friends[0],
        status=Pair.Status.ACTIVE,
        confirmed_at=at(2025, 4, 1),
    )
    PairFactory.create(
        participant=people[2],
        friend=friends[0],
        status=Pair.Status.ENDED,
        confirmed_at=at(2024, 12, 1),
        ended_at=at(2024, 12, 20),
    )
    PairFactory.create(participant=people[3], friend=friends[1], status=Pair.Status.PROPOSED)
    return host, other, people + friends


def figures(statement) -> dict[str, tuple[int | None, str]]:
    from vises.common.suppression import shown

    return {f.label: (f.count.value, shown(f.count)) for f in statement.figures}


def test_the_figures_are_counted_and_the_small_ones_suppressed(world):
    host, other, _people = world

    statement = impact_statement(company=host, year=2025)

    assert statement.cafes == 2
    assert figures(statement) == {
        "Deltagare som de anställda mött": (6, "6"),
        "Anställda som blivit språkvänner": (None, "<5"),
        "Språkvänspar som pågått": (None, "<5"),
    }
    assert impact_statement(company=other, year=2025).cafes == 1


def test_the_pdf_is_one_page_of_counts_with_no_personal_data(world, tmp_path):
    host, _other, people = world
    client = Client()
    contact = MembershipFactory.create(partnership=host.partnership, role=Role.COMPANY)
    CompanyContactFactory.create(company=host, user=contact.user)
    client.force_login(contact.user)

    response = client.get(f"/p/{host.partnership.slug}/statistics/our-company/2025.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="vi-ses-2025.pdf"'
    text = pdf_text(response.content, tmp_path)
    assert "Vår del i Vi Ses! 2025" in text
    assert "Verkstaden AB" in text
    assert "Kaféer som värdföretaget haft 2" in text
    assert "Deltagare som de anställda mött 6" in text
    assert "Anställda som blivit språkvänner <5" in text
    for person in people:
        for value in (person.first_name, person.last_name, person.phone, person.email):
            assert not value or value not in text
    assert "Pages:           1" in _info(response.content, tmp_path)


def _info(data: bytes, tmp_path) -> str:
    import subprocess

    path = tmp_path / "impact.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()


def test_the_company_contact_finds_the_years_on_their_start_page(world):
    host, _other, _people = world
    contact = MembershipFactory.create(partnership=host.partnership, role=Role.COMPANY)
    CompanyContactFactory.create(company=host, user=contact.user)
    client = Client()
    client.force_login(contact.user)
    this_year = timezone.localdate().year
    base = f"/p/{host.partnership.slug}/statistics/our-company/"

    html = client.get(f"/p/{host.partnership.slug}/").content.decode()

    assert "Hållbarhetsunderlag" in html
    for year in (this_year, 2025, 2024):
        assert f'href="{base}{year}.pdf"' in html
    assert f'href="{base}2023.pdf"' not in html


def test_staff_get_any_host_company_s_statement_and_a_contact_only_their_own(world):
    host, other, _people = world
    partnership = host.partnership
    coordinator = Client()
    coordinator.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )
    contact = MembershipFactory.create(partnership=partnership, role=Role.COMPANY)
    CompanyContactFactory.create(company=host, user=contact.user)
    company_client = Client()
    company_client.force_login(contact.user)
    stranger = CompanyFactory.create(partnership=PartnershipFactory.create())
    base = f"/p/{partnership.slug}/statistics/companies/"

    page = coordinator.get(f"/p/{partnership.slug}/companies/{other.pk}/").content.decode()
    assert f'href="{base}{other.pk}/2025.pdf"' in page
    assert coordinator.get(f"{base}{other.pk}/2025.pdf").status_code == 200
    assert coordinator.get(f"{base}{stranger.pk}/2025.pdf").status_code == 404
    assert coordinator.get(f"{base}{other.pk}/1999.pdf").status_code == 404
    assert company_client.get(f"{base}{other.pk}/2025.pdf").status_code == 403


def test_a_contact_of_no_company_gets_nothing(partnership):
    member = MembershipFactory.create(partnership=partnership, role=Role.COMPANY)
    client = Client()
    client.force_login(member.user)

    assert client.get(f"/p/{partnership.slug}/statistics/our-company/2025.pdf").status_code == 404


@pytest.mark.parametrize("people", [2, 30])
def test_queries_do_not_grow_with_the_data(partnership, people):
    host = CompanyFactory.create(partnership=partnership)
    held = cafe(host, at(2025, 3, 4))
    for person in PersonFactory.create_batch(people, partnership=partnership):
        attend(held, person)

    fresh = Company.objects.get(pk=host.pk)  # as a view has it: its partnership not read yet

    with CaptureQueriesContext(connection) as queries:
        impact_statement(company=fresh, year=2025)

    assert len(queries) == 5  # cafés, participants, friends, pairs, and the partnership's name
