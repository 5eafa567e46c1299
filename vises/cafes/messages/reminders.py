"""Reminders 2 days and 2 hours before a café, each sent once per registration.

When (planned in Europe/Stockholm, stored and compared in UTC):
- "2d" is due at the café's local wall-clock time two calendar days before: a café on Monday
  30 March 2026 at 10:00 (CEST) is reminded on Saturday 28 March at 10:00 (CET), which is
  47 hours before across the change to summer time, 49 across the change back. People read
  "two days before" on a calendar, not as 48 hours.
- "2h" is due exactly 2 hours before the start: 10:00 CEST → 08:00 CEST (06:00 UTC); 10:00
  CET → 08:00 CET (07:00 UTC).

A reminder goes out while its window is open: from its due time until the next reminder is
due (2d) or the café starts (2h). Only confirmed registrations of cafés that still take place
get one, and only if the seat was confirmed before the reminder was due: someone who signs up
the day before already has their receipt, and a late scheduler sends the latest reminder only.

The scheduler (vises.common.scheduler, job "cafes.reminders", every 5 minutes) enqueues
`enqueue_due_reminders`, which enqueues one `send_registration_reminder` per due reminder.
Sending claims a SentReminder row first (unique per registration and kind), so however often
the job runs and however many workers race, each reminder is sent at most once; a send that
fails releases its claim, and the next run tries again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from vises.cafes.messages import registrations
from vises.cafes.models import Cafe, Registration, SentReminder
from vises.people.outbox.service import SKIPPED_GONE

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Two local calendar days are at most 49 hours (across the change back to winter time).
HORIZON = timedelta(hours=50)
# Cafés in these states take place (or may still): the others get no reminders.
REMINDED_CAFE_STATUSES = (Cafe.Status.PLANNED, Cafe.Status.OPEN, Cafe.Status.FULL)


def reminder_due_at(*, kind: str, starts_at: datetime) -> datetime:
    """When the reminder of `kind` for a café starting at `starts_at` is due (aware, UTC)."""
    if kind == SentReminder.Kind.TWO_DAYS:
        local = starts_at.astimezone(STOCKHOLM)
        # Arithmetic on an aware datetime keeps the wall clock; the offset is looked up anew.
        return (local - timedelta(days=2)).astimezone(UTC)
    if kind == SentReminder.Kind.TWO_HOURS:
        return (starts_at - timedelta(hours=2)).astimezone(UTC)
    raise ValueError(f"unknown reminder kind {kind!r}")


def reminder_kind_due(*, starts_at: datetime, now: datetime) -> str | None:
    """The reminder whose window holds `now`, or None (too early, or the café started)."""
    if now >= starts_at:
        return None
    if now >= reminder_due_at(kind=SentReminder.Kind.TWO_HOURS, starts_at=starts_at):
        return SentReminder.Kind.TWO_HOURS
    if now >= reminder_due_at(kind=SentReminder.Kind.TWO_DAYS, starts_at=starts_at):
        return SentReminder.Kind.TWO_DAYS
    return None


def _confirmed_in_time(registration: Registration, due_at: datetime) -> bool:
    confirmed_at = registration.confirmed_at or registration.created_at
    return confirmed_at <= due_at


def due_reminders(*, now: datetime | None = None) -> list[tuple[int, str]]:
    """(registration id, kind) of every reminder due at `now` and not yet claimed.

    Two queries, however many cafés and registrations.
    """
    now = now or timezone.now()
    candidates = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            cafe__status__in=REMINDED_CAFE_STATUSES,
            cafe__starts_at__gt=now,
            cafe__starts_at__lte=now + HORIZON,
            person__anonymised_at__isnull=True,
        )
        .select_related("cafe")
        .only("pk", "confirmed_at", "created_at", "cafe__starts_at")
        .order_by("cafe__starts_at", "pk")
    )
    claimed = set(
        SentReminder.objects.filter(registration__in=[r.pk for r in candidates]).values_list(
            "registration_id", "kind"
        )
    )
    due = []
    for registration in candidates:
        starts_at = registration.cafe.starts_at
        kind = reminder_kind_due(starts_at=starts_at, now=now)
        if kind is None or (registration.pk, kind) in claimed:
            continue
        if _confirmed_in_time(registration, reminder_due_at(kind=kind, starts_at=starts_at)):
            due.append((registration.pk, str(kind)))
    return due


def reminders_enqueue_due(*, now: datetime | None = None) -> int:
    """Enqueue one send task per due reminder; returns how many."""
    from vises.cafes.tasks import send_registration_reminder

    due = due_reminders(now=now)
    for registration_id, kind in due:
        send_registration_reminder.enqueue(registration_id, kind)
    return len(due)


def reminder_send(*, registration_id: int, kind: str, now: datetime | None = None) -> str:
    """Claim and send one reminder. Returns the channel, or why nothing was sent
    ("skipped:already" when it was claimed before)."""
    now = now or timezone.now()
    registration = (
        Registration.objects.select_related("cafe", "cafe__company", "cafe__partnership", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return SKIPPED_GONE
    if registration.cafe.starts_at <= now:
        return registrations.SKIPPED_STATUS  # the café started while the task waited
    try:
        with transaction.atomic():
            claim = SentReminder.objects.create(registration=registration, kind=kind)
    except IntegrityError:
        return "skipped:already"
    try:
        outcome = registrations.registration_reminder_send(registration=registration, kind=kind)
    except Exception:
        claim.delete()  # not sent: the next scheduler run tries again
        raise
    claim.channel = outcome if outcome in registrations.SENT else ""
    claim.save(update_fields=["channel"])
    return outcome
