"""Reminders to the steering group a week before a meeting: one e-mail per meeting, in the
default language, to its attendees (every member of the group when none are chosen yet). The
notice says when and where and links to the meeting page; reading the agenda needs logging in.

A meeting is reminded once, on the first daily run seven days or less before it
(`reminder_sent_at` records it; a failing mail backend rolls the mark back, so the next run
tries again). A meeting planned closer than a week ahead is reminded on the next run.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from vises.common import audit
from vises.people.outbox.links import absolute_url
from vises.people.outbox.staff import Notice, notice_deliver
from vises.steering import selectors
from vises.steering.models import SteeringMeeting

ACTOR = "system:steering"
REMINDER_DAYS = 7
MEETING_REMINDER = Notice(
    "steering_meeting_reminder",
    gettext_noop("Vi Ses!: steering group meeting on %(day)s"),
)


def meeting_recipients(meeting: SteeringMeeting) -> list[str]:
    """The e-mail addresses of the meeting's active attendees, or of the whole group."""
    members = selectors.steering_members(partnership=meeting.partnership)
    chosen = set(meeting.attendees.values_list("pk", flat=True))
    if chosen:
        members = members.filter(pk__in=chosen)
    return sorted({m.user.email for m in members if m.user.email})


def due_meetings(today: date) -> list[int]:
    """Ids of the meetings to remind today: still to come, within the week, not reminded."""
    now = timezone.now()
    last_day = today + timedelta(days=REMINDER_DAYS)
    return [
        meeting.pk
        for meeting in SteeringMeeting.objects.filter(
            reminder_sent_at__isnull=True, starts_at__gt=now
        ).only("pk", "starts_at")
        if timezone.localdate(meeting.starts_at) <= last_day
    ]


def meeting_remind(meeting_id: int) -> int:
    """Send one meeting's reminder unless it went out already; returns the recipients."""
    with transaction.atomic():
        meeting = (
            SteeringMeeting.objects.select_for_update()
            .select_related("partnership")
            .filter(pk=meeting_id, reminder_sent_at__isnull=True)
            .first()
        )
        if meeting is None:
            return 0
        local = timezone.localtime(meeting.starts_at)
        path = reverse(
            "steering_meeting",
            kwargs={"slug": meeting.partnership.slug, "meeting_id": meeting.pk},
        )
        sent = notice_deliver(
            to=meeting_recipients(meeting),
            notice=MEETING_REMINDER,
            context={
                "partnership": meeting.partnership.name,
                "day": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "place": meeting.place,
                "url": absolute_url(path),
            },
        )
        meeting.reminder_sent_at = timezone.now()
        meeting.save(update_fields=["reminder_sent_at"])
        audit.log(
            ACTOR, "steering.steeringmeeting.reminder_sent", meeting, fields=["reminder_sent_at"]
        )
        return sent


def reminders_send(today: date | None = None) -> int:
    """Remind every meeting due today; returns how many meetings were reminded."""
    today = today or timezone.localdate()
    ids = due_meetings(today)
    for meeting_id in ids:
        meeting_remind(meeting_id)
    return len(ids)
