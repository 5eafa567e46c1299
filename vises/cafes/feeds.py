"""A volunteer's calendar feed: `/feeds/volunteer/<token>.ics`, the cafés they are assigned to.

A calendar app fetches the feed again and again without logging in, so the token is the key:
a TimestampSigner signature of the volunteer's id (salt "cafes.volunteer-feed") that does not
expire (a subscription must keep working). It cannot be forged or altered; it stops working
when the volunteer is deactivated or leaves the register. The feed holds café details only
(company, time, place, the volunteer's role), never a participant's data.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.cafes import ics
from vises.cafes.models import CafeVolunteer
from vises.partnerships.models import Partnership
from vises.people.models import Volunteer

SALT = "cafes.volunteer-feed"
# How far back the feed reaches: recent cafés stay visible, old ones drop off.
PAST_DAYS = 60


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


def volunteer_for_user(
    *, user: AbstractBaseUser | AnonymousUser, partnership: Partnership
) -> Volunteer | None:
    """The active volunteer profile linked to this user account in the partnership."""
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(
        user_id=user.pk, is_active=True, person__partnership=partnership
    ).first()


def volunteer_feed_assignments(
    *, volunteer: Volunteer, now: datetime | None = None
) -> QuerySet[CafeVolunteer]:
    """The volunteer's assignments to cafés ending after PAST_DAYS ago, soonest first, with
    café and company loaded (one query)."""
    now = now or timezone.now()
    return (
        CafeVolunteer.objects.filter(
            volunteer=volunteer, cafe__ends_at__gte=now - timedelta(days=PAST_DAYS)
        )
        .select_related("cafe", "cafe__company")
        .order_by("cafe__starts_at", "cafe__pk")
    )


def volunteer_feed_ics(*, volunteer: Volunteer, now: datetime | None = None) -> bytes:
    """The feed as an .ics in the volunteer's language."""
    with translation.override(volunteer.person.language):
        entries = []
        for assignment in volunteer_feed_assignments(volunteer=volunteer, now=now):
            cafe = assignment.cafe
            lines = [
                _("Your role: %(role)s") % {"role": assignment.get_role_display()},
                _("Where: %(company)s, %(place)s")
                % {"company": cafe.company.name, "place": cafe.place},
            ]
            if cafe.bus_stop:
                lines.append(_("Nearest bus stop: %(bus_stop)s") % {"bus_stop": cafe.bus_stop})
            if cafe.entrance:
                lines.append(_("Entrance: %(entrance)s") % {"entrance": cafe.entrance})
            if cafe.accessibility:
                lines.append(
                    _("Accessibility: %(accessibility)s") % {"accessibility": cafe.accessibility}
                )
            entries.append(
                ics.CalendarEntry(
                    uid=ics.cafe_uid(cafe),
                    cafe=cafe,
                    summary=_("Vi Ses! café at %(company)s") % {"company": cafe.company.name},
                    location=ics.cafe_location(cafe),
                    description="\n".join(lines),
                )
            )
        return ics.calendar_bytes(entries, name=_("Vi Ses!: my cafés"), now=now)
