"""The scheduler enqueues a daily job once when it is due, at the same Stockholm wall-clock
time on both sides of a daylight-saving change."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import UTC, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from vises.common import audit, scheduler
from vises.common.models import ScheduledJobRun
from vises.common.scheduler import JOBS, DailyJob, run_due_jobs
from vises.common.tasks import audit_record_heads

TASK_PATH = "vises.common.tasks.audit_record_heads"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def enqueued() -> int:
    return DBTaskResult.objects.filter(task_path=TASK_PATH).count()


AUDIT_JOB = next(job for job in JOBS if job.name == "audit.record_heads")


@pytest.fixture(autouse=True)
def _only_the_audit_job(monkeypatch) -> None:
    """These tests follow one job; other apps' jobs are tested with their apps."""
    monkeypatch.setattr(scheduler, "JOBS", [AUDIT_JOB])


def test_the_daily_audit_job_is_planned_at_03_15_stockholm_time():
    job = AUDIT_JOB
    assert (job.name, job.at) == ("audit.record_heads", time(3, 15))
    assert job.task() is audit_record_heads


@pytest.mark.parametrize(
    ("now", "last_due"),
    [
        # Winter time (CET, UTC+1): 03:15 local is 02:15 UTC.
        ("2026-03-28 02:14:59", "2026-03-27 02:15"),
        ("2026-03-28 02:15:00", "2026-03-28 02:15"),
        # 2026-03-29 the clocks go forward at 02:00 local: 03:15 CEST is 01:15 UTC.
        ("2026-03-29 01:14:59", "2026-03-28 02:15"),
        ("2026-03-29 01:15:00", "2026-03-29 01:15"),
        ("2026-03-29 23:59:59", "2026-03-29 01:15"),
        ("2026-07-01 01:15:00", "2026-07-01 01:15"),
        # 2026-10-25 the clocks go back at 03:00 local: 03:15 CET is 02:15 UTC.
        ("2026-10-25 01:15:00", "2026-10-24 01:15"),
        ("2026-10-25 02:14:59", "2026-10-24 01:15"),
        ("2026-10-25 02:15:00", "2026-10-25 02:15"),
        ("2026-10-26 02:15:00", "2026-10-26 02:15"),
    ],
)
def test_the_last_planned_run_follows_stockholm_time(now, last_due):
    job = AUDIT_JOB
    assert job.last_due(utc(now)) == utc(last_due)


def test_a_fresh_install_plans_from_now_on_without_replaying_the_past(db):
    assert run_due_jobs(now=utc("2026-03-28 12:00")) == []

    assert enqueued() == 0
    assert ScheduledJobRun.objects.values_list("name", "last_due_at").get() == (
        "audit.record_heads",
        utc("2026-03-28 02:15"),
    )


def test_the_daily_job_is_enqueued_once_when_due_across_both_daylight_saving_changes(db):
    run_due_jobs(now=utc("2026-03-28 12:00"))  # the scheduler starts

    # Spring: due at 03:15 CEST = 01:15 UTC, not an hour later.
    assert run_due_jobs(now=utc("2026-03-29 01:14:59")) == []
    assert enqueued() == 0
    assert run_due_jobs(now=utc("2026-03-29 01:15:00")) == ["audit.record_heads"]
    assert enqueued() == 1
    assert run_due_jobs(now=utc("2026-03-29 01:15:00")) == []
    assert run_due_jobs(now=utc("2026-03-29 01:15:30")) == []
    assert run_due_jobs(now=utc("2026-03-29 02:15:00")) == []  # the winter-time slot
    assert enqueued() == 1
    assert run_due_jobs(now=utc("2026-03-30 01:15:00")) == ["audit.record_heads"]
    assert enqueued() == 2

    # The scheduler was down for months: one run when it comes back, not one per day.
    assert run_due_jobs(now=utc("2026-10-24 09:00")) == ["audit.record_heads"]
    assert enqueued() == 3

    # Autumn: due at 03:15 CET = 02:15 UTC, not an hour earlier.
    assert run_due_jobs(now=utc("2026-10-25 01:15:00")) == []  # the summer-time slot
    assert run_due_jobs(now=utc("2026-10-25 02:14:59")) == []
    assert enqueued() == 3
    assert run_due_jobs(now=utc("2026-10-25 02:15:00")) == ["audit.record_heads"]
    assert run_due_jobs(now=utc("2026-10-25 02:16:00")) == []
    assert enqueued() == 4

    assert ScheduledJobRun.objects.values_list("last_due_at", "enqueued_at").get() == (
        utc("2026-10-25 02:15"),
        utc("2026-10-25 02:15"),
    )
    assert set(DBTaskResult.objects.values_list("task_path", "status")) == {(TASK_PATH, "READY")}


