"""Referrals from municipal staff: "Kommunen bistår med kontakter" (the agreement).

An SFI teacher, a job coach or another municipal employee signs a person up on the public
form at /refer/<slug>/ with the consent they collected from the person. The person becomes a
participant like any other (referral source "municipal", consents of channel "referral"), the
coordinators are told that a referral came in (never who), and the person gets a welcome in
their own language with their own link, where they can see, correct or withdraw everything.

The referrer learns nothing about the person afterwards, and nothing tells them whether the
contact was already registered: a known contact becomes a new person just the same, and the
coordinator sees a duplicate warning and merges by hand (never automatically).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vises.common import audit
from vises.common.ratelimit import allow
from vises.common.validators import clean_text
from vises.partnerships.models import District, Partnership
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentText,
    Language,
    Person,
    Referral,
)
from vises.people.outbox.links import absolute_url
from vises.people.outbox.service import Basis, Message, message_send
from vises.people.outbox.staff import Notice, staff_notify
from vises.people.referral_models import REFERRER_EMAIL_DAYS
from vises.people.selectors import same_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import participant_set, person_create
from vises.people.validation import contact_clean

ACTOR = "link:referral"

# A municipal office may refer a whole SFI class from one address in an afternoon; one
# phone number or e-mail address is referred a few times a day at most (each time its owner
# gets a welcome message).
REFERRALS_PER_ADDRESS = 30
REFERRALS_WINDOW_SECONDS = 60 * 60
REFERRALS_PER_CONTACT = 3
REFERRALS_CONTACT_WINDOW_SECONDS = 24 * 60 * 60

# Languages of the register we write in under another code (Dari is written to in fa).
MESSAGE_LANGUAGE_OF = {"prs": "fa"}

REFERRAL_WELCOME = Message(
    "referral_welcome",
    gettext_noop("Welcome to Vi Ses!"),
    Basis.REGISTRATION,
    "people.person.welcome_sent",
)
REFERRAL_RECEIVED = Notice(
    "staff_referral_received", gettext_noop("Vi Ses!: a new referral from the municipality")
)


class TooManyReferrals(Exception):
    """The contact was referred too often today (the caller answers 429)."""


def referral_address_allowed(*, address: str) -> bool:
    """Count one referral attempt from the client address; False past the hour's limit."""
    return allow(
        scope="people.referral.address",
        key=address,
        limit=REFERRALS_PER_ADDRESS,
        window_seconds=REFERRALS_WINDOW_SECONDS,
    )


def _contact_allowed(*, phone: str, email: str) -> bool:
    return all(
        allow(
            scope="people.referral.contact",
            key=contact,
            limit=REFERRALS_PER_CONTACT,
            window_seconds=REFERRALS_CONTACT_WINDOW_SECONDS,
        )
        for contact in (phone, email.lower())
        if contact
    )


def message_language_for(language: Language) -> str:
    """The language we write to a speaker of `language` in: theirs when we have it, else
    Swedish (the default, written plainly)."""
    code = MESSAGE_LANGUAGE_OF.get(language.code, language.code)
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def referral_texts(*, partnership: Partnership) -> dict[str, ConsentText]:
    """The current Swedish consent text of each purpose the partnership has published: what
    the referrer reads out (the form is in Swedish). One query."""
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(
        partnership=partnership, language=settings.LANGUAGE_CODE
    ).order_by("purpose", "-version"):
        texts.setdefault(text.purpose, text)
    return texts


