"""The one small scheduler loop: it enqueues periodic jobs, the worker runs them.

Each app registers its jobs (`scheduler.register(DailyJob(...))`) in its AppConfig.ready().

Times are planned in Europe/Stockholm and stored in UTC, so a job set for 03:15 runs at
03:15 local time on both sides of a daylight-saving change. A job that was due while the
scheduler was down is enqueued once when it comes back, not once per missed day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django_tasks.base import Task

from vises.common.models import ScheduledJobRun

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class DailyJob:
    name: str
    at: time  # local time in Europe/Stockholm
    task: Callable[[], Task]  # returns the task to enqueue (imported lazily)

    def last_due(self, now: datetime) -> datetime:
        """The latest planned run at or before `now`, as an aware UTC datetime."""
        today = now.astimezone(STOCKHOLM).date()
        # Compared in UTC: aware datetimes of one zone compare by wall clock, which is wrong
        # around a change (02:30 on the spring day is 03:30 CEST, later than 03:00 CEST).
        candidate = datetime.combine(today, self.at, tzinfo=STOCKHOLM).astimezone(UTC)
        if candidate > now:
            yesterday = today - timedelta(days=1)
            candidate = datetime.combine(yesterday, self.at, tzinfo=STOCKHOLM).astimezone(UTC)
        return candidate


# Interval slots count from a fixed instant, so every scheduler agrees on them.
INTERVAL_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class IntervalJob:
    """A job enqueued every `every` (e.g. 5 minutes), on slots counted in UTC."""

    name: str
    every: timedelta
    task: Callable[[], Task]  # returns the task to enqueue (imported lazily)

    def last_due(self, now: datetime) -> datetime:
        """The start of the latest slot at or before `now`, as an aware UTC datetime."""
        slots = (now - INTERVAL_EPOCH) // self.every
        return INTERVAL_EPOCH + slots * self.every


Job = DailyJob | IntervalJob


# The registry: each app adds its periodic jobs from its AppConfig.ready(), so a new app
# plugs in without editing this module. Tests may replace the list (monkeypatch JOBS).
JOBS: list[Job] = []


def register(job: Job) -> None:
    """Add a periodic job; a second job of the same name is an error."""
    for existing in JOBS:
        if existing.name == job.name:
            if existing == job:
                return  # the same app registering again (ready() run twice)
            raise ValueError(f"a scheduled job named {job.name} is registered already")
    JOBS.append(job)


def run_due_jobs(now: datetime | None = None, jobs: list[Job] | None = None) -> list[str]:
    """Enqueue every job that became due since its last run; returns their names."""
    now = now or datetime.now(UTC)
    enqueued = []
    for job in jobs if jobs is not None else JOBS:
        due = job.last_due(now)
        with transaction.atomic():
            run = ScheduledJobRun.objects.select_for_update().filter(name=job.name).first()
            if run is None:
                # First start: plan from now on; a fresh install does not replay the past.
                ScheduledJobRun.objects.create(name=job.name, last_due_at=due, enqueued_at=now)
                continue
            if run.last_due_at >= due:
                continue
            job.task().enqueue()
            run.last_due_at = due
            run.enqueued_at = now
            run.save(update_fields=["last_due_at", "enqueued_at"])
            enqueued.append(job.name)
    return enqueued
