"""Marking a café as held queues the after-café messages (three questions, friend sign-up)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vises.cafes.models import Cafe
from vises.cafes.services.cafes import cafe_mark_held
from vises.cafes.tests.factories import CafeFactory


def test_marking_a_cafe_held_queues_the_feedback_requests_once(
    db, django_capture_on_commit_callbacks
) -> None:
    start = timezone.now() - timedelta(hours=2)
    cafe = CafeFactory.create(
        starts_at=start, ends_at=start + timedelta(hours=1), signup_deadline=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        cafe_mark_held(cafe=cafe, actor="system:test")

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.HELD
    queued = DBTaskResult.objects.filter(task_path__endswith="send_feedback_requests")
    assert [result.args_kwargs["args"] for result in queued] == [[cafe.pk]]
