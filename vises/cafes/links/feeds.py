"""The link of a volunteer's calendar feed: `/feeds/volunteer/<token>.ics`.

A calendar app fetches the feed again and again without logging in, so the token is the key:
a signed link (`vises.common.signed_links`, purpose `VOLUNTEER_FEED`, salt
"cafes.volunteer-feed") naming the volunteer's id that does not expire (a subscription must
keep working). It cannot be forged or altered; it stops working when the volunteer is
deactivated or leaves the register. The feed holds café details only (company, time, place,
the volunteer's role), never a participant's data.
"""

from __future__ import annotations

from django.urls import reverse

from vises.common.signed_links import LinkInvalid, LinkPurpose, link_load, link_sign
from vises.people.models import Volunteer

VOLUNTEER_FEED = LinkPurpose(salt="cafes.volunteer-feed", max_age=None)


def volunteer_feed_token(volunteer: Volunteer) -> str:
    if volunteer.pk is None:
        raise ValueError("a feed needs a saved volunteer")
    return link_sign(VOLUNTEER_FEED, volunteer.pk)


def volunteer_feed_path(volunteer: Volunteer) -> str:
    return reverse("volunteer_calendar_feed", kwargs={"token": volunteer_feed_token(volunteer)})


def volunteer_from_feed_token(token: str) -> Volunteer:
    """The active volunteer a genuine token names. Raises LinkInvalid."""
    volunteer = (
        Volunteer.objects.select_related("person")
        .filter(
            pk=link_load(VOLUNTEER_FEED, token), is_active=True, person__anonymised_at__isnull=True
        )
        .first()
    )
    if volunteer is None:
        raise LinkInvalid("the volunteer of this feed is not active")
    return volunteer