@pytest.fixture
def job_at_half_past_two() -> list[DailyJob]:
    # 02:30 does not exist on the spring day and happens twice on the autumn day.
    return [DailyJob("test.half_past_two", time(2, 30), lambda: audit_record_heads)]


def test_a_job_at_a_skipped_local_time_runs_once_and_not_before_its_hour(db, job_at_half_past_two):
    run_due_jobs(now=utc("2026-03-28 12:00"), jobs=job_at_half_past_two)

    # 01:00 UTC is 03:00 CEST; 02:30 was skipped, and its planned instant is 01:30 UTC.
    assert run_due_jobs(now=utc("2026-03-29 01:00"), jobs=job_at_half_past_two) == []
    assert run_due_jobs(now=utc("2026-03-29 01:29:59"), jobs=job_at_half_past_two) == []
    assert run_due_jobs(now=utc("2026-03-29 01:30"), jobs=job_at_half_past_two) == [
        "test.half_past_two"
    ]
    assert run_due_jobs(now=utc("2026-03-29 03:00"), jobs=job_at_half_past_two) == []
    assert enqueued() == 1


def test_a_job_at_a_repeated_local_time_runs_once(db, job_at_half_past_two):
    run_due_jobs(now=utc("2026-10-24 12:00"), jobs=job_at_half_past_two)

    # 02:30 CEST (00:30 UTC) comes first, then 02:30 CET (01:30 UTC) again.
    assert run_due_jobs(now=utc("2026-10-25 00:29:59"), jobs=job_at_half_past_two) == []
    assert run_due_jobs(now=utc("2026-10-25 00:30"), jobs=job_at_half_past_two) == [
        "test.half_past_two"
    ]
    assert run_due_jobs(now=utc("2026-10-25 01:20"), jobs=job_at_half_past_two) == []
    assert run_due_jobs(now=utc("2026-10-25 01:30"), jobs=job_at_half_past_two) == []
    assert run_due_jobs(now=utc("2026-10-25 23:00"), jobs=job_at_half_past_two) == []
    assert enqueued() == 1


def test_with_the_immediate_backend_the_due_job_writes_the_audit_heads(settings, partnership):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    event = audit.log("system:test", "partnerships.partnership.viewed", partnership)
    run_due_jobs(now=utc("2026-03-28 12:00"))

    assert run_due_jobs(now=utc("2026-03-29 01:15")) == ["audit.record_heads"]

    (line,) = settings.VISES_AUDIT_HEADS_FILE.read_text().splitlines()
    assert f'"chain": "partnership:{partnership.pk}", "seq": 1, "hash": "{event.hash}"' in line


@pytest.fixture
def signal_handlers() -> Iterator[None]:
    """The command installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGINT, saved[0])
    signal.signal(signal.SIGTERM, saved[1])


# The command closes stale connections on each round, so it cannot run inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_checks_once_and_says_what_it_enqueued(signal_handlers):
    ScheduledJobRun.objects.create(
        name="audit.record_heads",
        last_due_at=utc("2026-01-01 02:15"),
        enqueued_at=utc("2026-01-01 02:15"),
    )
    out = StringIO()

    call_command("scheduler", "--once", stdout=out)

    assert out.getvalue() == "enqueued audit.record_heads\n"
    assert enqueued() == 1

    call_command("scheduler", "--once", stdout=out)

    assert enqueued() == 1
