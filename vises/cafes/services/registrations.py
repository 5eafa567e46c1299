"""Seats: sign-up, waitlist and cancellation. Seats are decided under a lock on the café row.

On PostgreSQL `select_for_update` serialises sign-ups per café; on SQLite the IMMEDIATE
transaction mode serialises every writer (STYLE.md). Capacity limits sign-ups and
invitations, never who is let in at the door (walk-ins, DESIGN §9).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.cafes.messages import notifications
from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.cafes import SIGNUP_STATUSES, free_seats, seats_left
from vises.common import audit
from vises.people.models import Person

# Switched off once in the concurrency test, to show the overbooking the lock prevents.
SEAT_LOCKING = True

ACTIVE_STATUSES = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.INVITED,
)


class CafeClosed(Exception):
    """The café takes no sign-ups: cancelled, held, started or past its deadline."""

    code = "cafe_closed"

    def __init__(self, cafe: Cafe) -> None:
        self.cafe = cafe
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        if self.cafe.status == Cafe.Status.CANCELLED:
            return str(_("This café is cancelled."))
        if self.cafe.status == Cafe.Status.PLANNED:
            return str(_("This café is not open for sign-up yet."))
        return str(_("Sign-up for this café has closed."))


def lock_cafe(cafe_id: int) -> Cafe:
    """The café row, locked until the transaction ends (a no-op on SQLite, see module doc)."""
    cafes = Cafe.objects.select_for_update() if SEAT_LOCKING else Cafe.objects
    return cafes.get(pk=cafe_id)


def check_open_for_signup(cafe: Cafe, now: datetime) -> None:
    if cafe.status not in SIGNUP_STATUSES or cafe.starts_at <= now:
        raise CafeClosed(cafe)
    if cafe.signup_deadline is not None and cafe.signup_deadline <= now:
        raise CafeClosed(cafe)


def _refresh_full(cafe: Cafe, *, now: datetime, actor: audit.Actor) -> None:
    """open ↔ full follows the seats: full while no seat is left for a new sign-up."""
    if cafe.status not in SIGNUP_STATUSES:
        return
    wanted = Cafe.Status.FULL if seats_left(cafe=cafe, now=now) == 0 else Cafe.Status.OPEN
    if wanted != cafe.status:
        cafe.status = wanted
        cafe.save(update_fields=["status", "updated_at"])
        verb = "filled" if wanted == Cafe.Status.FULL else "reopened"
        audit.log(actor, f"cafes.cafe.{verb}", cafe, fields=["status"])


def _after_commit(callback: Callable[[int], None], registration_id: int) -> None:
    transaction.on_commit(lambda: callback(registration_id))


@transaction.atomic
def registration_create(
    *,
    cafe: Cafe,
    person: Person,
    source: str,
    actor: audit.Actor,
    now: datetime | None = None,
) -> tuple[Registration, bool]:
    """Give the person a seat, or a place on the waitlist when none is left.

    Returns (registration, created). A person already registered (confirmed, waitlisted
    or invited) gets their existing registration back with created=False: one registration
    per person and café. Raises CafeClosed when the café takes no sign-ups.
    """
    now = now or timezone.now()
    cafe = lock_cafe(cafe.pk)
    existing = Registration.objects.filter(cafe=cafe, person=person).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        return existing, False
    check_open_for_signup(cafe, now)
    confirmed = seats_left(cafe=cafe, now=now) > 0
    registration = existing or Registration(cafe=cafe, person=person)
    registration.status = (
        Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED
    )
    registration.source = source
    registration.confirmed_at = now if confirmed else None
    registration.invited_until = None
    registration.full_clean()
    registration.save()
    if existing is not None:
        # Back in line: a returning sign-up queues behind everyone already waiting.
        Registration.objects.filter(pk=registration.pk).update(created_at=now)
    _refresh_full(cafe, now=now, actor=actor)
    audit.log(
        actor,
        "cafes.registration.created",
        registration,
        partnership=cafe.partnership,
        fields=["status", "source"],
    )
    _after_commit(notifications.registration_received, registration.pk)
    return registration, True


def waitlist_promote(
    *, cafe: Cafe, actor: audit.Actor, now: datetime | None = None
) -> list[Registration]:
    """Confirm the first in line for every free seat; call with the café locked.

    Each promoted person is told at once (after commit), with a link to cancel.
    """
    now = now or timezone.now()
    promoted: list[Registration] = []
    free = free_seats(cafe=cafe, now=now)
    if free <= 0:
        return promoted
    waiting = Registration.objects.filter(
        cafe=cafe, status=Registration.Status.WAITLISTED
    ).order_by("created_at", "pk")[:free]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        audit.log(
            actor,
            "cafes.registration.promoted",
            registration,
            partnership=cafe.partnership,
            fields=["status"],
        )
        _after_commit(notifications.registration_promoted, registration.pk)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: audit.Actor, now: datetime | None = None
) -> Registration:
    """Cancel a registration (by the person's link or the coordinator); a freed seat goes to
    the first on the waitlist at once."""
    now = now or timezone.now()
    cafe = lock_cafe(registration.cafe_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in ACTIVE_STATUSES:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit.log(
        actor,
        "cafes.registration.cancelled",
        registration,
        partnership=cafe.partnership,
        fields=["status"],
    )
    if cafe.status in SIGNUP_STATUSES and cafe.starts_at > now:
        waitlist_promote(cafe=cafe, actor=actor, now=now)
        _refresh_full(cafe, now=now, actor=actor)
    return registration
