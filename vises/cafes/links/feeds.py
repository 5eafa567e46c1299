"""The link of a volunteer's calendar feed: `/feeds/volunteer/<token>.ics`.

A calendar app fetches the feed again and again without logging in, so the token is the key:
a TimestampSigner signature of the volunteer's id (salt "cafes.volunteer-feed") that does not
expire (a subscription must keep working). It cannot be forged or altered; it stops working
when the volunteer is deactivated or leaves the register. The feed holds café details only
(company, time, place, the volunteer's role), never a participant's data.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from vises.people.models import Volunteer

SALT = "cafes.volunteer-feed"


class FeedTokenInvalid(Exception):
    """The token was altered, or its volunteer is inactive or gone."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def volunteer_feed_token(volunteer: Volunteer) -> str:
    if volunteer.pk is None:
        raise ValueError("a feed needs a saved volunteer")
    return _signer().sign(str(volunteer.pk))


def volunteer_feed_path(volunteer: Volunteer) -> str:
    return reverse("volunteer_calendar_feed", kwargs={"token": volunteer_feed_token(volunteer)})


def volunteer_from_feed_token(token: str) -> Volunteer:
    """The active volunteer a genuine token names. Raises FeedTokenInvalid."""
    try:
        value = _signer().unsign(token)  # no max_age: subscriptions do not expire
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise FeedTokenInvalid("the feed link is not genuine") from error
    if not value.isdigit():
        raise FeedTokenInvalid("the feed link is not genuine")
    volunteer = (
        Volunteer.objects.select_related("person")
        .filter(pk=int(value), is_active=True, person__anonymised_at__isnull=True)
        .first()
    )
    if volunteer is None:
        raise FeedTokenInvalid("the volunteer of this feed is not active")
    return volunteer
