"""Reads of registrations: a person's, and a café's grouped by state."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from vises.cafes.models import Cafe, Registration


def registrations_of_person(*, person_id: int) -> QuerySet[Registration]:
    """The person's café registrations, newest café first, with café and company loaded."""
    return (
        Registration.objects.filter(person_id=person_id)
        .select_related("cafe", "cafe__company")
        .order_by("-cafe__starts_at", "-pk")
    )


@dataclass
class CafeRegistrations:
    """A café's registrations by state, each list in the order a coordinator reads it."""

    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)  # first in line first
    invited: list[Registration] = field(default_factory=list)  # soonest expiry first
    ended: list[Registration] = field(default_factory=list)  # declined, expired, cancelled


def cafe_registrations(*, cafe: Cafe) -> CafeRegistrations:
    """Every registration of the café with its person, grouped (one query). Someone erased
    from the register is not listed: their row stays for the statistics, nameless."""
    groups = CafeRegistrations()
    registrations = (
        Registration.objects.filter(cafe=cafe, person__anonymised_at__isnull=True)
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


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None unless the registration is on the waitlist."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        cafe_id=registration.cafe_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1
