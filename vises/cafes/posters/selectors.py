"""Which cafés a poster can be made for."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from vises.cafes.models import Cafe
from vises.partnerships.models import Partnership

# A poster invites people: only to a café still ahead and not called off.
POSTER_STATUSES = (Cafe.Status.PLANNED, Cafe.Status.OPEN, Cafe.Status.FULL)


def poster_cafes(*, partnership: Partnership, now: datetime | None = None) -> QuerySet[Cafe]:
    """The partnership's cafés still ahead (planned, open or full), soonest first, with the
    company and its district loaded (one query)."""
    now = now or timezone.now()
    return (
        Cafe.objects.filter(partnership=partnership, status__in=POSTER_STATUSES, starts_at__gt=now)
        .select_related("company", "company__district")
        .order_by("starts_at", "pk")
    )


def may_have_poster(cafe: Cafe, *, now: datetime | None = None) -> bool:
    """The same rule for one café in hand (the café's page shows the link by it)."""
    now = now or timezone.now()
    return cafe.status in POSTER_STATUSES and cafe.starts_at > now


def cafe_in_partnership(*, partnership: Partnership, cafe_id: int) -> bool:
    return Cafe.objects.filter(partnership=partnership, pk=cafe_id).exists()
