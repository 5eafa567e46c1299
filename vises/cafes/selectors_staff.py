"""Reads for the coordinator's café pages: the list, one café, its registrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from vises.cafes.models import Cafe, CafeVolunteer, Registration
from vises.cafes.selectors import cafes_with_seats
from vises.partnerships.models import Partnership


def cafes_for_staff(
    *, partnership: Partnership, status: str = "", now: datetime | None = None
) -> QuerySet[Cafe]:
    """The partnership's cafés, upcoming first (soonest first), then the past ones (latest
    first), with the company, seats (`taken`, `waiting`, see cafes_with_seats) and
    `waitlisted` (how many wait) — one query whatever the number of cafés."""
    now = now or timezone.now()
    cafes = (
        cafes_with_seats(now=now)
        .filter(partnership=partnership)
        .annotate(
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
                distinct=True,
            ),
            is_past=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at")), default=None),
        )
        .select_related("company")
        .order_by("is_past", "upcoming_start", "-starts_at", "pk")
    )
    if status:
        cafes = cafes.filter(status=status)
    return cafes


def cafe_for_staff(*, partnership: Partnership, pk: int) -> Cafe:
    """One café of the partnership with its company, languages, descriptions and volunteers
    loaded. Raises Cafe.DoesNotExist (also for another partnership's café)."""
    return (
        Cafe.objects.select_related("company", "company__district", "partnership")
        .prefetch_related(
            "languages",
            "descriptions",
            Prefetch(
                "volunteers",
                queryset=CafeVolunteer.objects.select_related("volunteer__person").order_by(
                    "volunteer__person__first_name", "pk"
                ),
            ),
        )
        .get(partnership=partnership, pk=pk)
    )


@dataclass
class CafeRegistrations:
    """A café's registrations by state, each list in the order a coordinator reads it."""

    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)  # first in line first
    invited: list[Registration] = field(default_factory=list)  # soonest expiry first
    ended: list[Registration] = field(default_factory=list)  # declined, expired, cancelled


def cafe_registrations(*, cafe: Cafe) -> CafeRegistrations:
    """Every registration of the café with its person, grouped (one query)."""
    groups = CafeRegistrations()
    registrations = (
        Registration.objects.filter(cafe=cafe)
        .select_related("person", "person__district")
        .order_by("created_at", "pk")
    )
    for registration in registrations:
        if registration.status == Registration.Status.CONFIRMED:
            groups.confirmed.append(registration)
        elif registration.status == Registration.Status.WAITLISTED:
            groups.waitlisted.append(registration)
        elif registration.status == Registration.Status.INVITED:
            groups.invited.append(registration)
        else:
            groups.ended.append(registration)
    groups.invited.sort(key=lambda r: (r.invited_until or cafe.starts_at, r.pk))
    return groups
