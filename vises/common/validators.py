"""Validators shared by several domains."""

from __future__ import annotations

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
