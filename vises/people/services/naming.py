"""Texts that others read must not name the people in the register: the steering group's
minutes, the annual report's narratives (DESIGN §6: reports hold no personal data)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vises.partnerships.models import Partnership
from vises.people.selectors import participants_named_in


def no_participant_named(*, partnership: Partnership, texts: Mapping[str, str]) -> None:
    """Raise ValidationError, keyed by field, for each text that holds the whole name of a
    participant of the partnership (vises.people.selectors.participants_named_in). The
    message names them for the staff member who wrote it, so the text can be mended."""
    errors = {}
    for field, text in texts.items():
        named = participants_named_in(partnership=partnership, text=text)
        if named:
            errors[field] = ValidationError(
                _(
                    "The text names %(names)s, who is in the register as a participant. "
                    "Write it without the names of participants."
                )
                % {"names": ", ".join(f"{p.first_name} {p.last_name}" for p in named)},
                code="names_a_participant",
            )
    if errors:
        raise ValidationError(errors)
