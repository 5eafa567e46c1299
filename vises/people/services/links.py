"""Signed, expiring links that let a person act without an account (DESIGN §2).

A token holds the person's id, the link's purpose and how many days it lives, signed with
the secret key and stamped with the time it was made (`vises.common.signed_links`, salt
`vises.people.link:<purpose>`): it cannot be altered or forged, it expires, and it holds no
name, phone or e-mail. A token made for one purpose does not open another.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from vises.common.signed_links import (
    LinkError,
    LinkExpired,
    LinkInvalid,
    LinkPurpose,
    link_load_object,
    link_sign_object,
)
from vises.people.models import Person

__all__ = [
    "LinkError",
    "LinkExpired",
    "LinkInvalid",
    "person_from_token",
    "person_id_from_token",
    "person_link",
    "person_token",
]

SALT = "vises.people.link"
SELF_SERVICE = "self_service"
DEFAULT_MAX_AGE_DAYS = 30
# However a token was made, it opens nothing after this.
LONGEST_MAX_AGE_DAYS = 180


def link_purpose(purpose: str) -> LinkPurpose:
    """The signed-link purpose of a person link; each token carries its own shorter life."""
    return LinkPurpose(salt=f"{SALT}:{purpose}", max_age=timedelta(days=LONGEST_MAX_AGE_DAYS))


def person_token(
    *, person: Person, purpose: str = SELF_SERVICE, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> str:
    """A URL-safe token for the person and purpose, valid for `max_age_days` days."""
    if person.pk is None:
        raise ValueError("a link needs a saved person")
    if not 0 < max_age_days <= LONGEST_MAX_AGE_DAYS:
        raise ValueError(f"max_age_days must be 1–{LONGEST_MAX_AGE_DAYS}")
    return link_sign_object(
        link_purpose(purpose), {"p": person.pk, "u": purpose, "d": max_age_days}
    )


def person_link(
    *, person: Person, purpose: str = SELF_SERVICE, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> str:
    """The path of the person's own page, `/me/<token>/` (prefix settings.VISES_BASE_URL
    for a message)."""
    token = person_token(person=person, purpose=purpose, max_age_days=max_age_days)
    return reverse("self_service_home", kwargs={"token": token})


def person_id_from_token(token: str, purpose: str = SELF_SERVICE) -> int:
    """The person id a genuine, unexpired token names. Raises LinkExpired or LinkInvalid."""
    signed_for = link_purpose(purpose)
    payload = link_load_object(signed_for, token, max_age=None)
    if payload.get("u") != purpose:
        raise LinkInvalid("the link was made for another purpose")
    person_id, days = payload.get("p"), payload.get("d")
    if not isinstance(person_id, int) or not isinstance(days, int):
        raise LinkInvalid("the link is not genuine")
    # Genuine, so its own lifetime can be trusted; never longer than the longest we make.
    link_load_object(signed_for, token, max_age=timedelta(days=min(days, LONGEST_MAX_AGE_DAYS)))
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
