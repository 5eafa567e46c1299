"""Validators shared by several domains."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def normalise_org_number(value: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN, or ValidationError in the user's language.

    A sole trader's number is their personnummer (third digit below 2), which we never
    collect (DESIGN §6), so it is refused with that reason.
    """
    compact = orgnr.compact(value or "")
    try:
        orgnr.validate(compact)
    except StdnumError as error:
        raise ValidationError(
            _("Enter a valid Swedish organisation number, e.g. 212000-0449."), code="invalid"
        ) from error
    if int(compact[2]) < 2:
        raise ValidationError(
            _(
                "This is a personal identity number (a sole trader's). Leave the organisation "
                "number empty instead: we do not store personal identity numbers."
            ),
            code="personal_identity_number",
        )
    return str(orgnr.format(compact))


def validate_org_number(value: str) -> None:
    normalise_org_number(value)


# Characters that reorder the text around them (U+202A–U+202E embeddings and overrides, U+2066–
# U+2069 isolates, the marks U+200E, U+200F and U+061C): in a stored name they could make a
# list or a title read differently from what it holds, so they are removed on the way in.
BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None: a NUL (PostgreSQL refuses it) or a lone
    surrogate (not a character: no database can encode it)."""
    if "\x00" in value:
        return str(_("Remove the invisible null character from this text."))
    if any(0xD800 <= ord(character) <= 0xDFFF for character in value):
        return str(_("This text holds a broken character. Type it again."))
    return None


def clean_text(value: str) -> str:
    """`value` without bidirectional control characters; ValidationError (code "invalid") for
    a NUL or a lone surrogate."""
    problem = text_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid")
    return value.translate(BIDI_CONTROLS)


def clean_text_fields(values: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`values` with clean_text applied to each of `fields` that holds text; ValidationError
    with the message on each field that cannot be stored."""
    cleaned = dict(values)
    errors: dict[str, ValidationError] = {}
    for field in fields:
        if isinstance(cleaned.get(field), str):
            try:
                cleaned[field] = clean_text(cleaned[field])
            except ValidationError as error:
                errors[field] = error
    if errors:
        raise ValidationError(errors)
    return cleaned
