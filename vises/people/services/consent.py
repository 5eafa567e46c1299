"""Consent: versioned texts per purpose and language, given and withdrawn (DESIGN §6).

Withdrawing is as easy as giving: one call, from a signed link or by the coordinator.
Processing for a withdrawn purpose stops: selectors.person_has_consent is what messages and
matching ask before they touch a person.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.partnerships.models import Partnership
from vises.people.models import ConsentRecord, ConsentText, Person


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


@transaction.atomic
def consent_text_publish(
    *, partnership: Partnership, purpose: str, language: str, text: str, actor: audit.Actor
) -> ConsentText:
    """Publish a new version of a consent text; earlier consents keep their own version."""
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
    actor: audit.Actor,
) -> ConsentRecord:
    """Record that the person agrees to the current text of the purpose in their language.

    A consent already active for the purpose is kept as it is and returned.
    """
    active = ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if active is not None:
        return active
    language = language or person.language
    text = consent_text_current(partnership=person.partnership, purpose=purpose, language=language)
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
