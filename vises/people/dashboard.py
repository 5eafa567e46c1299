"""Reads of the register for the start pages (their panels are in vises.people.panels)."""

from __future__ import annotations

from vises.partnerships.models import Partnership
from vises.people.models import Concern


def open_concerns_count(*, partnership: Partnership) -> int:
    """How many concerns people reported that nobody has marked handled yet (one query)."""
    return Concern.objects.filter(partnership=partnership, handled_at__isnull=True).count()
