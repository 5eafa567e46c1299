"""The coordinator's café pages: who may open them, the list in one query, the form in
Stockholm time with the services' errors on their fields, the buttons for each transition,
volunteers, bulk invitations, and the person's answer through the invitation link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import Cafe, CafeVolunteer, Registration
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.tests.factories import ParticipantFactory, PersonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

PAGES = ["", "new/", "{pk}/", "{pk}/edit/", "{pk}/descriptions/", "{pk}/cancel/", "{pk}/invite/"]
STATUS_BY_ROLE = {
    Role.COORDINATOR: 200,
    Role.MANAGER: 200,
    Role.MUNICIPAL: 403,
    Role.VOLUNTEER: 403,
    Role.COMPANY: 403,
    Role.ADMIN: 403,
}


def url(cafe: Cafe, page: str = "{pk}/") -> str:
    return f"/p/{cafe.partnership.slug}/cafes/" + page.format(pk=cafe.pk)


def client_of(partnership, role: str = Role.COORDINATOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


def actions() -> list[str]:
    return list(
        AuditEvent.objects.exclude(action="accounts.user.logged_in")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def cafe() -> Cafe:
    return CafeFactory.create()


# Who may open which page


def test_the_table_covers_every_role():
    assert set(STATUS_BY_ROLE) == set(Role)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "status"), STATUS_BY_ROLE.items())
def test_each_role_gets_its_answer(cafe, role, status, page):
    response = client_of(cafe.partnership, role).get(url(cafe, page))

    assert response.status_code == status


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("status", [Cafe.Status.PLANNED, Cafe.Status.HELD, Cafe.Status.CANCELLED])
def test_the_pages_open_in_every_status(page, status):
    cafe = CafeFactory.create(status=status)

    assert client_of(cafe.partnership).get(url(cafe, page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_of_another_partnership_gets_not_found(cafe, page):
    other = PartnershipFactory.create()
    stranger = client_of(other)

    assert stranger.get(url(cafe, page)).status_code == 404
    # Their own partnership's address does not reach the café either.
    if "{pk}" in page:
        assert stranger.get(f"/p/{other.slug}/cafes/" + page.format(pk=cafe.pk)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_goes_to_the_login_page(cafe, page):
    response = Client().get(url(cafe, page))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={url(cafe, page)}",
    )


@pytest.mark.parametrize(
    "page",
    ["{pk}/open/", "{pk}/held/", "{pk}/followed-up/", "{pk}/volunteers/", "{pk}/invite/"],
)
@pytest.mark.parametrize(("role", "status"), [(Role.MUNICIPAL, 403), (Role.VOLUNTEER, 403)])
def test_actions_are_refused_to_roles_without_operations(page, role, status):
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    assert client_of(cafe.partnership, role).post(url(cafe, page)).status_code == status
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.PLANNED
    assert actions() == []


def test_the_navigation_shows_cafes_to_operations_only(cafe):
    coordinator = client_of(cafe.partnership).get(f"/p/{cafe.partnership.slug}/")
    municipal = client_of(cafe.partnership, Role.MUNICIPAL).get(f"/p/{cafe.partnership.slug}/")

    cafes_link = f'href="/p/{cafe.partnership.slug}/cafes/"'
    assert cafes_link in coordinator.content.decode()
    assert cafes_link not in municipal.content.decode()
    labels = [str(item.label) for item in coordinator.context["nav_items"]]
    assert labels.index(str(labels[1])) == 1
    assert [item.url for item in coordinator.context["nav_items"]][2] == (
        f"/p/{cafe.partnership.slug}/cafes/"
    )


# The list


def test_the_list_shows_upcoming_first_then_the_past_latest_first():
    partnership = PartnershipFactory.create()
    now = timezone.now()

    def at(days: int, status: str = Cafe.Status.OPEN) -> Cafe:
        starts = now + timedelta(days=days)
        return CafeFactory.create(
            company__partnership=partnership,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            signup_deadline=None,
            status=status,
        )

    past_old, soon, later, past_recent = at(-20, "held"), at(2), at(9), at(-3, "followed_up")
    CafeFactory.create()  # another partnership's

    response = client_of(partnership).get(f"/p/{partnership.slug}/cafes/")

    assert [row.cafe for row in response.context["rows"]] == [soon, later, past_recent, past_old]


def test_the_list_counts_seats_and_waitlist(cafe):
    cafe.capacity = 3
    cafe.save()
    RegistrationFactory.create_batch(2, cafe=cafe)
    RegistrationFactory.create(
        cafe=cafe,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(hours=3),
    )
    RegistrationFactory.create_batch(2, cafe=cafe, status=Registration.Status.WAITLISTED)
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.CANCELLED)

    response = client_of(cafe.partnership).get(url(cafe, ""))

    (row,) = response.context["rows"]
    assert (row.cafe.taken, row.cafe.capacity, row.cafe.waitlisted, row.seats_left) == (3, 3, 2, 0)
    assert "3 av 3" in response.content.decode()


def test_the_list_filters_by_status():
    partnership = PartnershipFactory.create()
    planned = CafeFactory.create(company__partnership=partnership, status=Cafe.Status.PLANNED)
    CafeFactory.create(company__partnership=partnership, status=Cafe.Status.OPEN)

    response = client_of(partnership).get(f"/p/{partnership.slug}/cafes/?status=planned")

    assert [row.cafe for row in response.context["rows"]] == [planned]


def test_the_list_needs_the_same_queries_for_2_and_30_cafes():
    partnership = PartnershipFactory.create()
    client = client_of(partnership)
    company = CompanyFactory.create(partnership=partnership)
    client.get(f"/p/{partnership.slug}/cafes/")  # the first request also starts the session

    def count_for(total: int) -> int:
        while Cafe.objects.filter(partnership=partnership).count() < total:
            cafe = CafeFactory.create(company=company)
            RegistrationFactory.create(cafe=cafe)
            RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/p/{partnership.slug}/cafes/")
        assert len(response.context["rows"]) == total
        return len(queries)

    assert count_for(2) == count_for(30)


def test_the_cafe_page_needs_the_same_queries_for_2_and_30_registrations(cafe):
    cafe.capacity = 40
    cafe.save()
    client = client_of(cafe.partnership)
    CafeVolunteerFactory.create_batch(2, cafe=cafe)
    client.get(url(cafe))  # the first request also starts the session and the audit chain

    def count_for(total: int) -> int:
        while Registration.objects.filter(cafe=cafe).count() < total:
            RegistrationFactory.create(cafe=cafe)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(cafe))
        assert len(response.context["registrations"].confirmed) == total
        return len(queries)

    assert count_for(2) == count_for(30)


# The form


def form_data(host, **changes) -> dict[str, object]:
    return {
        "company": host.pk,
        "starts_at": "2030-01-15T10:00",
        "ends_at": "2030-01-15T11:30",
        "signup_deadline": "2030-01-14T12:00",
        "capacity": 8,
        "expected_employees": 5,
        "place": "Personalrummet",
        "bus_stop": "Ryd centrum",
        "languages": ["ar", "sv"],
    } | changes


def test_a_cafe_is_planned_in_stockholm_time_in_winter_and_summer():
    company = CompanyFactory.create()
    client = client_of(company.partnership)

    winter = client.post(f"/p/{company.partnership.slug}/cafes/new/", form_data(company))
    summer = client.post(
        f"/p/{company.partnership.slug}/cafes/new/",
        form_data(
            company,
            starts_at="2030-07-15T10:00",
            ends_at="2030-07-15T11:30",
            signup_deadline="",
        ),
    )

    first, second = Cafe.objects.order_by("pk")
    assert winter.status_code == summer.status_code == 302
    assert winter["Location"] == url(first)
    assert (first.starts_at, first.ends_at, first.signup_deadline) == (
        datetime(2030, 1, 15, 9, 0, tzinfo=UTC),
        datetime(2030, 1, 15, 10, 30, tzinfo=UTC),
        datetime(2030, 1, 14, 11, 0, tzinfo=UTC),
    )
    assert (second.starts_at, second.signup_deadline) == (
        datetime(2030, 7, 15, 8, 0, tzinfo=UTC),
        None,
    )
    assert (first.status, first.capacity, first.bus_stop) == ("planned", 8, "Ryd centrum")
    assert sorted(first.languages.values_list("code", flat=True)) == ["ar", "sv"]
    assert actions() == ["cafes.cafe.created", "cafes.cafe.created"]


def test_the_edit_form_shows_stockholm_time():
    starts = datetime(2030, 7, 15, 8, 0, tzinfo=UTC)
    cafe = CafeFactory.create(starts_at=starts, ends_at=starts + timedelta(hours=1))

    page = client_of(cafe.partnership).get(url(cafe, "{pk}/edit/")).content.decode()

    assert 'type="datetime-local" name="starts_at" value="2030-07-15T10:00"' in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"starts_at": "2020-01-15T10:00", "ends_at": "2020-01-15T11:00", "signup_deadline": ""},
            "starts_at",
        ),
        ({"ends_at": "2030-01-15T09:00"}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"signup_deadline": "2030-01-16T10:00"}, "signup_deadline"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(changes, field):
    company = CompanyFactory.create()

    response = client_of(company.partnership).post(
        f"/p/{company.partnership.slug}/cafes/new/", form_data(company, **changes)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Cafe.objects.count() == 0
    assert actions() == []


def test_a_company_of_another_partnership_is_not_offered():
    company = CompanyFactory.create()
    stranger = CompanyFactory.create()

    response = client_of(company.partnership).post(
        f"/p/{company.partnership.slug}/cafes/new/", form_data(company, company=stranger.pk)
    )

    assert list(response.context["form"].errors) == ["company"]
    assert Cafe.objects.count() == 0


def test_the_edit_saves_and_names_the_changed_fields(cafe):
    data = form_data(cafe.company, place="Matsalen", languages=[])

    response = client_of(cafe.partnership).post(url(cafe, "{pk}/edit/"), data)

    assert response.status_code == 302
    cafe.refresh_from_db()
    assert cafe.place == "Matsalen"
    event = AuditEvent.objects.get(action="cafes.cafe.changed")
    assert "place" in event.fields


def test_the_descriptions_page_saves_each_language(cafe):
    data = {"en": "Welcome to fika!", "ar": "", "fa": "", "so": "", "ti": "", "uk": "Ласкаво"}

    response = client_of(cafe.partnership).post(url(cafe, "{pk}/descriptions/"), data)

    assert response.status_code == 302
    assert dict(cafe.descriptions.values_list("language", "text")) == {
        "en": "Welcome to fika!",
        "uk": "Ласкаво",
    }


# Transitions through the buttons


@pytest.mark.parametrize(
    ("status", "started", "page", "expected", "event"),
    [
        (Cafe.Status.PLANNED, False, "{pk}/open/", "open", "cafes.cafe.opened"),
        (Cafe.Status.OPEN, True, "{pk}/held/", "held", "cafes.cafe.held"),
        (Cafe.Status.FULL, True, "{pk}/held/", "held", "cafes.cafe.held"),
        (Cafe.Status.HELD, True, "{pk}/followed-up/", "followed_up", "cafes.cafe.followed_up"),
    ],
)
def test_each_button_moves_the_cafe(status, started, page, expected, event):
    starts = timezone.now() + (timedelta(hours=-1) if started else timedelta(days=3))
    cafe = CafeFactory.create(status=status, starts_at=starts, signup_deadline=None)

    response = client_of(cafe.partnership).post(url(cafe, page))

    assert (response.status_code, response["Location"]) == (302, url(cafe))
    cafe.refresh_from_db()
    assert cafe.status == expected
    assert actions() == [event]


def test_a_refused_transition_is_explained_and_changes_nothing():
    cafe = CafeFactory.create(status=Cafe.Status.FOLLOWED_UP)
    client = client_of(cafe.partnership)

    response = client.post(url(cafe, "{pk}/open/"), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "A café that is “Followed up” cannot become “Open for sign-up”."
    ]
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FOLLOWED_UP


def test_the_buttons_answer_post_only(cafe):
    assert client_of(cafe.partnership).get(url(cafe, "{pk}/open/")).status_code == 405


def test_cancel_asks_for_a_reason(cafe):
    client = client_of(cafe.partnership)

    empty = client.post(url(cafe, "{pk}/cancel/"), {"reason": ""})
    done = client.post(url(cafe, "{pk}/cancel/"), {"reason": "Företaget flyttar"})

    assert empty.status_code == 200
    assert list(empty.context["form"].errors) == ["reason"]
    assert done.status_code == 302
    cafe.refresh_from_db()
    assert (cafe.status, cafe.cancelled_reason) == ("cancelled", "Företaget flyttar")
    assert actions() == ["cafes.cafe.cancelled"]


def test_the_cafe_page_offers_the_allowed_transitions_only():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    response = client_of(cafe.partnership).get(url(cafe))

    assert [to for to, _name in response.context["transitions"]] == ["open", "cancelled"]
    page = response.content.decode()
    assert f'action="{url(cafe, "{pk}/open/")}"' in page
    assert f'href="{url(cafe, "{pk}/cancel/")}"' in page
    assert url(cafe, "{pk}/held/") not in page


def test_the_cafe_page_lists_registrations_and_is_audited(cafe):
    first = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    confirmed = RegistrationFactory.create(cafe=cafe)
    second = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    invited = RegistrationFactory.create(
        cafe=cafe,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(hours=4),
    )

    response = client_of(cafe.partnership).get(url(cafe))

    groups = response.context["registrations"]
    assert (groups.confirmed, groups.waitlisted, groups.invited) == (
        [confirmed],
        [first, second],
        [invited],
    )
    assert actions() == ["cafes.registration.listed"]


# Volunteers


def test_a_volunteer_is_assigned_and_removed(cafe):
    volunteer = VolunteerFactory.create(person__partnership=cafe.partnership)
    client = client_of(cafe.partnership)

    assigned = client.post(
        url(cafe, "{pk}/volunteers/"), {"volunteer": volunteer.pk, "role": "check_in"}
    )
    assignment = CafeVolunteer.objects.get()
    removed = client.post(url(cafe, f"{{pk}}/volunteers/{assignment.pk}/remove/"))

    assert (assigned.status_code, removed.status_code) == (302, 302)
    assert assignment.role == "check_in"
    assert CafeVolunteer.objects.count() == 0
    assert actions() == ["cafes.cafe_volunteer.assigned", "cafes.cafe_volunteer.removed"]


def test_a_volunteer_of_another_partnership_cannot_be_assigned(cafe):
    stranger = VolunteerFactory.create()

    client_of(cafe.partnership).post(
        url(cafe, "{pk}/volunteers/"), {"volunteer": stranger.pk, "role": "host"}
    )

    assert CafeVolunteer.objects.count() == 0


def test_another_cafes_assignment_is_not_found(cafe):
    elsewhere = CafeVolunteerFactory.create(cafe__company__partnership=cafe.partnership)

    response = client_of(cafe.partnership).post(
        url(cafe, f"{{pk}}/volunteers/{elsewhere.pk}/remove/")
    )

    assert response.status_code == 404
    assert CafeVolunteer.objects.count() == 1


# Bulk invitations


def test_the_invite_page_lists_candidates_and_is_audited(cafe):
    ParticipantFactory.create_batch(2, person__partnership=cafe.partnership)
    ParticipantFactory.create()  # another partnership's

    response = client_of(cafe.partnership).get(url(cafe, "{pk}/invite/?never_attended=on"))

    assert len(response.context["candidates"]) == 2
    event = AuditEvent.objects.exclude(action="accounts.user.logged_in").get()
    assert (event.action, event.fields) == ("people.person.listed", ["never_attended"])


def test_bulk_invite_holds_as_many_seats_as_are_free():
    cafe = CafeFactory.create(capacity=3)
    RegistrationFactory.create(cafe=cafe)
    people = [
        ParticipantFactory.create(
            person__partnership=cafe.partnership, person__first_name=name
        ).person
        for name in ("Amal", "Berhane", "Cyrus")
    ]

    response = client_of(cafe.partnership).post(
        url(cafe, "{pk}/invite/"),
        {"person": [p.pk for p in people]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    invited = Registration.objects.filter(status=Registration.Status.INVITED)
    assert sorted(invited.values_list("person__first_name", flat=True)) == ["Amal", "Berhane"]
    assert [str(m) for m in response.context["messages"]] == [
        "2 persons are invited; a seat is held for each for 48 hours.",
        f"Not invited: {people[2]}. The café is full: no seat is free to hold for an invitation.",
    ]
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FULL


def test_bulk_invite_ignores_people_of_another_partnership(cafe):
    stranger = PersonFactory.create()

    client_of(cafe.partnership).post(url(cafe, "{pk}/invite/"), {"person": [stranger.pk]})

    assert Registration.objects.count() == 0


def test_the_form_reads_stockholm_time_whatever_zone_is_active():
    from zoneinfo import ZoneInfo

    from vises.cafes.forms.cafes import StockholmDateTimeField

    field = StockholmDateTimeField()
    with timezone.override(ZoneInfo("America/New_York")):
        winter = field.clean("2030-01-15T10:00")
        summer = field.clean("2030-07-15T10:00")
        shown = field.prepare_value(datetime(2030, 7, 15, 8, 0, tzinfo=UTC))

    assert (winter, summer) == (
        datetime(2030, 1, 15, 9, 0, tzinfo=UTC),
        datetime(2030, 7, 15, 8, 0, tzinfo=UTC),
    )
    assert shown == datetime(2030, 7, 15, 10, 0)
