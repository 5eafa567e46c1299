"""Signed, expiring links that let a person act without an account (DESIGN §2).

A token holds the person's id, the link's purpose and how many days it lives, signed with
the secret key and stamped with the time it was made: it cannot be altered or forged, it
expires, and it holds no name, phone or e-mail. A token made for one purpose does not
open another (the purpose is part of the signature's salt).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from vises.people.models import Person

SALT = "vises.people.link"
SELF_SERVICE = "self_service"
DEFAULT_MAX_AGE_DAYS = 30
# However a token was made, it opens nothing after this.
LONGEST_MAX_AGE_DAYS = 180
DAY_SECONDS = 24 * 60 * 60


class LinkError(Exception):
    """The link does not open: see LinkExpired and LinkInvalid."""


class LinkExpired(LinkError):
    """The link was genuine but is too old."""


class LinkInvalid(LinkError):
    """The link was altered, made for another purpose, or its person is gone."""


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT}:{purpose}")


def person_token(
    *, person: Person, purpose: str = SELF_SERVICE, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> str:
    """A URL-safe token for the person and purpose, valid for `max_age_days` days."""
    if person.pk is None:
        raise ValueError("a link needs a saved person")
    if not 0 < max_age_days <= LONGEST_MAX_AGE_DAYS:
        raise ValueError(f"max_age_days must be 1–{LONGEST_MAX_AGE_DAYS}")
    return _signer(purpose).sign_object({"p": person.pk, "u": purpose, "d": max_age_days})


def person_link(
    *, person: Person, purpose: str = SELF_SERVICE, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> str:
    """The path of the person's own page, `/me/<token>/` (prefix settings.VISES_BASE_URL
    for a message)."""
    token = person_token(person=person, purpose=purpose, max_age_days=max_age_days)
    return reverse("self_service_home", kwargs={"token": token})


def person_id_from_token(token: str, purpose: str = SELF_SERVICE) -> int:
    """The person id a genuine, unexpired token names. Raises LinkExpired or LinkInvalid."""
    signer = _signer(purpose)
    try:
        payload = signer.unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise LinkInvalid("the link is not genuine") from error
    if not isinstance(payload, dict) or payload.get("u") != purpose:
        raise LinkInvalid("the link was made for another purpose")
    person_id, days = payload.get("p"), payload.get("d")
    if not isinstance(person_id, int) or not isinstance(days, int):
        raise LinkInvalid("the link is not genuine")
    # Genuine, so its own lifetime can be trusted; never longer than the longest we make.
    max_age = min(days, LONGEST_MAX_AGE_DAYS) * DAY_SECONDS
    try:
        signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired("the link has expired") from error
    return person_id


def person_from_token(token: str, purpose: str = SELF_SERVICE) -> Person:
    """The person a genuine, unexpired token names.

    Raises LinkExpired when the link is too old, LinkInvalid when it was altered, made for
    another purpose, or its person was erased or anonymised since.
    """
    person_id = person_id_from_token(token, purpose)
    person = (
        Person.objects.select_related("partnership", "district")
        .filter(pk=person_id, anonymised_at__isnull=True)
        .first()
    )
    if person is None:
        raise LinkInvalid("the person of this link is no longer in the register")
    return person


def person_by_contact(*, email: str = "", phone: str = "") -> Person | None:
    """The one person in the register with exactly this (normalised) e-mail or phone, or
    None when none or several have it (a shared family phone gets no link by phone)."""
    if email:
        matches = Person.objects.filter(email__iexact=email)
    elif phone:
        matches = Person.objects.filter(phone=phone)
    else:
        return None
    found = list(matches.filter(anonymised_at__isnull=True).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None
