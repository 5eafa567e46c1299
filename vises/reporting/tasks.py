"""Background tasks of reporting: making an annual report's file (the page shows progress)."""

from __future__ import annotations

from django_tasks import task


@task()
def report_file_make(file_id: int) -> str:
    from vises.reporting.services import report_file_make as make

    return make(file_id=file_id)
