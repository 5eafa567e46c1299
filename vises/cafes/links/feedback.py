"""Signed links after a café (DESIGN §2): a participant's feedback link and the employees'
language-friend link.

Both are signed links (`vises.common.signed_links`) with their own purpose and salt, so one
never opens the other: the feedback token names a registration, the friend token a café.
Neither holds a name, phone or e-mail; both expire.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from vises.cafes.models import Cafe, Registration
from vises.common.signed_links import LinkInvalid, LinkPurpose, link_load, link_sign

# Feedback is worth most in the weeks after the café; the friend link is forwarded inside
# the company, so it lives longer.
FEEDBACK_MAX_AGE_DAYS = 30
FRIEND_MAX_AGE_DAYS = 90
FEEDBACK = LinkPurpose(salt="cafes.feedback", max_age=timedelta(days=FEEDBACK_MAX_AGE_DAYS))
FRIEND = LinkPurpose(salt="cafes.friend", max_age=timedelta(days=FRIEND_MAX_AGE_DAYS))


def feedback_token(registration: Registration) -> str:
    if registration.pk is None:
        raise ValueError("a link needs a saved registration")
    return link_sign(FEEDBACK, registration.pk)


def feedback_link(registration: Registration) -> str:
    """The path of the registration's feedback page (prefix settings.VISES_BASE_URL)."""
    return reverse("cafe_feedback", kwargs={"token": feedback_token(registration)})


def feedback_registration(token: str) -> Registration:
    """The registration a genuine, unexpired feedback token names, with café, company and
    person. Raises LinkExpired, or LinkInvalid when altered, or when the registration or its
    person is gone or anonymised."""
    registration_id = link_load(FEEDBACK, token)
    registration = (
        Registration.objects.select_related("cafe", "cafe__company", "person")
        .filter(pk=registration_id, person__anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise LinkInvalid("the registration of this link is gone")
    return registration


def friend_token(cafe: Cafe) -> str:
    if cafe.pk is None:
        raise ValueError("a link needs a saved café")
    return link_sign(FRIEND, cafe.pk)


def friend_link(cafe: Cafe) -> str:
    """The path of the employees' language-friend form of the café."""
    return reverse("cafe_friend_signup", kwargs={"cafe_id": cafe.pk, "token": friend_token(cafe)})


def friend_cafe(*, cafe_id: int, token: str) -> Cafe:
    """The café a genuine, unexpired friend token names, when it is the café in the path
    and was not cancelled. Raises LinkExpired or LinkInvalid."""
    if link_load(FRIEND, token) != cafe_id:
        raise LinkInvalid("the link names another café")
    cafe = (
        Cafe.objects.select_related("company", "partnership")
        .exclude(status=Cafe.Status.CANCELLED)
        .filter(pk=cafe_id)
        .first()
    )
    if cafe is None:
        raise LinkInvalid("the café of this link is gone")
    return cafe
