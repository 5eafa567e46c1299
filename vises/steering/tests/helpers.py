"""Builders for the steering tests, through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from vises.partnerships.models import Membership, Partnership
from vises.steering import services
from vises.steering.models import SteeringMeeting

ACTOR = "system:test"
AGENDA = "1. Uppföljning\n2. Ekonomi"


def meeting_at(
    partnership: Partnership,
    starts_at: datetime,
    *,
    minutes: str = "",
    attendees: list[Membership] | None = None,
) -> SteeringMeeting:
    return services.meeting_create(
        partnership=partnership,
        starts_at=starts_at,
        place="Röda Korset, Linköping",
        agenda=AGENDA,
        minutes=minutes,
        attendees=attendees or [],
        actor=ACTOR,
    )


def days_from_now(days: int, hour: int = 14) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))