@transaction.atomic
def referral_submit(
    *,
    partnership: Partnership,
    referrer_role: str,
    referrer_unit: str,
    referrer_email: str,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    language: Language,
    district: District | None = None,
    wants: str,
    consents: dict[str, ConsentText],
    consent_language: Language,
) -> Referral:
    """Register the referred person and the referral; after commit, tell the coordinators and
    welcome the person in their language with their own link.

    `consents` are the texts the person said yes to (the versions shown); the register
    consent is required. Raises ValidationError with messages per field (the person's fields
    by their names, the referrer's as `referrer_*`), TooManyReferrals for a contact referred
    too often today.
    """
    if ConsentPurpose.REGISTER not in consents:
        raise ValidationError(
            {
                f"consent_{ConsentPurpose.REGISTER}": ValidationError(
                    _(
                        "Ask the person whether they want us to keep their details so that "
                        "they can take part. Without a yes we cannot accept the referral."
                    ),
                    code="consent_required",
                )
            }
        )
    contact = contact_clean(phone=phone, email=email)
    if not _contact_allowed(phone=contact.phone, email=contact.email):
        raise TooManyReferrals
    try:
        unit = clean_text(referrer_unit).strip()
    except ValidationError as error:
        raise ValidationError({"referrer_unit": error}) from error
    person = person_create(
        partnership=partnership,
        actor=ACTOR,
        languages=[language],
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=contact.phone,
        email=contact.email,
        language=message_language_for(language),
        district=district,
        referral_source=Person.ReferralSource.MUNICIPAL,
    )
    wants_friend = wants in (Referral.Wants.FRIEND, Referral.Wants.BOTH)
    participant_set(
        person=person,
        actor=ACTOR,
        wants_language_friend=wants_friend,
        waiting_since=timezone.localdate() if wants_friend else None,
    )
    for purpose, text in consents.items():
        consent_give(
            person=person,
            purpose=purpose,
            channel=ConsentChannel.REFERRAL,
            text=text,
            actor=ACTOR,
        )
    referral = Referral(
        partnership=partnership,
        person=person,
        referrer_role=referrer_role,
        referrer_unit=unit,
        referrer_email=referrer_email.strip(),
        wants=wants,
        consent_language=consent_language,
    )
    referral.full_clean()
    referral.save()
    audit.log(
        ACTOR,
        "people.referral.created",
        referral,
        fields=["referrer_role", "referrer_unit", "referrer_email", "wants", "consent_language"],
    )
    path = reverse("people_referral_list", kwargs={"slug": partnership.slug})
    staff_notify(
        partnership=partnership, notice=REFERRAL_RECEIVED, context={"url": absolute_url(path)}
    )
    message_send(person=person, message=REFERRAL_WELCOME, context={"wants": wants})
    return referral


@transaction.atomic
def referral_handle(*, referral: Referral, actor: AbstractBaseUser) -> Referral:
    """Mark the referral as handled by the staff member (a no-op when it already is)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.handled_at is None:
        referral.handled_at = timezone.now()
        referral.handled_by = actor  # type: ignore[assignment]
        referral.save(update_fields=["handled_at", "handled_by"])
        audit.log(actor, "people.referral.handled", referral, fields=["handled_at"])
    return referral


@transaction.atomic
def referrer_emails_expire(*, now: datetime | None = None) -> int:
    """Blank the referrer's e-mail of every referral older than REFERRER_EMAIL_DAYS; returns
    how many were blanked (the daily retention job)."""
    cutoff = (now or timezone.now()) - timedelta(days=REFERRER_EMAIL_DAYS)
    expired = list(
        Referral.objects.select_for_update()
        .filter(created_at__lt=cutoff)
        .exclude(referrer_email="")
        .select_related("partnership")
    )
    for referral in expired:
        referral.referrer_email = ""
        referral.save(update_fields=["referrer_email"])
        audit.log(
            "system:retention", "people.referral.expired", referral, fields=["referrer_email"]
        )
    return len(expired)


# Reads -----------------------------------------------------------------------------------


def _has_duplicate() -> Exists:
    """Another person of the partnership with the referred person's e-mail (any case) or
    phone (neither marked shared): what person_duplicates would find, as a subquery."""
    return Exists(
        Person.objects.filter(
            same_contact(email=OuterRef("person__email"), phone=OuterRef("person__phone")),
            partnership=OuterRef("partnership_id"),
            anonymised_at__isnull=True,
        ).exclude(pk=OuterRef("person_id"))
    )


def referral_list(*, partnership: Partnership, handled: bool | None = None) -> QuerySet[Referral]:
    """The partnership's referrals, newest first, with the person, the language the
    consent was explained in and the handler joined, and `has_duplicate` annotated (another
    person with the same contact: the coordinator merges by hand). `handled` True or False
    filters. One query, whatever the number of rows."""
    referrals = Referral.objects.filter(partnership=partnership)
    if handled is True:
        referrals = referrals.filter(handled_at__isnull=False)
    elif handled is False:
        referrals = referrals.filter(handled_at__isnull=True)
    return (
        referrals.select_related("person", "consent_language", "handled_by")
        .annotate(has_duplicate=_has_duplicate())
        .order_by("-created_at", "-pk")
    )


def referrals_open_count(*, partnership: Partnership) -> int:
    """How many referrals nobody has marked handled yet (one query)."""
    return Referral.objects.filter(partnership=partnership, handled_at__isnull=True).count()


def person_referrals(*, person: Person) -> list[Referral]:
    """The referrals of the person, newest first (one query)."""
    return list(Referral.objects.filter(person=person).order_by("-created_at", "-pk"))


def referral_export(referral: Referral) -> dict[str, Any]:
    """What the person's export shows of a referral (the referrer's e-mail is theirs, not
    the person's)."""
    return {
        "referrer_role": referral.referrer_role,
        "referrer_unit": referral.referrer_unit,
        "wants": referral.wants,
        "consent_language": referral.consent_language_id,
        "created_at": referral.created_at.isoformat(),
        "handled_at": referral.handled_at.isoformat() if referral.handled_at else None,
    }
