"""The door list on a phone: what a volunteer sees, one tap per person that survives a
flaky connection, walk-ins beyond capacity, employees counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vises.cafes.checkin import selectors
from vises.cafes.models import Cafe, CheckInKey, EmployeeCount, Registration
from vises.cafes.tests.checkin.support import (
    assign,
    events,
    key,
    logged_in,
    today_cafe,
    volunteer_member,
    without_keys,
)
from vises.cafes.tests.factories import RegistrationFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentRecord, Person
from vises.people.tests.factories import ConsentTextFactory, PersonFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cafe(partnership):
    return today_cafe(partnership)


@pytest.fixture
def volunteer(partnership, cafe):
    membership = volunteer_member(partnership)
    assign(membership, cafe)
    return logged_in(membership)


def list_url(cafe) -> str:
    return f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/"


def tap_url(registration) -> str:
    return f"{list_url(registration.cafe)}registrations/{registration.pk}/"


# What the volunteer sees --------------------------------------------------------------------


def test_the_volunteer_sees_first_name_last_initial_and_phone_only(cafe, volunteer):
    person = PersonFactory.create(
        partnership=cafe.partnership,
        first_name="Amina",
        last_name="Qwertyson",
        phone="+46701234567",
        email="amina.private@example.org",
        occupation="Undersköterska",
        birth_year=1987,
    )
    RegistrationFactory.create(cafe=cafe, person=person)

    response = volunteer.get(list_url(cafe))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina Q." in html
    assert "070-123 45 67" in html
    assert "amina.private" not in html
    assert "@example.org" not in html
    assert "Qwertyson" not in html
    assert "Undersköterska" not in html
    assert "1987" not in html
    # The rows handed to the template hold nothing else either.
    (row,) = response.context["rows"]
    assert (row.name, row.phone) == ("Amina Q.", "070-123 45 67")
    assert not hasattr(row, "email") and not hasattr(row, "last_name")


def test_the_list_shows_confirmed_registrations_only(cafe, volunteer):
    confirmed = RegistrationFactory.create(cafe=cafe, person__first_name="Kommer")
    for status in ("waitlisted", "cancelled", "declined"):
        RegistrationFactory.create(cafe=cafe, status=status, person__first_name=f"Zq{status}")

    response = volunteer.get(list_url(cafe))

    assert [row.registration_id for row in response.context["rows"]] == [confirmed.pk]
    html = response.content.decode()
    # Whole names: a random CSRF token may hold "Zq" (it did once, in CI).
    for status in ("waitlisted", "cancelled", "declined"):
        assert f"Zq{status}" not in html


def test_viewing_the_list_is_audited_without_personal_data(cafe, volunteer):
    RegistrationFactory.create(cafe=cafe)

    volunteer.get(list_url(cafe))

    (event,) = events("cafes.cafe.checkin_viewed")
    assert (event.object_type, event.object_id) == ("cafes.cafe", str(cafe.pk))
    assert event.fields == ["first_name", "last_name_initial", "phone"]


def test_the_page_loads_the_retry_script_from_a_file(cafe, volunteer):
    html = volunteer.get(list_url(cafe)).content.decode()

    assert 'src="/static/vises/checkin.js"' in html
    assert "<script>" not in html  # nothing inline: the CSP allows 'self' only


def queries_for_list(client, cafe) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(list_url(cafe)).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR])
def test_the_list_costs_the_same_queries_for_2_and_30_people(partnership, role):
    small, large = today_cafe(partnership), today_cafe(partnership, capacity=40)
    RegistrationFactory.create_batch(2, cafe=small)
    RegistrationFactory.create_batch(30, cafe=large)
    if role == Role.VOLUNTEER:
        membership = volunteer_member(partnership)
        assign(membership, small)
        assign(membership, large)
    else:
        membership = MembershipFactory.create(partnership=partnership, role=role)
    client = logged_in(membership)
    queries_for_list(client, small)  # warm the session and caches

    assert queries_for_list(client, small) == queries_for_list(client, large)


# Taps ------------------------------------------------------------------------------------------


def test_the_same_tap_twice_leaves_one_state_and_one_audit_event(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    tap = {"key": key(), "attendance": "attended"}

    first = volunteer.post(tap_url(registration), tap, **HTMX)
    second = volunteer.post(tap_url(registration), tap, **HTMX)

    assert first.status_code == second.status_code == 200
    assert without_keys(first.content.decode()) == without_keys(second.content.decode())
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.ATTENDED
    assert registration.checked_in_at is not None
    (event,) = events("cafes.registration.checked_in")
    assert event.fields == ["attendance"]
    assert event.object_id == str(registration.pk)
    assert CheckInKey.objects.count() == 1


def test_an_old_tap_arriving_late_does_not_undo_a_newer_one(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    came = {"key": key(), "attendance": "attended"}
    volunteer.post(tap_url(registration), came, **HTMX)
    volunteer.post(tap_url(registration), {"key": key(), "attendance": "no_show"}, **HTMX)

    volunteer.post(tap_url(registration), came, **HTMX)  # the retry of the first tap

    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.NO_SHOW
    assert len(events("cafes.registration.checked_in")) == 2


def test_the_same_final_state_with_a_new_key_changes_nothing(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    volunteer.post(tap_url(registration), {"key": key(), "attendance": "attended"}, **HTMX)
    registration.refresh_from_db()
    checked_in_at = registration.checked_in_at

    volunteer.post(tap_url(registration), {"key": key(), "attendance": "attended"}, **HTMX)

    registration.refresh_from_db()
    assert registration.checked_in_at == checked_in_at
    assert len(events("cafes.registration.checked_in")) == 1


def test_toggling_between_came_did_not_come_and_undo(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    seen = []
    for attendance in ("attended", "no_show", "attended", ""):
        response = volunteer.post(
            tap_url(registration), {"key": key(), "attendance": attendance}, **HTMX
        )
        assert response.status_code == 200
        registration.refresh_from_db()
        seen.append((registration.attendance, registration.checked_in_at is not None))

    assert seen == [("attended", True), ("no_show", True), ("attended", True), ("", False)]
    assert len(events("cafes.registration.checked_in")) == 4


def test_the_row_answer_swaps_the_row_and_the_counts(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe, person__first_name="Olga")
    RegistrationFactory.create(cafe=cafe)

    response = volunteer.post(
        tap_url(registration), {"key": key(), "attendance": "attended"}, **HTMX
    )

    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="card checkin-row checkin-row--came" id="registration-{registration.pk}"'
    )
    assert 'id="checkin-summary" class="checkin-summary" role="status" hx-swap-oob="true"' in html
    assert response.context["summary"].attended == 1
    assert response.context["summary"].waiting == 1
    # Fresh keys for the next taps, one per action.
    row = response.context["row"]
    assert len(set(row.keys.values())) == 3


def test_without_javascript_a_tap_redirects_back_to_the_row(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)

    response = volunteer.post(tap_url(registration), {"key": key(), "attendance": "no_show"})

    assert response.status_code == 302
    assert response["Location"] == f"{list_url(cafe)}#registration-{registration.pk}"


@pytest.mark.parametrize(
    "tap", [{"attendance": "attended"}, {"key": "nope", "attendance": "attended"}, {"key": "x"}]
)
def test_a_malformed_tap_is_refused(cafe, volunteer, tap):
    registration = RegistrationFactory.create(cafe=cafe)
    if tap.get("key") == "x":
        tap = {"key": key(), "attendance": "maybe"}

    response = volunteer.post(tap_url(registration), tap, **HTMX)

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_a_waitlisted_registration_is_not_checked_in(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe, status="waitlisted")

    response = volunteer.post(
        tap_url(registration), {"key": key(), "attendance": "attended"}, **HTMX
    )

    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.attendance == ""
    assert events("cafes.registration.checked_in") == []


def test_nobody_is_checked_in_at_a_cancelled_cafe(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.CANCELLED)

    response = volunteer.post(
        tap_url(registration), {"key": key(), "attendance": "attended"}, **HTMX
    )

    assert response.status_code == 409
    registration.refresh_from_db()
    assert registration.attendance == ""


# Walk-ins --------------------------------------------------------------------------------------


@pytest.fixture
def consent_text(partnership):
    return ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)


def walk_in(client, cafe, **fields):
    data = {"first_name": "Samir", "language": "ar", "consent": "on", "key": key(), **fields}
    return client.post(f"{list_url(cafe)}walk-in/", data)


def test_a_walk_in_beyond_capacity_counts_as_attended(partnership, volunteer, cafe, consent_text):
    Cafe.objects.filter(pk=cafe.pk).update(capacity=2, status=Cafe.Status.FULL)
    RegistrationFactory.create_batch(2, cafe=cafe)

    response = walk_in(volunteer, cafe)

    assert response.status_code == 302
    walked_in = Registration.objects.get(cafe=cafe, source=Registration.Source.WALK_IN)
    assert response["Location"] == f"{list_url(cafe)}#registration-{walked_in.pk}"
    assert walked_in.status == Registration.Status.CONFIRMED
    assert walked_in.attendance == Registration.Attendance.ATTENDED
    assert walked_in.checked_in_at is not None
    assert Registration.objects.filter(cafe=cafe, status="confirmed").count() == 3
    summary = selectors.checkin_summary(cafe=cafe)
    assert (summary.confirmed, summary.attended, summary.walk_ins) == (3, 1, 1)


def test_a_walk_in_needs_nothing_but_a_first_name(partnership, volunteer, cafe, consent_text):
    walk_in(volunteer, cafe)

    person = Person.objects.get(first_name="Samir")
    assert (person.phone, person.email, person.language) == ("", "", "ar")
    assert person.signed_up_by is not None
    consent = ConsentRecord.objects.get(person=person)
    assert consent.purpose == ConsentPurpose.REGISTER
    assert consent.channel == ConsentChannel.IN_PERSON
    assert consent.collected_by == person.signed_up_by
    (created,) = events("people.person.created")
    assert "phone" not in created.fields
    (registration_event,) = events("cafes.registration.created")
    assert registration_event.fields == ["attendance", "source", "status"]


def test_a_walk_in_with_a_phone_is_stored_normalised(partnership, volunteer, cafe, consent_text):
    walk_in(volunteer, cafe, phone="070-765 43 21")

    assert Person.objects.get(first_name="Samir").phone == "+46707654321"


def test_the_same_walk_in_sent_twice_is_one_person(partnership, volunteer, cafe, consent_text):
    same_key = key()

    first = walk_in(volunteer, cafe, key=same_key)
    second = walk_in(volunteer, cafe, key=same_key)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Person.objects.filter(first_name="Samir").count() == 1
    assert Registration.objects.filter(cafe=cafe).count() == 1


def test_a_waitlisted_person_at_the_door_gets_their_own_registration_checked_in(
    partnership, volunteer, cafe, consent_text
):
    waiting = RegistrationFactory.create(
        cafe=cafe, status="waitlisted", person__phone="+46709998877"
    )

    walk_in(volunteer, cafe, first_name="Whoever", phone="0709-99 88 77")

    waiting.refresh_from_db()
    assert (waiting.status, waiting.attendance) == ("confirmed", "attended")
    assert waiting.source == Registration.Source.WEB
    assert not Person.objects.filter(first_name="Whoever").exists()
    (event,) = events("cafes.registration.checked_in")
    assert event.fields == ["attendance", "status"]


@pytest.mark.parametrize(
    ("fields", "error_field", "code"),
    [
        ({"first_name": " "}, "first_name", "required"),
        ({"phone": "12"}, "phone", "invalid_phone"),
        ({"consent": ""}, "consent", "required"),
    ],
)
def test_a_walk_in_with_bad_input_saves_nothing(
    partnership, volunteer, cafe, consent_text, fields, error_field, code
):
    response = walk_in(volunteer, cafe, **fields)

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()[error_field]] == [
        code
    ]
    assert Person.objects.filter(partnership=partnership, volunteer__isnull=True).count() == 0
    assert Registration.objects.filter(cafe=cafe).count() == 0


def test_without_a_consent_text_the_walk_in_is_refused_and_nothing_is_half_saved(
    partnership, volunteer, cafe
):
    response = walk_in(volunteer, cafe, phone="0701112233")

    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()["consent"]]
    assert codes == ["no_consent_text"]
    assert not Person.objects.filter(first_name="Samir").exists()


# Employees present ---------------------------------------------------------------------------


def test_employees_are_counted_up_and_down_never_below_zero(cafe, volunteer):
    url = f"{list_url(cafe)}employees/"
    plus = {"delta": "1", "key": key()}

    for data in (plus, plus, {"delta": "1", "key": key()}, {"delta": "-1", "key": key()}):
        response = volunteer.post(url, data, **HTMX)
        assert response.status_code == 200

    assert EmployeeCount.objects.get(cafe=cafe).present == 1
    assert response.context["present"] == 1
    assert len(events("cafes.employeecount.changed")) == 3  # the repeated key counted once
    for _ in range(2):
        volunteer.post(url, {"delta": "-1", "key": key()}, **HTMX)
    assert EmployeeCount.objects.get(cafe=cafe).present == 0


def test_a_bad_employee_delta_is_refused(cafe, volunteer):
    response = volunteer.post(f"{list_url(cafe)}employees/", {"delta": "5", "key": key()})

    assert response.status_code == 400
    assert not EmployeeCount.objects.filter(cafe=cafe, present__gt=0).exists()


def test_a_retried_tap_for_someone_who_left_the_list_removes_the_row(cafe, volunteer):
    registration = RegistrationFactory.create(cafe=cafe)
    tap = {"key": key(), "attendance": "attended"}
    volunteer.post(tap_url(registration), tap, **HTMX)
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")

    response = volunteer.post(tap_url(registration), tap, **HTMX)

    assert response.status_code == 200
    assert response.context["row"] is None
    assert "checkin-row" not in response.content.decode()
    assert response.context["summary"].confirmed == 0
