"""Reads of volunteers in the café app: the user's volunteer profile, their feed's cafés."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from vises.cafes.models import CafeVolunteer
from vises.partnerships.models import Partnership
from vises.people.models import Volunteer

# How far back the feed reaches: recent cafés stay visible, old ones drop off.
PAST_DAYS = 60


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
