"""Input that cannot hurt (issue 8): text the database cannot store is refused with 400
`invalid` naming the field, bidirectional controls are removed, a large body gets 413 in the
API's error shape before anything reads it, and the schema marks what is required."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from vises.api.middleware import MAX_BODY_BYTES
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory
from vises.common.models import RateCounter
from vises.people.models import ConsentPurpose, Person
from vises.people.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db

GOOD = {"first_name": "Amina", "phone": "070-123 45 67", "language": "ar", "consent": True}


@pytest.fixture
def cafe() -> Cafe:
    cafe = CafeFactory.create(capacity=2)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


def post(cafe: Cafe, body: str):
    return Client(HTTP_ACCEPT_LANGUAGE="sv").post(
        f"/api/v1/cafes/{cafe.pk}/registrations", body, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("first_name", '"Am\\u0000ina"', "Ta bort det osynliga nolltecknet ur texten."),
        ("first_name", '"\\ud800"', "Texten innehåller ett trasigt tecken. Skriv den igen."),
        (
            "email",
            '"a\\udfff@example.org"',
            "Texten innehåller ett trasigt tecken. Skriv den igen.",
        ),
        ("language", '"s\\u0000v"', "Ta bort det osynliga nolltecknet ur texten."),
    ],
    ids=["nul-name", "surrogate-name", "surrogate-email", "nul-language"],
)
def test_text_no_database_can_store_is_400_invalid_naming_the_field(cafe, field, raw, message):
    body = json.dumps(GOOD | {field: "PLACEHOLDER"}).replace('"PLACEHOLDER"', raw)

    response = post(cafe, body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"] == {field: message}
    assert Person.objects.count() == 0


def test_bidirectional_controls_are_removed_from_a_name(cafe):
    body = json.dumps(GOOD | {"first_name": "Am\u202eina\u2066"})

    response = post(cafe, body)

    assert response.status_code == 201
    assert Person.objects.get().first_name == "Amina"


def test_missing_fields_are_named_in_the_callers_language(cafe):
    response = post(cafe, json.dumps({"phone": "070-123 45 67"}))

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "first_name": "Fältet måste fyllas i.",
        "language": "Fältet måste fyllas i.",
        "consent": "Fältet måste fyllas i.",
    }


def test_a_body_over_the_limit_is_413_in_the_error_shape_before_the_rate_limit(cafe):
    big = json.dumps(GOOD | {"first_name": "A" * (5 * 1024 * 1024)})

    response = post(cafe, big)

    assert response.status_code == 413
    assert response.json() == {
        "error": {
            "code": "too_large",
            "message": f"Förfrågan är för stor (högst {MAX_BODY_BYTES // 1024} kB).",
        }
    }
    assert RateCounter.objects.count() == 0  # not even counted
    assert Registration.objects.count() == 0


def test_a_body_just_under_the_limit_is_read_and_judged_on_its_fields(cafe):
    body = json.dumps(GOOD | {"first_name": "A" * (MAX_BODY_BYTES - 200)})

    response = post(cafe, body)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["first_name"]


def test_the_schema_marks_the_required_sign_up_fields():
    schema = Client().get("/api/v1/openapi.json").json()
    registration = schema["components"]["schemas"]["RegistrationIn"]

    assert sorted(registration["required"]) == ["consent", "first_name", "language"]
    assert "`phone` or `email` is required" in registration["properties"]["phone"]["description"]
