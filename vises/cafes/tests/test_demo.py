"""`vises demo` also loads host companies and cafés that look like a living system, with
seats and waitlists as the services keep them, and loads them only once (DESIGN §9)."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from vises.cafes.demo_history import RECENT
from vises.cafes.models import Cafe, CafeDescription, CafeVolunteer, EmployeeCount, Registration
from vises.cafes.selectors.cafes import seats_left, waitlist_length
from vises.common.models import AuditEvent
from vises.common.validators import normalise_org_number
from vises.companies.models import Company, CompanyContact
from vises.people.models import Volunteer


@pytest.fixture
def demo(db, settings) -> None:
    settings.VISES_DEV = True
    settings.VISES_DEMO_PASSWORD = "a-demo-password-for-tests"
    with translation.override("en"):
        call_command("demo", stdout=StringIO())


def counts() -> dict[str, int]:
    return {
        "companies": Company.objects.count(),
        "contacts": CompanyContact.objects.count(),
        "cafes": Cafe.objects.count(),
        "registrations": Registration.objects.count(),
        "assignments": CafeVolunteer.objects.count(),
        "descriptions": CafeDescription.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def test_eight_companies_in_different_stages_with_one_contact_each(demo):
    companies = list(Company.objects.select_related("industry", "district"))

    assert len(companies) == 8
    assert CompanyContact.objects.count() == 8
    assert all(company.contacts.count() == 1 for company in companies)
    assert len({company.stage for company in companies}) == 6
    assert len({company.industry_id for company in companies}) >= 6
    assert len({company.size_band for company in companies}) == 4
    assert {"Skäggetorp", "Berga"} <= {c.district.name for c in companies if c.district}
    for company in companies:
        if company.org_number:  # valid, and no personal identity number
            assert normalise_org_number(company.org_number) == company.org_number
            assert int(company.org_number[2]) >= 2


def step_cafes():
    """The cafés step's own cafés (the five years before them: vises.cafes.demo_history)."""
    return Cafe.objects.filter(starts_at__gte=timezone.now() - RECENT)


def test_cafes_by_status_with_descriptions_in_swedish_and_english(demo):
    statuses = Counter(step_cafes().values_list("status", flat=True))

    assert statuses == {
        "followed_up": 1,
        "held": 1,
        "open": 2,
        "full": 1,
        "planned": 1,
        "cancelled": 1,
    }
    now = timezone.now()
    for cafe in step_cafes():
        assert cafe.description
        assert cafe.descriptions.get().language == "en"
        past = cafe.status in (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)
        assert (cafe.starts_at < now) == past
    assert Cafe.objects.get(status=Cafe.Status.CANCELLED).cancelled_reason


def test_the_full_cafe_has_a_waitlist_and_no_cafe_is_overbooked(demo):
    full = Cafe.objects.get(status=Cafe.Status.FULL)

    assert waitlist_length(cafe=full) == 2
    assert full.registrations.filter(status=Registration.Status.CONFIRMED).count() == full.capacity
    for cafe in Cafe.objects.all():
        confirmed = cafe.registrations.filter(status=Registration.Status.CONFIRMED).count()
        assert confirmed <= cafe.capacity, cafe
        assert seats_left(cafe=cafe) >= 0
    open_with_invitation = Cafe.objects.get(registrations__status=Registration.Status.INVITED)
    assert open_with_invitation.status == Cafe.Status.OPEN


def test_past_cafes_have_attendance_and_employees_counted(demo):
    for cafe in Cafe.objects.filter(status__in=[Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP]):
        assert cafe.registrations.filter(attendance=Registration.Attendance.ATTENDED).exists()
        assert cafe.registrations.filter(attendance=Registration.Attendance.NO_SHOW).exists()
        assert EmployeeCount.objects.get(cafe=cafe).present > 0


def test_the_demo_volunteer_helps_at_a_held_and_a_coming_cafe(demo):
    volunteer = Volunteer.objects.get(user__username="demo-volunteer")

    statuses = set(
        CafeVolunteer.objects.filter(volunteer=volunteer).values_list("cafe__status", flat=True)
    )
    assert statuses == {Cafe.Status.HELD, Cafe.Status.OPEN}


def test_the_demo_company_user_sees_their_cafe_in_the_portal(demo):
    user = get_user_model().objects.get(username="demo-company")
    contact = CompanyContact.objects.select_related("company").get(user=user)
    client = Client()
    client.force_login(user)

    with translation.override("en"):
        response = client.get("/p/vi-ses/company/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert contact.company.name in page
    full = Cafe.objects.get(status=Cafe.Status.FULL)
    assert full.company == contact.company
    assert f"/p/vi-ses/company/cafes/{full.pk}/" in page


def test_running_demo_again_adds_no_companies_or_cafes(demo):
    first = counts()
    assert first["companies"] == 8 and step_cafes().count() == 7

    with translation.override("en"):
        call_command("demo", stdout=StringIO())

    assert counts() == first
