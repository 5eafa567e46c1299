"""The person's own link to their café registration: `/r/<token>/` (DESIGN §2).

The token is a TimestampSigner signature of the registration id (salt "cafes.registration"):
it cannot be forged or altered, it expires, and it holds no name, phone or e-mail. The
registration's `reference` is an opaque receipt number and never opens anything by itself.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from vises.cafes.models import Registration

SALT = "cafes.registration"
# Long enough to reach past any café we plan (sign-ups open weeks ahead), short enough
# that an old receipt stops working.
MAX_AGE_DAYS = 120
MAX_AGE_SECONDS = MAX_AGE_DAYS * 24 * 60 * 60


class RegistrationLinkError(Exception):
    """The link does not open: see RegistrationLinkExpired and RegistrationLinkInvalid."""


class RegistrationLinkExpired(RegistrationLinkError):
    """The link was genuine but is too old."""


class RegistrationLinkInvalid(RegistrationLinkError):
    """The link was altered, or its registration is gone."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def registration_token(registration: Registration) -> str:
    """A URL-safe, signed, time-stamped token naming the registration."""
    if registration.pk is None:
        raise ValueError("a link needs a saved registration")
    return _signer().sign(str(registration.pk))


def registration_link(registration: Registration) -> str:
    """The path `/r/<token>/` of the registration's cancel/change page (prefix
    settings.VISES_BASE_URL for a message)."""
    return reverse("registration_link", kwargs={"token": registration_token(registration)})


def registration_id_from_token(token: str, *, max_age: int = MAX_AGE_SECONDS) -> int:
    """The registration id of a genuine, unexpired token.

    Raises RegistrationLinkExpired or RegistrationLinkInvalid.
    """
    try:
        value = _signer().unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise RegistrationLinkExpired("the link has expired") from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise RegistrationLinkInvalid("the link is not genuine") from error
    if not value.isdigit():
        raise RegistrationLinkInvalid("the link is not genuine")
    return int(value)


def registration_from_token(token: str) -> Registration:
    """The registration a genuine, unexpired token names, with café, company and person.

    Raises RegistrationLinkExpired, or RegistrationLinkInvalid when the token was altered or
    the registration (or its person) was erased or anonymised since.
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
        raise RegistrationLinkInvalid("the registration of this link is gone")
    return registration
