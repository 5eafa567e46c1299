"""The public café API answers exactly as DESIGN §9 says: the calendar and sign-up."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import Cafe, Registration
from vises.cafes.services import signup as signup_service
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.people.models import ConsentPurpose, ConsentRecord, Person
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory

pytestmark = pytest.mark.django_db

WINTER = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm, +01:00
SUMMER = datetime(2030, 7, 15, 8, 0, tzinfo=UTC)  # 10:00 in Stockholm, +02:00


@pytest.fixture(autouse=True)
def _rate_limit_cache(settings) -> None:
    settings.VISES_RATE_LIMITS = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def cafe() -> Cafe:
    cafe = CafeFactory.create(capacity=2)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


def sign_up(cafe_id: int, client: Client | None = None, **fields: object) -> Any:
    body = {
        "first_name": "Amina",
        "phone": "070-123 45 67",
        "language": "ar",
        "consent": True,
    } | fields
    return (client or Client()).post(
        f"/api/v1/cafes/{cafe_id}/registrations", json.dumps(body), content_type="application/json"
    )


# GET /api/v1/cafes


def test_the_calendar_gives_each_field_with_the_stockholm_offset():
    district = DistrictFactory.create(name="Ryd")
    winter = CafeFactory.create(
        company__partnership=district.partnership,
        company__district=district,
        starts_at=WINTER,
        ends_at=WINTER + timedelta(hours=1, minutes=30),
        capacity=8,
    )
    summer = CafeFactory.create(
        starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=2), status=Cafe.Status.FULL
    )

    response = Client().get("/api/v1/cafes")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == [
        {
            "id": winter.pk,
            "starts_at": "2030-01-15T10:00:00+01:00",
            "ends_at": "2030-01-15T11:30:00+01:00",
            "district": "Ryd",
            "seats_left": 8,
            "status": "open",
        },
        {
            "id": summer.pk,
            "starts_at": "2030-07-15T10:00:00+02:00",
            "ends_at": "2030-07-15T12:00:00+02:00",
            "district": None,
            "seats_left": 8,
            "status": "full",
        },
    ]


def test_the_calendar_lists_only_upcoming_cafes_that_take_sign_ups():
    now = timezone.now()
    listed = [
        CafeFactory.create(status=Cafe.Status.OPEN),
        CafeFactory.create(status=Cafe.Status.FULL),
        CafeFactory.create(status=Cafe.Status.OPEN, signup_deadline=None),
    ]
    CafeFactory.create(status=Cafe.Status.PLANNED)
    CafeFactory.create(status=Cafe.Status.CANCELLED)
    CafeFactory.create(status=Cafe.Status.HELD, starts_at=now - timedelta(days=1))
    CafeFactory.create(status=Cafe.Status.FOLLOWED_UP, starts_at=now - timedelta(days=9))
    CafeFactory.create(status=Cafe.Status.OPEN, starts_at=now - timedelta(hours=1))
    CafeFactory.create(
        status=Cafe.Status.OPEN,
        starts_at=now + timedelta(hours=5),
        signup_deadline=now - timedelta(minutes=1),
    )

    response = Client().get("/api/v1/cafes")

    assert sorted(item["id"] for item in response.json()) == sorted(cafe.pk for cafe in listed)


def test_seats_left_counts_confirmed_and_pending_invitations_only():
    cafe = CafeFactory.create(capacity=8)
    now = timezone.now()
    RegistrationFactory.create_batch(3, cafe=cafe, status=Registration.Status.CONFIRMED)
    RegistrationFactory.create(
        cafe=cafe, status=Registration.Status.INVITED, invited_until=now + timedelta(days=1)
    )
    RegistrationFactory.create(
        cafe=cafe, status=Registration.Status.INVITED, invited_until=now - timedelta(minutes=1)
    )
    for status in (
        Registration.Status.CANCELLED,
        Registration.Status.DECLINED,
        Registration.Status.EXPIRED,
    ):
        RegistrationFactory.create(cafe=cafe, status=status)

    [item] = Client().get("/api/v1/cafes").json()

    assert item["seats_left"] == 8 - 3 - 1


def test_seats_left_is_zero_while_anyone_waits():
    cafe = CafeFactory.create(capacity=8, status=Cafe.Status.FULL)
    RegistrationFactory.create_batch(2, cafe=cafe, status=Registration.Status.CONFIRMED)
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)

    [item] = Client().get("/api/v1/cafes").json()

    assert (item["seats_left"], item["status"]) == (0, "full")


def test_the_calendar_costs_the_same_queries_for_2_and_30_cafes():
    def queries_for(count: int) -> int:
        Cafe.objects.update(status=Cafe.Status.CANCELLED)  # off the calendar
        for cafe in CafeFactory.create_batch(count, company__district=DistrictFactory.create()):
            RegistrationFactory.create(cafe=cafe)
        with CaptureQueriesContext(connection) as context:
            response = Client().get("/api/v1/cafes")
        assert len(response.json()) == count
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(30)


# POST /api/v1/cafes/{id}/registrations


def test_a_sign_up_with_a_free_seat_is_confirmed(cafe):
    response = sign_up(cafe.pk)

    assert response.status_code == 201
    registration = Registration.objects.get()
    assert response.json() == {"status": "confirmed", "reference": registration.reference}
    assert (registration.status, registration.source) == ("confirmed", "api")
    person = Person.objects.get()
    assert (person.first_name, person.phone, person.language) == ("Amina", "+46701234567", "ar")
    assert ConsentRecord.objects.filter(person=person, purpose=ConsentPurpose.REGISTER).count() == 1


def test_a_sign_up_when_no_seat_is_left_is_waitlisted(cafe):
    assert sign_up(cafe.pk, phone="070-111 11 11").json()["status"] == "confirmed"
    assert sign_up(cafe.pk, phone="070-222 22 22").json()["status"] == "confirmed"

    response = sign_up(cafe.pk, phone="070-333 33 33")

    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert Client().get("/api/v1/cafes").json()[0]["seats_left"] == 0


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ({"phone": "070-123 45 67"}, {"phone": "+46 70 123 45 67"}),
        ({"phone": "", "email": "amina@example.org"}, {"phone": "", "email": "AMINA@example.org"}),
    ],
    ids=["phone", "email"],
)
def test_the_same_contact_again_gets_what_a_new_sign_up_would_and_changes_nothing(
    cafe, first, again
):
    """docs/api.md: no answer may tell whether a contact is registered (issue 8)."""
    created = sign_up(cafe.pk, **first)
    registration = Registration.objects.get()

    repeated = sign_up(cafe.pk, first_name="Amina A.", **again)

    assert (created.status_code, repeated.status_code) == (201, 201)
    assert repeated.json()["status"] == created.json()["status"] == "confirmed"
    assert repeated.json()["reference"] != created.json()["reference"]
    assert len(repeated.json()["reference"]) == len(created.json()["reference"])
    assert Registration.objects.count() == 1
    assert Person.objects.count() == 1
    assert Person.objects.get().first_name == "Amina"
    assert Registration.objects.get().reference == registration.reference


def test_a_waitlisted_person_signing_up_again_stays_where_they_are(cafe):
    sign_up(cafe.pk, phone="070-111 11 11")
    sign_up(cafe.pk, phone="070-222 22 22")
    waiting = sign_up(cafe.pk, phone="070-333 33 33")
    place = Registration.objects.get(status="waitlisted")

    again = sign_up(cafe.pk, phone="070-333 33 33")

    assert again.status_code == 201
    assert again.json()["status"] == waiting.json()["status"] == "waitlisted"
    assert again.json()["reference"] != waiting.json()["reference"]
    assert list(Registration.objects.filter(status="waitlisted")) == [place]
    assert Registration.objects.get(pk=place.pk).created_at == place.created_at


def test_an_unknown_cafe_is_404():
    response = sign_up(999_999)

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Det finns inget sådant café."}
    }


def test_an_unknown_cafe_is_404_even_with_invalid_input():
    assert sign_up(999_999, consent=False).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"status": Cafe.Status.CANCELLED},
        {"status": Cafe.Status.HELD},
        {"status": Cafe.Status.PLANNED},
        {"signup_deadline": datetime(2000, 1, 1, tzinfo=UTC)},
    ],
    ids=["cancelled", "held", "planned", "past-deadline"],
)
def test_a_closed_cafe_is_409_cafe_closed(cafe, change):
    Cafe.objects.filter(pk=cafe.pk).update(**change)

    response = sign_up(cafe.pk)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cafe_closed"
    assert set(response.json()["error"]) == {"code", "message"}
    assert Registration.objects.count() == 0


def test_invalid_input_is_400_naming_each_field(cafe):
    response = sign_up(cafe.pk, first_name=" ", phone="12", language="xx", consent=False)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert sorted(error["fields"]) == ["consent", "first_name", "language", "phone"]
    assert Person.objects.count() == 0


def test_missing_consent_is_400_on_consent(cafe):
    body = {"first_name": "Amina", "email": "amina@example.org", "language": "sv"}
    response = Client().post(
        f"/api/v1/cafes/{cafe.pk}/registrations", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["consent"]


def test_neither_phone_nor_email_is_400_on_phone(cafe):
    response = sign_up(cafe.pk, phone="", email="")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["phone"]


@pytest.mark.parametrize(
    "body", ["not json", "[]", '{"consent": "perhaps"}'], ids=["text", "list", "wrong-type"]
)
def test_a_body_of_the_wrong_shape_is_400_invalid(cafe, body):
    response = Client().post(
        f"/api/v1/cafes/{cafe.pk}/registrations", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_too_many_sign_ups_from_one_address_is_429(cafe, monkeypatch):
    monkeypatch.setattr(signup_service, "SIGNUPS_PER_ADDRESS", 3)
    statuses = [sign_up(cafe.pk, phone=f"070-000 00 0{n}").status_code for n in range(4)]

    response = sign_up(cafe.pk, phone="070-000 00 09")

    assert statuses == [201, 201, 201, 429]
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert Registration.objects.count() == 3


def test_the_limit_is_off_with_vises_rate_limits_0(cafe, monkeypatch, settings):
    settings.VISES_RATE_LIMITS = False
    monkeypatch.setattr(signup_service, "SIGNUPS_PER_ADDRESS", 1)

    statuses = {sign_up(cafe.pk, phone=f"070-000 00 0{n}").status_code for n in range(3)}

    assert statuses == {201}


def test_a_logged_in_session_changes_nothing_and_needs_no_csrf(cafe, client_for):
    staff = client_for("coordinator")
    staff.handler.enforce_csrf_checks = True

    listed = staff.get("/api/v1/cafes")
    anonymous = Client().get("/api/v1/cafes")
    response = sign_up(cafe.pk, client=staff)

    assert listed.json() == anonymous.json()
    assert response.status_code == 201
    assert Registration.objects.get().source == "api"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/", 404, "not_found"),
        ("get", "/api/v1/no-such-thing", 404, "not_found"),
        ("post", "/api/v1/cafes/1/registrations/extra", 404, "not_found"),
        ("get", "/api/v1/cafes/1/registrations", 405, "method_not_allowed"),
        ("delete", "/api/v1/cafes", 405, "method_not_allowed"),
    ],
)
def test_every_error_under_the_api_is_json(method, path, status, code):
    response = getattr(Client(), method)(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code


def test_the_openapi_document_lists_both_paths():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/cafes"]) == {"get"}
    assert set(paths["/api/v1/cafes/{cafe_id}/registrations"]) == {"post"}


def test_without_a_published_consent_text_nobody_can_sign_up():
    cafe = CafeFactory.create()

    response = sign_up(cafe.pk)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cafe_closed"
    assert Person.objects.count() == 0
