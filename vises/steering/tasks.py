"""Background tasks of the steering group (arguments: none or ids only)."""

from __future__ import annotations

from django_tasks import task


@task()
def meeting_reminders_send() -> int:
    """The daily run: remind the steering group of the meetings a week ahead."""
    from vises.steering.reminders import reminders_send

    return reminders_send()
