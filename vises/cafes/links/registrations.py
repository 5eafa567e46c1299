"""The person's own link to their café registration: `/r/<token>/` (DESIGN §2).

A signed link (`vises.common.signed_links`, purpose `REGISTRATION`, salt "cafes.registration")
naming the registration id: it cannot be forged or altered, it expires, and it holds no name,
phone or e-mail. The registration's `reference` is an opaque receipt number and never opens
anything by itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from vises.cafes.models import Registration
from vises.common.signed_links import LinkInvalid, LinkPurpose, link_load, link_sign

# Long enough to reach past any café we plan (sign-ups open weeks ahead), short enough
# that an old receipt stops working.
MAX_AGE_DAYS = 120
MAX_AGE_SECONDS = MAX_AGE_DAYS * 24 * 60 * 60
REGISTRATION = LinkPurpose(salt="cafes.registration", max_age=timedelta(days=MAX_AGE_DAYS))


def registration_token(registration: Registration) -> str:
    """A URL-safe, signed, time-stamped token naming the registration."""
    if registration.pk is None:
        raise ValueError("a link needs a saved registration")
    return link_sign(REGISTRATION, registration.pk)


def registration_link(registration: Registration) -> str:
    """The path `/r/<token>/` of the registration's cancel/change page (prefix
    settings.VISES_BASE_URL for a message)."""
    return reverse("registration_link", kwargs={"token": registration_token(registration)})


def registration_id_from_token(token: str) -> int:
    """The registration id of a genuine, unexpired token. Raises LinkExpired or LinkInvalid."""
    return link_load(REGISTRATION, token)


def registration_from_token(token: str) -> Registration:
    """The registration a genuine, unexpired token names, with café, company and person.

    Raises LinkExpired, or LinkInvalid when the token was altered or the registration (or
    its person) was erased or anonymised since.
    """
    registration_id = registration_id_from_token(token)
    registration = (
        Registration.objects.select_related(
            "cafe", "cafe__company", "cafe__company__district", "person"
        )
        .filter(pk=registration_id, person__anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise LinkInvalid("the registration of this link is gone")
    return registration
