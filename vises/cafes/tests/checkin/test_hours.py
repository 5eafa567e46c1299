"""Volunteer hours: the café's length plus preparation by default, adjustable by the volunteer
(own assignments) or the coordinator, 0–24, summed per year for the in-kind valuation."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from vises.cafes.checkin.selectors import (
    default_hours,
    volunteer_hours,
    volunteer_hours_by_year,
    volunteer_hours_for_year,
)
from vises.cafes.checkin.services import volunteer_hours_set
from vises.cafes.models import Cafe
from vises.cafes.tests.checkin.support import (
    assign,
    events,
    logged_in,
    today_cafe,
    volunteer_member,
)
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def held_cafe(partnership, start: datetime, minutes: int = 90) -> Cafe:
    return CafeFactory.create(
        company__partnership=partnership,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        signup_deadline=None,
        status=Cafe.Status.HELD,
    )


def test_the_default_is_the_cafes_length_plus_an_hour_of_preparation(partnership):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))  # 1 h 30 min

    assert volunteer_hours(assignment) == Decimal("2.50")


def test_the_preparation_is_a_setting(partnership, settings):
    settings.VISES_VOLUNTEER_PREPARATION_MINUTES = 45
    cafe = held_cafe(partnership, datetime(2025, 3, 4, 14, 0, tzinfo=STOCKHOLM), minutes=100)

    assert default_hours(cafe) == Decimal("2.42")  # 145 minutes


def test_logged_hours_replace_the_default_and_empty_brings_it_back(partnership):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))

    volunteer_hours_set(assignment=assignment, hours="3,25", actor="system:test")
    assignment.refresh_from_db()
    assert (assignment.hours, volunteer_hours(assignment)) == (Decimal("3.25"), Decimal("3.25"))

    volunteer_hours_set(assignment=assignment, hours="", actor="system:test")
    assignment.refresh_from_db()
    assert (assignment.hours, volunteer_hours(assignment)) == (None, Decimal("2.50"))
    assert [event.fields for event in events("cafes.cafevolunteer.hours_set")] == [
        ["hours"],
        ["hours"],
    ]


def test_the_same_hours_again_change_nothing(partnership):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))
    volunteer_hours_set(assignment=assignment, hours=Decimal("2"), actor="system:test")

    volunteer_hours_set(assignment=assignment, hours="2.00", actor="system:test")

    assert len(events("cafes.cafevolunteer.hours_set")) == 1


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        ("-1", "hours_range"),
        ("25", "hours_range"),
        ("24.01", "hours_range"),
        ("abc", "invalid_hours"),
        ("NaN", "invalid_hours"),
    ],
)
def test_hours_outside_0_to_24_are_refused(partnership, hours, code):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership), hours=Decimal("2"))

    with pytest.raises(ValidationError) as raised:
        volunteer_hours_set(assignment=assignment, hours=hours, actor="system:test")

    assert raised.value.code == code
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("2")
    assert events("cafes.cafevolunteer.hours_set") == []


@pytest.mark.parametrize("hours", ["0", "24"])
def test_the_bounds_are_allowed(partnership, hours):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))

    volunteer_hours_set(assignment=assignment, hours=hours, actor="system:test")

    assignment.refresh_from_db()
    assert assignment.hours == Decimal(hours)


# The pages ----------------------------------------------------------------------------------


def hours_url(assignment) -> str:
    return f"/p/{assignment.cafe.partnership.slug}/checkin/hours/{assignment.pk}/"


def test_a_volunteer_adjusts_their_own_hours(partnership):
    membership = volunteer_member(partnership)
    assignment = assign(membership, today_cafe(partnership))
    client = logged_in(membership)

    assert client.get(hours_url(assignment)).status_code == 200
    response = client.post(hours_url(assignment), {"hours": "3.5"})

    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.slug}/volunteer/"
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("3.50")
    (event,) = events("cafes.cafevolunteer.hours_set")
    assert event.actor == f"user:{membership.user.pk}"


@pytest.mark.parametrize(("hours", "code"), [("-1", "hours_range"), ("25", "hours_range")])
def test_the_page_refuses_hours_outside_the_range(partnership, hours, code):
    membership = volunteer_member(partnership)
    assignment = assign(membership, today_cafe(partnership))

    response = logged_in(membership).post(hours_url(assignment), {"hours": hours})

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["hours"]] == [code]
    assignment.refresh_from_db()
    assert assignment.hours is None


def test_a_volunteer_cannot_touch_someone_elses_hours(partnership):
    cafe = today_cafe(partnership)
    others = assign(volunteer_member(partnership), cafe)
    membership = volunteer_member(partnership)
    assign(membership, cafe)

    response = logged_in(membership).post(hours_url(others), {"hours": "9"})

    assert response.status_code == 404
    others.refresh_from_db()
    assert others.hours is None


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COORDINATOR, 302), (Role.MANAGER, 302), (Role.MUNICIPAL, 403), (Role.COMPANY, 403)],
)
def test_the_coordinator_adjusts_anyones_hours(partnership, role, status):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))
    client = logged_in(MembershipFactory.create(partnership=partnership, role=role))
    back = f"/p/{partnership.slug}/checkin/{assignment.cafe.pk}/"

    response = client.post(hours_url(assignment), {"hours": "4", "next": back})

    assert response.status_code == status
    assignment.refresh_from_db()
    assert assignment.hours == (Decimal("4") if status == 302 else None)
    if status == 302:
        assert response["Location"] == back


def test_next_never_leads_off_the_site(partnership):
    assignment = CafeVolunteerFactory.create(cafe=today_cafe(partnership))
    client = logged_in(MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR))

    response = client.post(hours_url(assignment), {"hours": "4", "next": "https://evil.example/"})

    assert response["Location"] == f"/p/{partnership.slug}/checkin/{assignment.cafe.pk}/"


def test_my_cafes_lists_assignments_with_check_in_links_and_hours(partnership):
    membership = volunteer_member(partnership)
    today = assign(membership, today_cafe(partnership, company__name="Idag AB"))
    past = assign(
        membership,
        held_cafe(partnership, today.cafe.starts_at - timedelta(days=14)),
    )
    volunteer_hours_set(assignment=past, hours="3", actor="system:test")
    CafeVolunteerFactory.create(cafe=today_cafe(partnership, company__name="Inte min AB"))

    response = logged_in(membership).get(f"/p/{partnership.slug}/volunteer/")

    html = response.content.decode()
    assert response.status_code == 200
    assert [row.assignment.pk for row in response.context["upcoming"]] == [today.pk]
    assert [row.hours for row in response.context["past"]] == [Decimal("3.00")]
    assert f'href="/p/{partnership.slug}/checkin/{today.cafe.pk}/"' in html
    assert f'href="/p/{partnership.slug}/checkin/hours/{past.pk}/"' in html
    assert "Idag AB" in html
    assert "Inte min AB" not in html


# The in-kind valuation ------------------------------------------------------------------------


def test_hours_per_year_count_held_cafes_only(partnership):
    new_year = datetime(2025, 1, 1, 0, 30, tzinfo=STOCKHOLM)  # 2024-12-31 23:30 UTC
    first = held_cafe(partnership, new_year)
    CafeVolunteerFactory.create(cafe=first)  # default 2.50
    CafeVolunteerFactory.create(cafe=first, hours=Decimal("4"))
    CafeVolunteerFactory.create(
        cafe=held_cafe(partnership, datetime(2024, 6, 1, 14, tzinfo=STOCKHOLM), minutes=60)
    )
    cancelled = held_cafe(partnership, datetime(2025, 5, 1, 14, tzinfo=STOCKHOLM))
    Cafe.objects.filter(pk=cancelled.pk).update(status=Cafe.Status.CANCELLED)
    CafeVolunteerFactory.create(cafe=cancelled)
    CafeVolunteerFactory.create(cafe=today_cafe(partnership))  # open, not held yet
    elsewhere = held_cafe(PartnershipFactory.create(), datetime(2025, 2, 1, 14, tzinfo=STOCKHOLM))
    CafeVolunteerFactory.create(cafe=elsewhere)

    assert volunteer_hours_for_year(partnership=partnership, year=2025) == Decimal("6.50")
    assert volunteer_hours_by_year(partnership=partnership) == {
        2024: Decimal("2.00"),
        2025: Decimal("6.50"),
    }


def test_the_yearly_sum_is_one_query(partnership, django_assert_num_queries):
    start = datetime(2025, 3, 1, 14, tzinfo=STOCKHOLM)
    for offset in range(5):
        CafeVolunteerFactory.create_batch(
            2, cafe=held_cafe(partnership, start + timedelta(days=offset))
        )

    with django_assert_num_queries(1):
        assert volunteer_hours_for_year(partnership=partnership, year=2025) == Decimal("25.00")
