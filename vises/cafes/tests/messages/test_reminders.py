"""Reminders 2 days and 2 hours before a café: planned in Europe/Stockholm, right across
daylight saving, sent once per registration however often the job runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from vises.cafes.messages import registrations, reminders
from vises.cafes.messages.reminders import due_reminders, reminder_due_at, reminder_send
from vises.cafes.models import Cafe, Registration, SentReminder
from vises.cafes.tasks import enqueue_due_reminders
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.scheduler import JOBS, IntervalJob, run_due_jobs

pytestmark = pytest.mark.django_db

TWO_DAYS = SentReminder.Kind.TWO_DAYS
TWO_HOURS = SentReminder.Kind.TWO_HOURS


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def confirmed_registration(starts_at: datetime, confirmed_at: datetime, **values) -> Registration:
    cafe = CafeFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1, minutes=30))
    person = {"language": "en", **values}
    return RegistrationFactory.create(
        cafe=cafe,
        confirmed_at=confirmed_at,
        **{f"person__{key}": value for key, value in person.items()},
    )


@pytest.mark.parametrize(
    ("kind", "starts_at", "due_at"),
    [
        # 2026-03-29 the clocks go forward. Monday 30 March 10:00 CEST = 08:00 UTC:
        # two hours before is 08:00 CEST = 06:00 UTC.
        (TWO_HOURS, "2026-03-30 08:00", "2026-03-30 06:00"),
        # Winter: Friday 27 March 10:00 CET = 09:00 UTC → 08:00 CET = 07:00 UTC.
        (TWO_HOURS, "2026-03-27 09:00", "2026-03-27 07:00"),
        # "2 days before" is the same local time two calendar days before: Saturday 28 March
        # 10:00 CET = 09:00 UTC, 47 hours before a café at 10:00 CEST.
        (TWO_DAYS, "2026-03-30 08:00", "2026-03-28 09:00"),
        (TWO_DAYS, "2026-03-27 09:00", "2026-03-25 09:00"),
        # 2026-10-25 the clocks go back: Monday 26 October 10:00 CET = 09:00 UTC is reminded
        # on Saturday 24 October 10:00 CEST = 08:00 UTC, 49 hours before.
        (TWO_DAYS, "2026-10-26 09:00", "2026-10-24 08:00"),
        (TWO_HOURS, "2026-10-26 09:00", "2026-10-26 07:00"),
    ],
)
def test_reminders_are_due_at_stockholm_wall_clock_times(kind, starts_at, due_at):
    assert reminder_due_at(kind=kind, starts_at=utc(starts_at)) == utc(due_at)


def test_across_the_change_to_summer_time_each_reminder_is_due_exactly_at_its_time():
    # Café Monday 2026-03-30 10:00 CEST, the day after the change; seat confirmed long before.
    registration = confirmed_registration(utc("2026-03-30 08:00"), utc("2026-03-20 12:00"))
    pair_2d, pair_2h = (registration.pk, TWO_DAYS), (registration.pk, TWO_HOURS)

    assert due_reminders(now=utc("2026-03-28 08:59:59")) == []
    assert due_reminders(now=utc("2026-03-28 09:00")) == [pair_2d]  # 10:00 CET
    SentReminder.objects.create(registration=registration, kind=TWO_DAYS)
    assert due_reminders(now=utc("2026-03-29 12:00")) == []
    assert due_reminders(now=utc("2026-03-30 05:59:59")) == []
    assert due_reminders(now=utc("2026-03-30 06:00")) == [pair_2h]  # 08:00 CEST
    SentReminder.objects.create(registration=registration, kind=TWO_HOURS)
    assert due_reminders(now=utc("2026-03-30 07:00")) == []


def test_in_winter_the_two_hour_reminder_is_due_at_08_local_which_is_07_utc():
    registration = confirmed_registration(utc("2026-03-27 09:00"), utc("2026-03-01 12:00"))
    SentReminder.objects.create(registration=registration, kind=TWO_DAYS)

    assert due_reminders(now=utc("2026-03-27 06:59:59")) == []
    assert due_reminders(now=utc("2026-03-27 07:00")) == [(registration.pk, TWO_HOURS)]


def test_a_late_scheduler_sends_only_the_latest_reminder_and_none_after_the_start():
    registration = confirmed_registration(utc("2026-03-30 08:00"), utc("2026-03-20 12:00"))

    assert due_reminders(now=utc("2026-03-30 07:30")) == [(registration.pk, TWO_HOURS)]
    assert due_reminders(now=utc("2026-03-30 08:00")) == []


def test_a_seat_confirmed_after_a_reminder_was_due_gets_only_the_later_one():
    # Signed up the day before: the receipt was enough, the 2-day reminder is not sent.
    registration = confirmed_registration(utc("2026-03-30 08:00"), utc("2026-03-29 12:00"))

    assert due_reminders(now=utc("2026-03-29 12:05")) == []
    assert due_reminders(now=utc("2026-03-30 06:00")) == [(registration.pk, TWO_HOURS)]


def test_only_confirmed_seats_at_cafes_that_take_place_are_reminded():
    starts_at, confirmed_at = utc("2026-03-30 08:00"), utc("2026-03-20 12:00")
    confirmed = confirmed_registration(starts_at, confirmed_at)
    for status in (
        Registration.Status.WAITLISTED,
        Registration.Status.INVITED,
        Registration.Status.CANCELLED,
        Registration.Status.DECLINED,
    ):
        RegistrationFactory(cafe=confirmed.cafe, status=status, confirmed_at=confirmed_at)
    cancelled_cafe = confirmed_registration(starts_at, confirmed_at)
    Cafe.objects.filter(pk=cancelled_cafe.cafe_id).update(status=Cafe.Status.CANCELLED)
    gone = confirmed_registration(starts_at, confirmed_at)
    gone.person.anonymised_at = utc("2026-03-21 00:00")
    gone.person.save()

    assert due_reminders(now=utc("2026-03-30 06:00")) == [(confirmed.pk, TWO_HOURS)]


def test_finding_due_reminders_takes_two_queries_however_many(django_assert_num_queries):
    for _ in range(5):
        confirmed_registration(utc("2026-03-30 08:00"), utc("2026-03-20 12:00"))

    with django_assert_num_queries(2):
        assert len(due_reminders(now=utc("2026-03-30 06:00"))) == 5


@pytest.fixture
def soon() -> Registration:
    """A café that starts within two hours from now (real time), seat confirmed a week ago."""
    now = datetime.now(UTC)
    return confirmed_registration(
        now + timedelta(hours=1, minutes=30), now - timedelta(days=7), email="amina@example.org"
    )


def test_running_the_reminder_job_twice_sends_the_reminder_once(soon, immediate_tasks):
    assert enqueue_due_reminders.call() == 1
    assert enqueue_due_reminders.call() == 0

    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    local_start = soon.cafe.starts_at.astimezone(reminders.STOCKHOLM)
    assert message.subject == f"Today at {local_start:%H:%M}: café at {soon.cafe.company.name}"
    assert "BEGIN:VEVENT" in message.attachments[0][1]
    reminder = SentReminder.objects.get()
    assert (reminder.registration_id, reminder.kind, reminder.channel) == (soon.pk, "2h", "email")


def test_two_workers_racing_on_one_reminder_send_it_once(soon):
    # The job ran twice before a worker picked either task up: both tasks run.
    assert reminder_send(registration_id=soon.pk, kind=TWO_HOURS) == "email"
    assert reminder_send(registration_id=soon.pk, kind=TWO_HOURS) == "skipped:already"

    assert len(mail.outbox) == 1


def test_a_failed_send_releases_its_claim_and_the_next_run_sends(soon, monkeypatch):
    def broken(**kwargs):
        raise ConnectionRefusedError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(registrations, "registration_reminder_send", broken)
        with pytest.raises(ConnectionRefusedError):
            reminder_send(registration_id=soon.pk, kind=TWO_HOURS)

    assert SentReminder.objects.count() == 0
    assert due_reminders() == [(soon.pk, TWO_HOURS)]
    assert reminder_send(registration_id=soon.pk, kind=TWO_HOURS) == "email"
    assert len(mail.outbox) == 1


def test_a_reminder_task_that_waited_past_the_start_sends_nothing():
    now = datetime.now(UTC)
    started = confirmed_registration(now - timedelta(minutes=5), now - timedelta(days=7))

    assert reminder_send(registration_id=started.pk, kind=TWO_HOURS) == "skipped:status"
    assert mail.outbox == []


def test_the_scheduler_runs_the_reminder_job_every_five_minutes():
    (job,) = [job for job in JOBS if job.name == "cafes.reminders"]
    assert isinstance(job, IntervalJob)
    assert job.every == timedelta(minutes=5)
    assert job.task() is enqueue_due_reminders
    assert job.last_due(utc("2026-03-29 01:04:59")) == utc("2026-03-29 01:00")
    assert job.last_due(utc("2026-03-29 01:05")) == utc("2026-03-29 01:05")

    def enqueued() -> int:
        return DBTaskResult.objects.filter(
            task_path="vises.cafes.tasks.enqueue_due_reminders"
        ).count()

    run_due_jobs(now=utc("2026-03-29 01:00"), jobs=[job])  # first start: plans from now on
    assert run_due_jobs(now=utc("2026-03-29 01:04"), jobs=[job]) == []
    assert run_due_jobs(now=utc("2026-03-29 01:05"), jobs=[job]) == ["cafes.reminders"]
    assert run_due_jobs(now=utc("2026-03-29 01:06"), jobs=[job]) == []
    assert run_due_jobs(now=utc("2026-03-29 01:10"), jobs=[job]) == ["cafes.reminders"]
    assert enqueued() == 2
