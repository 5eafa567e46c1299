"""Background tasks of cross-cutting concerns."""

from __future__ import annotations

from django_tasks import task

from vises.common import audit


@task()
def audit_record_heads() -> int:
    """Daily: write each audit chain's head outside the database, so a cut-off tail shows."""
    return audit.record_heads()
