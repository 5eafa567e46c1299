"""The company portal: a company contact sees their own company's cafés, practical details
and how many signed up, but never who."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from vises.accounts.tests.support import (
    HOME_URL,
    LOGIN_CODE_CONFIRM_URL,
    LOGIN_CODE_URL,
    code_from_last_mail,
)
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.services import contact_login_enable
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory


@pytest.fixture
def company(partnership):
    return CompanyFactory.create(partnership=partnership, name="Bageriet AB")


@pytest.fixture
def contact(company):
    contact = CompanyContactFactory.create(company=company, email="eva@bageriet.se")
    actor = MembershipFactory.create(partnership=company.partnership).user
    contact_login_enable(contact=contact, actor=actor)
    return contact


@pytest.fixture
def portal(contact) -> Client:
    client = Client()
    client.force_login(contact.user)
    return client


@pytest.fixture
def cafe(company) -> Cafe:
    return CafeFactory.create(
        company=company,
        place="Fikarummet, plan 3",
        address="Bagargatan 4",
        bus_stop="Ryd centrum",
        entrance="Grön dörr på gaveln",
        capacity=10,
    )


def test_the_portal_shows_the_cafe_with_a_count_and_no_participant_data(partnership, portal, cafe):
    people = [
        RegistrationFactory.create(
            cafe=cafe,
            person__first_name=name,
            person__email=f"{name.lower()}@example.org",
            person__phone=phone,
        ).person
        for name, phone in (("Amira", "+46701110001"), ("Yonas", "+46701110002"))
    ]
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)

    pages = [
        portal.get(f"/p/{partnership.slug}/company/"),
        portal.get(f"/p/{partnership.slug}/"),
        portal.get(f"/p/{partnership.slug}/company/cafes/{cafe.pk}/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    for page in pages:
        html = page.content.decode()
        for fact in ("Fikarummet, plan 3", "Bagargatan 4", "Ryd centrum", "Grön dörr på gaveln"):
            assert fact in html
        assert "<dt>Anmälda hittills</dt><dd>2</dd>" in html
        assert (
            f"{settings.VISES_BASE_URL}/feedback/cafes/{cafe.pk}/friend/" in html
        )  # employee link
        for person in people:
            for personal in (person.first_name, person.last_name, person.phone, person.email):
                assert personal not in html


def test_the_time_is_shown_in_swedish_time(partnership, portal, company):
    starts = timezone.now().replace(month=1, day=15, hour=12, minute=0, second=0, microsecond=0)
    starts = starts.replace(year=timezone.now().year + 1)
    CafeFactory.create(company=company, starts_at=starts, ends_at=starts + timedelta(hours=1))

    html = portal.get(f"/p/{partnership.slug}/company/").content.decode()

    assert "13:00–14:00" in html  # 12:00 UTC is 13:00 in Stockholm in winter


def test_a_company_sees_only_its_own_cafes(partnership, portal, cafe):
    other = CafeFactory.create(
        company=CompanyFactory.create(partnership=partnership), place="Hos grannen"
    )

    listing = portal.get(f"/p/{partnership.slug}/company/")
    own = portal.get(f"/p/{partnership.slug}/company/cafes/{cafe.pk}/")
    foreign = portal.get(f"/p/{partnership.slug}/company/cafes/{other.pk}/")

    assert [row.cafe for row in listing.context["rows"]] == [cafe]
    assert "Hos grannen" not in listing.content.decode()
    assert (own.status_code, foreign.status_code) == (200, 404)


def test_cancelled_and_past_cafes_are_not_listed(partnership, portal, company):
    CafeFactory.create(company=company, status=Cafe.Status.CANCELLED)
    CafeFactory.create(
        company=company,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-1),
        status=Cafe.Status.HELD,
    )

    response = portal.get(f"/p/{partnership.slug}/company/")

    assert response.context["rows"] == []


def test_a_company_member_without_a_contact_sees_no_cafes(partnership, cafe):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.COMPANY).user)

    response = client.get(f"/p/{partnership.slug}/company/")
    cafe_page = client.get(f"/p/{partnership.slug}/company/cafes/{cafe.pk}/")

    assert response.context["rows"] == []
    assert cafe_page.status_code == 404


def test_staff_do_not_use_the_portal(partnership, cafe):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership).user)

    assert client.get(f"/p/{partnership.slug}/company/cafes/{cafe.pk}/").status_code == 403


def test_an_enabled_contact_logs_in_by_e_mailed_code_and_reaches_the_portal(
    settings, partnership, contact, cafe
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client = Client()

    requested = client.post(LOGIN_CODE_URL, {"email": "eva@bageriet.se"})
    confirmed = client.post(LOGIN_CODE_CONFIRM_URL, {"code": code_from_last_mail()})
    portal_page = client.get(f"/p/{partnership.slug}/company/")

    assert (requested.status_code, requested["Location"]) == (302, LOGIN_CODE_CONFIRM_URL)
    assert (confirmed.status_code, confirmed["Location"]) == (302, HOME_URL)
    assert client.session["_auth_user_id"] == str(contact.user_id)
    assert portal_page.status_code == 200
    assert [row.cafe for row in portal_page.context["rows"]] == [cafe]
