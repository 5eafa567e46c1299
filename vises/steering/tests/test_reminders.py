"""A week before a meeting its attendees get one e-mail (the whole group when none are
chosen), naming nobody in the register; a meeting is reminded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from vises.common import scheduler
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.steering.reminders import reminders_send
from vises.steering.tests.helpers import days_from_now, meeting_at


def test_the_attendees_are_reminded_a_week_before_once(partnership, member, settings):
    settings.VISES_BASE_URL = "https://vises.example.org"
    coordinator, municipal = member(Role.COORDINATOR), member(Role.MUNICIPAL)
    member(Role.MANAGER)  # in the group, not attending
    meeting = meeting_at(partnership, days_from_now(7, hour=13), attendees=[coordinator, municipal])
    day = timezone.localdate() + timedelta(days=7)

    assert reminders_send() == 1
    assert reminders_send() == 0  # once

    (message,) = mail.outbox
    assert sorted(message.to) == sorted([coordinator.user.email, municipal.user.email])
    assert message.subject == f"Vi Ses!: styrgruppsmöte den {day.isoformat()}"
    assert (
        f"Styrgruppen för {partnership.name} sammanträder den {day.isoformat()} kl. 13:00, "
        "Röda Korset, Linköping." in message.body
    )
    assert f"https://vises.example.org/p/{partnership.slug}/steering/{meeting.pk}/" in message.body
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None
    assert AuditEvent.objects.filter(action="steering.steeringmeeting.reminder_sent").count() == 1


def test_without_attendees_the_whole_group_is_reminded(partnership, member):
    group = [member(role) for role in (Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL)]
    member(Role.VOLUNTEER)
    meeting_at(partnership, days_from_now(3))

    reminders_send()

    (message,) = mail.outbox
    assert sorted(message.to) == sorted(m.user.email for m in group)


def test_meetings_further_ahead_or_past_are_not_reminded(partnership, member):
    member(Role.COORDINATOR)
    meeting_at(partnership, days_from_now(8))
    meeting_at(partnership, days_from_now(-1))

    assert reminders_send() == 0
    assert mail.outbox == []


def test_a_failing_mail_backend_leaves_the_reminder_for_the_next_run(partnership, member, settings):
    member(Role.COORDINATOR)
    meeting = meeting_at(partnership, days_from_now(5))
    settings.EMAIL_BACKEND = "vises.steering.tests.test_reminders.FailingBackend"

    with pytest.raises(ConnectionError):
        reminders_send()

    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


class FailingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionError("the mail server is down")


def test_the_daily_job_is_registered_at_eight():
    (job,) = [job for job in scheduler.JOBS if job.name == "steering.reminders"]
    assert job.at.hour == 8
    assert job.task().name == "meeting_reminders_send"
