"""Signed links after a café (DESIGN §2): a participant's feedback link and the employees'
language-friend link.

Both tokens are TimestampSigner signatures with their own salt, so one never opens the
other: the feedback token names a registration, the friend token a café. Neither holds a
name, phone or e-mail; both expire.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from vises.cafes.models import Cafe, Registration

FEEDBACK_SALT = "cafes.feedback"
FRIEND_SALT = "cafes.friend"
DAY_SECONDS = 24 * 60 * 60
# Feedback is worth most in the weeks after the café; the friend link is forwarded inside
# the company, so it lives longer.
FEEDBACK_MAX_AGE_DAYS = 30
FRIEND_MAX_AGE_DAYS = 90


class FeedbackLinkError(Exception):
    """The link does not open: see FeedbackLinkExpired and FeedbackLinkInvalid."""


class FeedbackLinkExpired(FeedbackLinkError):
    """The link was genuine but is too old."""


class FeedbackLinkInvalid(FeedbackLinkError):
    """The link was altered, made for something else, or what it names is gone."""


def _unsign(token: str, *, salt: str, max_age_days: int) -> int:
    signer = signing.TimestampSigner(salt=salt)
    try:
        value = signer.unsign(token, max_age=max_age_days * DAY_SECONDS)
    except signing.SignatureExpired as error:
        raise FeedbackLinkExpired("the link has expired") from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise FeedbackLinkInvalid("the link is not genuine") from error
    if not value.isdigit():
        raise FeedbackLinkInvalid("the link is not genuine")
    return int(value)


def feedback_token(registration: Registration) -> str:
    if registration.pk is None:
        raise ValueError("a link needs a saved registration")
    return signing.TimestampSigner(salt=FEEDBACK_SALT).sign(str(registration.pk))


def feedback_link(registration: Registration) -> str:
    """The path of the registration's feedback page (prefix settings.VISES_BASE_URL)."""
    return reverse("cafe_feedback", kwargs={"token": feedback_token(registration)})


def feedback_registration(token: str) -> Registration:
    """The registration a genuine, unexpired feedback token names, with café, company and
    person. Raises FeedbackLinkExpired, or FeedbackLinkInvalid when altered, or when the
    registration or its person is gone or anonymised."""
    registration_id = _unsign(token, salt=FEEDBACK_SALT, max_age_days=FEEDBACK_MAX_AGE_DAYS)
    registration = (
        Registration.objects.select_related("cafe", "cafe__company", "person")
        .filter(pk=registration_id, person__anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise FeedbackLinkInvalid("the registration of this link is gone")
    return registration


def friend_token(cafe: Cafe) -> str:
    if cafe.pk is None:
        raise ValueError("a link needs a saved café")
    return signing.TimestampSigner(salt=FRIEND_SALT).sign(str(cafe.pk))


def friend_link(cafe: Cafe) -> str:
    """The path of the employees' language-friend form of the café."""
    return reverse("cafe_friend_signup", kwargs={"cafe_id": cafe.pk, "token": friend_token(cafe)})


def friend_cafe(*, cafe_id: int, token: str) -> Cafe:
    """The café a genuine, unexpired friend token names, when it is the café in the path
    and was not cancelled. Raises FeedbackLinkExpired or FeedbackLinkInvalid."""
    signed_id = _unsign(token, salt=FRIEND_SALT, max_age_days=FRIEND_MAX_AGE_DAYS)
    if signed_id != cafe_id:
        raise FeedbackLinkInvalid("the link names another café")
    cafe = (
        Cafe.objects.select_related("company", "partnership")
        .exclude(status=Cafe.Status.CANCELLED)
        .filter(pk=cafe_id)
        .first()
    )
    if cafe is None:
        raise FeedbackLinkInvalid("the café of this link is gone")
    return cafe
