"""Public café endpoints: the calendar and sign-up (DESIGN §9)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import AfterValidator, ConfigDict, JsonValue
from pydantic_core import PydanticCustomError

from vises.api.errors import error_response
from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.cafes import annotated_seats_left, upcoming_public_cafes
from vises.cafes.services.registrations import CafeClosed
from vises.cafes.services.signup import TooManySignups, public_signup, signup_address_allowed
from vises.common.middleware import client_address
from vises.common.validators import clean_text
from vises.people.models import ConsentText

router = Router(tags=["cafés"])
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(Schema):
    """The one error shape of the API (DESIGN §9)."""

    error: ErrorBody


class CafeOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    district: str | None
    seats_left: int
    status: str


def _storable(value: str) -> str:
    """Text the database can store, bidirectional controls removed (vises.common.validators)."""
    try:
        return clean_text(value)
    except ValidationError as invalid:
        raise PydanticCustomError("invalid_text", invalid.messages[0]) from invalid


Text = Annotated[str, AfterValidator(_storable)]


# The schema states the rules (lengths, the languages, consent true) for clients and for
# schemathesis; the service checks them, after the café is known, with a message per field in
# the caller's language (an unknown café is 404 whatever the body holds).
PARTICIPANT_LANGUAGES: list[JsonValue] = ["sv", "en", "ar", "fa", "so", "ti", "uk"]
GENDERS: list[JsonValue] = ["woman", "man", "other", "undisclosed"]


class RegistrationIn(Schema):
    first_name: Text = Field(
        description="The person's first name.",
        json_schema_extra={"minLength": 1, "maxLength": 100, "pattern": r"\S"},
    )
    phone: Text = Field(
        "",
        description="A Swedish mobile number, e.g. 070-123 45 67 or +46 70 123 45 67; `phone` "
        "or `email` is required.",
        json_schema_extra={"pattern": r"^$|^(\+46|0)[ -]?7[02369]([ -]?[0-9]){7}$"},
    )
    email: Text = Field(
        "",
        description="An e-mail address; `phone` or `email` is required.",
        json_schema_extra={
            "maxLength": 254,
            "pattern": r"^$|^[a-z0-9]+([._+-][a-z0-9]+)*@[a-z0-9]+(\.[a-z0-9]+)*\.[a-z]{2,}$",
        },
    )
    language: Text = Field(
        description="The language to write to the person in.",
        json_schema_extra={"enum": PARTICIPANT_LANGUAGES},
    )
    consent: bool = Field(
        description="Must be true: the person agrees to the consent text.",
        json_schema_extra={"const": True},
    )
    gender: str = Field(
        "undisclosed",
        description="Optional: `woman`, `man`, `other` or `undisclosed` (prefer not to say, "
        "the default when left out). A gender already in the register is never changed.",
        json_schema_extra={"enum": GENDERS},
    )

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["phone"], "properties": {"phone": {"minLength": 1}}},
                {"required": ["email"], "properties": {"email": {"minLength": 1}}},
            ]
        }
    )


class RegistrationOut(Schema):
    status: str
    reference: str


@router.get("/cafes", response=list[CafeOut], auth=None, summary="Upcoming cafés open for sign-up")
def list_cafes(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "id": cafe.pk,
            "starts_at": cafe.starts_at.astimezone(STOCKHOLM),
            "ends_at": cafe.ends_at.astimezone(STOCKHOLM),
            "district": cafe.company.district.name if cafe.company.district else None,
            "seats_left": annotated_seats_left(cafe),
            "status": cafe.status,
        }
        for cafe in upcoming_public_cafes()
    ]


def too_many_signups() -> HttpResponse:
    return error_response(429, "rate_limited", _("Too many sign-ups. Wait a while and try again."))


SIGNUP_DESCRIPTION = """Sign someone up: a seat when one is free (`confirmed`), else a place on
the waitlist (`waitlisted`), with a receipt by e-mail or SMS.

No answer tells whether a phone number or e-mail address is already registered: when it is
registered for this café, the answer is exactly what a new sign-up would get at the café's
current seat state (201, the status, a reference that looks new), nothing changes, and the
contact's owner is told their true status with their link. `reference` is opaque and opens
nothing. Per client address and per contact only a few sign-ups a day are taken (429)."""


@router.post(
    "/cafes/{cafe_id}/registrations",
    response={
        201: RegistrationOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,  # a body over 64 kB, refused before it is read (vises.api.middleware)
        429: ErrorOut,
    },
    auth=None,
    summary="Sign up for a café",
    description=SIGNUP_DESCRIPTION,
)
def create_registration(
    request: HttpRequest, cafe_id: int, payload: RegistrationIn
) -> HttpResponse | Status[dict[str, str]]:
    if not signup_address_allowed(address=client_address(request)):
        return too_many_signups()
    if not Cafe.objects.filter(pk=cafe_id).exists():
        # Before the fields: an unknown café is 404 whatever the body holds.
        return error_response(404, "not_found", _("There is no such café."))
    try:
        result = public_signup(
            cafe_id=cafe_id,
            first_name=payload.first_name,
            phone=payload.phone,
            email=payload.email,
            language=payload.language,
            consent=payload.consent,
            gender=payload.gender,
            source=Registration.Source.API,
        )
    except Cafe.DoesNotExist:
        return error_response(404, "not_found", _("There is no such café."))
    except CafeClosed as closed:
        return error_response(409, closed.code, closed.message)
    except TooManySignups:
        return too_many_signups()
    except ConsentText.DoesNotExist:
        # The partnership has published no consent text yet: nobody can agree to anything.
        return error_response(409, CafeClosed.code, _("This café is not open for sign-up yet."))
    except ValidationError as invalid:
        fields = {field: messages[0] for field, messages in invalid.message_dict.items()}
        return error_response(400, "invalid", _("Check the fields."), fields)
    # 201 whether the contact was new or already registered: no answer may tell them apart.
    return Status(201, {"status": result.status, "reference": result.reference})
