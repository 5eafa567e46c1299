"""Retention (DESIGN §6): persons with no activity for their partnership's retention period
are anonymised by a daily job; statistics are identical before and after."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from vises.common.models import AuditEvent
from vises.common.scheduler import JOBS, run_due_jobs
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import Person
from vises.people.services.privacy import months_before, retention_apply, retention_candidates
from vises.people.tasks import retention_anonymise
from vises.people.tests.factories import (
    DistrictFactory,
    ParticipantFactory,
    PersonFactory,
    VolunteerFactory,
)

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def ago(**kwargs: int) -> datetime:
    return NOW - timedelta(**kwargs)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 6, 15, 12, tzinfo=UTC), 24, datetime(2024, 6, 15, 12, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 10, tzinfo=UTC), 13, datetime(2024, 12, 10, tzinfo=UTC)),
        (datetime(2024, 2, 29, tzinfo=UTC), 12, datetime(2023, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


@pytest.mark.django_db
def test_candidates_follow_each_partnerships_own_retention_period(partnership):
    short = PartnershipFactory.create(retention_months=6)
    due = PersonFactory.create(partnership=partnership, last_activity_at=ago(days=731))
    PersonFactory.create(partnership=partnership, last_activity_at=ago(days=700))  # 23 months
    due_short = PersonFactory.create(partnership=short, last_activity_at=ago(days=190))
    PersonFactory.create(partnership=short, last_activity_at=ago(days=150))

    assert list(retention_candidates(now=NOW)) == [due, due_short]


@pytest.mark.django_db
def test_anonymised_persons_and_active_volunteers_are_not_candidates(partnership):
    old = ago(days=1000)
    PersonFactory.create(partnership=partnership, last_activity_at=old, anonymised_at=ago(days=10))
    VolunteerFactory.create(person__partnership=partnership, person__last_activity_at=old)
    retired = VolunteerFactory.create(
        person__partnership=partnership, person__last_activity_at=old, is_active=False
    )

    assert list(retention_candidates(now=NOW)) == [retired.person]


def statistics() -> dict[str, list[tuple]]:
    return {
        field: list(Person.objects.values_list(field).annotate(n=Count("pk")).order_by(field))
        for field in ("gender", "district__name", "birth_year", "years_in_sweden", "partnership")
    }


@pytest.mark.django_db
def test_apply_anonymises_the_candidates_and_keeps_statistics_identical(
    partnership, django_capture_on_commit_callbacks
):
    districts = [DistrictFactory.create(partnership=partnership, name=n) for n in ("Ryd", "Berga")]
    for index in range(6):
        participant = ParticipantFactory.create(
            person__partnership=partnership,
            person__district=districts[index % 2],
            person__gender=[Person.Gender.WOMAN, Person.Gender.MAN][index % 2],
            person__birth_year=1980 + index,
            person__last_activity_at=ago(days=800 if index < 4 else 10),
        )
        participant.person.languages.set(["ar"])
    before = statistics()

    with django_capture_on_commit_callbacks(execute=True):
        count = retention_apply(now=NOW, actor="system:retention")

    assert count == 4
    assert statistics() == before
    assert Person.objects.filter(anonymised_at__isnull=False, first_name="", email="").count() == 4
    assert Person.objects.filter(anonymised_at__isnull=True).exclude(first_name="").count() == 2
    assert AuditEvent.objects.filter(action="people.person.anonymised").count() == 4
    assert retention_apply(now=NOW, actor="system:retention") == 0


@pytest.mark.django_db
def test_the_daily_task_anonymises_with_the_retention_actor(partnership):
    PersonFactory.create(partnership=partnership, last_activity_at=datetime(2000, 1, 1, tzinfo=UTC))

    assert retention_anonymise.call() == 1
    assert list(
        AuditEvent.objects.filter(action="people.person.anonymised").values_list("actor")
    ) == [("system:retention",)]


@pytest.mark.django_db
def test_the_scheduler_enqueues_retention_daily_at_03_30_stockholm_time():
    job = next(job for job in JOBS if job.name == "people.retention")
    assert job.at == time(3, 30)
    assert job.task() is retention_anonymise

    run_due_jobs(now=datetime(2026, 6, 14, 12, tzinfo=UTC), jobs=[job])
    assert run_due_jobs(now=datetime(2026, 6, 15, 1, 29, tzinfo=UTC), jobs=[job]) == []
    assert run_due_jobs(now=datetime(2026, 6, 15, 1, 30, tzinfo=UTC), jobs=[job]) == [
        "people.retention"
    ]
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("vises.people.tasks.retention_anonymise", {"args": [], "kwargs": {}})
    ]
