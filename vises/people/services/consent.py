"""Consent: versioned texts per purpose and language, given and withdrawn (DESIGN §6).

Withdrawing is as easy as giving: one call, from a signed link or by the coordinator.
Processing for a withdrawn purpose stops: selectors.person_has_consent is what messages and
matching ask before they touch a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.common.validators import clean_text
from vises.partnerships.models import Partnership
from vises.people.models import ConsentPurpose, ConsentRecord, ConsentText, Person


def consent_text_current(*, partnership: Partnership, purpose: str, language: str) -> ConsentText:
    """The newest text for the purpose in the language, falling back to Swedish.

    Raises ConsentText.DoesNotExist when the partnership has no text for the purpose.
    """
    texts = ConsentText.objects.filter(partnership=partnership, purpose=purpose)
    text = texts.filter(language=language).order_by("-version").first()
    if text is None:
        text = texts.filter(language=settings.LANGUAGE_CODE).order_by("-version").first()
    if text is None:
        raise ConsentText.DoesNotExist(f"no consent text for {purpose}")
    return text


@dataclass(frozen=True)
class ConsentTextCell:
    """One purpose in one language: its newest version, or None when none is published."""

    purpose: str
    language: str
    text: ConsentText | None


@dataclass(frozen=True)
class ConsentTextRow:
    purpose: str
    label: str
    cells: list[ConsentTextCell]


def consent_text_grid(*, partnership: Partnership) -> list[ConsentTextRow]:
    """The newest version of every purpose (rows) in every language of settings.LANGUAGES
    (cells, in that order), None where none is published. One query, whatever the history."""
    newest: dict[tuple[str, str], ConsentText] = {}
    for text in ConsentText.objects.filter(partnership=partnership).order_by(
        "purpose", "language", "-version"
    ):
        newest.setdefault((text.purpose, text.language), text)
    return [
        ConsentTextRow(
            purpose,
            str(label),
            [
                ConsentTextCell(purpose, code, newest.get((purpose, code)))
                for code, _name in settings.LANGUAGES
            ],
        )
        for purpose, label in ConsentPurpose.choices
    ]


@transaction.atomic
def consent_text_publish(
    *, partnership: Partnership, purpose: str, language: str, text: str, actor: audit.Actor
) -> ConsentText:
    """Publish a new version of a consent text (the newest + 1, or 1): never a change to an
    old one, which consents given point to. The text is stored stripped and without
    bidirectional controls. Raises ValidationError (per field) for an empty text, a NUL, an
    unknown purpose or language."""
    text = clean_text(text).strip()
    latest = (
        ConsentText.objects.select_for_update()
        .filter(partnership=partnership, purpose=purpose, language=language)
        .order_by("-version")
        .first()
    )
    consent_text = ConsentText(
        partnership=partnership,
        purpose=purpose,
        language=language,
        version=(latest.version + 1) if latest else 1,
        text=text,
    )
    consent_text.full_clean()
    consent_text.save()
    audit.log(actor, "people.consenttext.published", consent_text, fields=["text", "version"])
    return consent_text


@transaction.atomic
def consent_give(
    *,
    person: Person,
    purpose: str,
    channel: str,
    language: str | None = None,
    collected_by: AbstractBaseUser | None = None,
    text: ConsentText | None = None,
    actor: audit.Actor,
) -> ConsentRecord:
    """Record that the person agrees to the current text of the purpose in their language,
    or to `text`, the version they were shown (a form that showed it pins it).

    A consent already active for the purpose is kept as it is and returned. Raises
    ValueError for a `text` of another purpose or partnership.
    """
    active = ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if active is not None:
        return active
    if text is None:
        text = consent_text_current(
            partnership=person.partnership, purpose=purpose, language=language or person.language
        )
    elif text.purpose != purpose or text.partnership_id != person.partnership_id:
        raise ValueError("the consent text is of another purpose or partnership")
    record = ConsentRecord(
        person=person,
        purpose=purpose,
        text=text,
        language=text.language,
        channel=channel,
        collected_by=collected_by,  # type: ignore[misc]
    )
    record.full_clean()
    record.save()
    audit.log(
        actor, "people.consent.given", record, partnership=person.partnership, fields=["purpose"]
    )
    return record


@transaction.atomic
def consent_withdraw(*, person: Person, purpose: str, channel: str, actor: audit.Actor) -> int:
    """Withdraw the person's active consent for the purpose; returns how many were withdrawn."""
    now = timezone.now()
    records = list(
        ConsentRecord.objects.select_for_update().filter(
            person=person, purpose=purpose, withdrawn_at__isnull=True
        )
    )
    for record in records:
        record.withdrawn_at = now
        record.withdrawn_channel = channel
        record.save(update_fields=["withdrawn_at", "withdrawn_channel"])
        audit.log(
            actor,
            "people.consent.withdrawn",
            record,
            partnership=person.partnership,
            fields=["withdrawn_at"],
        )
    return len(records)
