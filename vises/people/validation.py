"""Normalising and validating contact details as people type them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

DEFAULT_REGION = "SE"


PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+")


def normalise_phone(value: str) -> str:
    """A phone number in E.164 (+46701234567), read as Swedish unless it has a country code.

    Raises ValidationError (code 'invalid_phone') with a message in the active language.
    """
    value = (value or "").strip()
    if not value:
        return ""
    # phonenumbers reads past letters and signs ("073-123 45 67*" would pass): only what
    # people write in a number is taken.
    if not PHONE_CHARACTERS.fullmatch(value):
        raise ValidationError(
            _("Enter a phone number, e.g. 070-123 45 67 or +46 70 123 45 67."), code="invalid_phone"
        )
    try:
        parsed = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Enter a phone number, e.g. 070-123 45 67 or +46 70 123 45 67."), code="invalid_phone"
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("%(number)s is not a valid phone number. Check the digits, e.g. 070-123 45 67.")
            % {"number": value},
            code="invalid_phone",
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def normalise_email(value: str) -> str:
    """An e-mail address with the domain in lower case; ValidationError when malformed."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(
            _("Enter an e-mail address like name@example.se."), code="invalid_email"
        ) from error
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True)
class Contact:
    """A phone in E.164 and an e-mail address as stored; either may be empty."""

    phone: str = ""
    email: str = ""


def contact_clean(*, phone: str | None = "", email: str | None = "") -> Contact:
    """The one contact cleaner: the phone in E.164 (`normalise_phone`), the e-mail stripped
    with its domain in lower case (`normalise_email`; the part before @ keeps its case, and
    every lookup compares addresses ignoring case).

    Raises ValidationError with the errors per field ("phone", "email") of every malformed
    one, messages in the active language.
    """
    errors: dict[str, list[ValidationError]] = {}
    cleaned = {"phone": "", "email": ""}
    for field, value, normalise in (
        ("phone", phone, normalise_phone),
        ("email", email, normalise_email),
    ):
        try:
            cleaned[field] = normalise(value or "")
        except ValidationError as error:
            errors[field] = error.error_list
    if errors:
        raise ValidationError(errors)
    return Contact(**cleaned)


def display_phone(e164: str) -> str:
    """A stored number as people read it: 070-123 45 67 for Swedish numbers."""
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164, DEFAULT_REGION)
    if parsed.country_code == 46:
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
