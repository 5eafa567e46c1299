"""Invitations: the coordinator offers a person a seat, held until they answer or it expires.

An invitation is a Registration with status invited and `invited_until`; while it waits for
an answer it takes a seat (selectors.free_seats). Accepted → confirmed; declined or expired
→ the seat goes to the first on the waitlist at once (docs/cafe-states.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.messages import notifications
from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.cafes import SIGNUP_STATUSES, free_seats
from vises.cafes.services.registrations import (
    ACTIVE_STATUSES,
    _refresh_full,
    lock_cafe,
    waitlist_promote,
)
from vises.common import audit
from vises.people.models import Person

DEFAULT_HOLD_HOURS = 48
EXPIRY_ACTOR = "system:invitations_expire"
# Cafés that may still take invitations: before they open to the public too.
INVITABLE_STATUSES = (Cafe.Status.PLANNED, *SIGNUP_STATUSES)


class InvitationRefused(ValidationError):
    """The invitation cannot be made or answered; `code` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)


def _check_invitable(cafe: Cafe, person: Person, now: datetime) -> None:
    if person.partnership_id != cafe.partnership_id or person.anonymised_at is not None:
        raise InvitationRefused(_("This person is not in the partnership's register."), "person")
    if cafe.status not in INVITABLE_STATUSES or cafe.starts_at <= now:
        raise InvitationRefused(
            _("Invitations can be sent only before the café starts, while it is planned or open."),
            "cafe_closed",
        )


@transaction.atomic
def invitation_create(
    *,
    cafe: Cafe,
    person: Person,
    actor: audit.Actor,
    hold_hours: int = DEFAULT_HOLD_HOURS,
    now: datetime | None = None,
) -> Registration:
    """Invite the person: a seat is held for them for `hold_hours` (never past the start).

    Raises InvitationRefused: the café is full (code "full"), the person is already
    registered (code "already_registered"), the café has started, is held or cancelled
    (code "cafe_closed"), or the person belongs to another partnership (code "person").
    """
    now = now or timezone.now()
    cafe = lock_cafe(cafe.pk)
    _check_invitable(cafe, person, now)
    existing = Registration.objects.filter(cafe=cafe, person=person).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise InvitationRefused(
            _("%(person)s is already registered for this café (%(status)s).")
            % {"person": person, "status": existing.get_status_display()},
            "already_registered",
        )
    if free_seats(cafe=cafe, now=now) <= 0:
        raise InvitationRefused(
            _("The café is full: no seat is free to hold for an invitation."), "full"
        )
    # A person who declined or let an invitation expire may be invited again (same row).
    registration = existing or Registration(cafe=cafe, person=person)
    registration.status = Registration.Status.INVITED
    registration.source = Registration.Source.INVITATION
    registration.invited_until = min(now + timedelta(hours=hold_hours), cafe.starts_at)
    registration.confirmed_at = None
    registration.full_clean()
    registration.save()
    audit.log(
        actor,
        "cafes.registration.invited",
        registration,
        partnership=cafe.partnership,
        fields=["status", "source", "invited_until"],
    )
    _refresh_full(cafe, now=now, actor=actor)
    registration_id = registration.pk
    transaction.on_commit(lambda: notifications.invitation_sent(registration_id))
    return registration


def _locked_registration(registration: Registration) -> tuple[Cafe, Registration]:
    cafe = lock_cafe(registration.cafe_id)
    return cafe, Registration.objects.select_related("person").get(pk=registration.pk)


@transaction.atomic
def invitation_accept(
    *, registration: Registration, actor: audit.Actor, now: datetime | None = None
) -> Registration:
    """invited → confirmed, while the invitation holds. Accepting twice changes nothing.

    Raises InvitationRefused: expired (code "expired"), declined before (code "declined"),
    the café was cancelled or has started (code "cafe_closed"), not an invitation
    (code "not_invited").
    """
    now = now or timezone.now()
    cafe, registration = _locked_registration(registration)
    if registration.status == Registration.Status.CONFIRMED:
        return registration
    if registration.status == Registration.Status.DECLINED:
        raise InvitationRefused(_("You have already declined this invitation."), "declined")
    if registration.status == Registration.Status.EXPIRED or (
        registration.status == Registration.Status.INVITED
        and registration.invited_until is not None
        and registration.invited_until <= now
    ):
        raise InvitationRefused(
            _("The invitation has expired. Sign up in the calendar if there are seats left."),
            "expired",
        )
    if registration.status != Registration.Status.INVITED:
        raise InvitationRefused(_("This is not an open invitation."), "not_invited")
    if cafe.status not in INVITABLE_STATUSES or cafe.starts_at <= now:
        raise InvitationRefused(_("This café is no longer taking participants."), "cafe_closed")
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit.log(
        actor,
        "cafes.registration.accepted",
        registration,
        partnership=cafe.partnership,
        fields=["status"],
    )
    registration_id = registration.pk
    transaction.on_commit(lambda: notifications.registration_received(registration_id))
    return registration


def _free_the_seat(cafe: Cafe, *, actor: audit.Actor, now: datetime) -> None:
    """A held seat came free: the first on the waitlist gets it at once."""
    if cafe.status in SIGNUP_STATUSES and cafe.starts_at > now:
        waitlist_promote(cafe=cafe, actor=actor, now=now)
        _refresh_full(cafe, now=now, actor=actor)


@transaction.atomic
def invitation_decline(
    *, registration: Registration, actor: audit.Actor, now: datetime | None = None
) -> Registration:
    """invited → declined; the seat goes to the first on the waitlist at once. Declining
    twice changes nothing. Raises InvitationRefused (code "not_invited") when the
    registration is no open invitation, e.g. already accepted: then cancel it instead."""
    now = now or timezone.now()
    cafe, registration = _locked_registration(registration)
    if registration.status == Registration.Status.DECLINED:
        return registration
    if registration.status != Registration.Status.INVITED:
        raise InvitationRefused(_("This is not an open invitation."), "not_invited")
    registration.status = Registration.Status.DECLINED
    registration.save(update_fields=["status", "updated_at"])
    audit.log(
        actor,
        "cafes.registration.declined",
        registration,
        partnership=cafe.partnership,
        fields=["status"],
    )
    _free_the_seat(cafe, actor=actor, now=now)
    return registration


def invitations_expire(*, now: datetime | None = None, actor: audit.Actor = EXPIRY_ACTOR) -> int:
    """invited → expired for every invitation past `invited_until`, then the waitlist of
    each café concerned is promoted. One transaction per café; returns how many expired."""
    now = now or timezone.now()
    cafe_ids = sorted(
        set(
            Registration.objects.filter(
                status=Registration.Status.INVITED, invited_until__lte=now
            ).values_list("cafe_id", flat=True)
        )
    )
    expired = 0
    for cafe_id in cafe_ids:
        with transaction.atomic():
            cafe = lock_cafe(cafe_id)
            due = Registration.objects.filter(
                cafe=cafe, status=Registration.Status.INVITED, invited_until__lte=now
            ).order_by("pk")
            for registration in due:
                registration.status = Registration.Status.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                audit.log(
                    actor,
                    "cafes.registration.expired",
                    registration,
                    partnership=cafe.partnership,
                    fields=["status"],
                )
                expired += 1
            _free_the_seat(cafe, actor=actor, now=now)
    return expired
