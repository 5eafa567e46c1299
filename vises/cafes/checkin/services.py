"""Writes at the door and of volunteer hours: attended or no-show in one tap, walk-ins,
employees counted, the hours a volunteer gave.

Every tap carries a key made for it (a UUID: checkin.js makes one per tap and keeps it with
the tap in the phone's storage; a page without script sends the one in its form). A phone on
a flaky connection sends the same tap again, also after a reload, until it gets an answer: a
key already carried out, or a tap that asks for the state the registration already has,
changes nothing and answers the same. Capacity limits sign-ups, never who is let in
(DESIGN §9): a walk-in is recorded as attended however full the café is.

Hours are logged per assignment for the Red Cross's in-kind contribution, by the volunteer
(own assignments) or the coordinator; clearing them brings the default back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.checkin.selectors import (
    ATTENDANCE_VALUES,
    HOURS_MAX,
    HOURS_MIN,
    HUNDREDTH,
    Attendance,
)
from vises.cafes.models import Cafe, CafeVolunteer, CheckInKey, EmployeeCount, Registration
from vises.common import audit
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentText, Person
from vises.people.selectors import person_by_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import person_create
from vises.people.validation import normalise_phone

FIRST_NAME_MAX = 100


class CheckInClosed(Exception):
    """The café was cancelled: nobody is checked in."""

    code = "cafe_cancelled"


class NotCheckedIn(Exception):
    """Only confirmed registrations are checked in (not the waitlist or a cancelled one)."""

    code = "not_confirmed"


def parse_key(value: object) -> uuid.UUID:
    """The tap's key as a UUID; ValueError when it is missing or malformed."""
    return uuid.UUID(str(value or ""))


def _user_or_none(actor: audit.Actor) -> AbstractBaseUser | None:
    return actor if isinstance(actor, AbstractBaseUser) else None


def _carried_out(key: uuid.UUID) -> CheckInKey | None:
    return CheckInKey.objects.filter(key=key).first()


def _check_open(cafe: Cafe) -> None:
    if cafe.status == Cafe.Status.CANCELLED:
        raise CheckInClosed(cafe.pk)


# Writes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TapResult:
    registration: Registration
    changed: bool


@transaction.atomic
def attendance_set(
    *,
    registration: Registration,
    attendance: str,
    key: uuid.UUID,
    actor: audit.Actor,
    now: datetime | None = None,
) -> TapResult:
    """Mark a confirmed registration attended, no-show, or back to not checked in ("").

    Idempotent: a key already carried out, or the state the registration already has,
    changes nothing (changed=False) and writes no audit event. Raises ValueError for an
    unknown attendance, NotCheckedIn for a registration that is not confirmed, CheckInClosed
    for a cancelled café.
    """
    if attendance not in ATTENDANCE_VALUES:
        raise ValueError(f"unknown attendance {attendance!r}")
    # The row lock orders two arrivals of the same tap: the second finds the key.
    registration = (
        Registration.objects.select_for_update().select_related("cafe").get(pk=registration.pk)
    )
    if _carried_out(key) is not None:
        return TapResult(registration, changed=False)
    _check_open(registration.cafe)
    if registration.status != Registration.Status.CONFIRMED:
        raise NotCheckedIn(registration.pk)
    CheckInKey.objects.create(
        key=key,
        cafe_id=registration.cafe_id,
        registration=registration,
        action=CheckInKey.Action.ATTENDANCE,
    )
    if registration.attendance == attendance:
        return TapResult(registration, changed=False)
    registration.attendance = attendance
    registration.checked_in_at = (now or timezone.now()) if attendance else None
    registration.full_clean()
    registration.save(update_fields=["attendance", "checked_in_at", "updated_at"])
    audit.log(
        actor,
        "cafes.registration.checked_in",
        registration,
        partnership=registration.cafe.partnership,
        fields=["attendance"],
    )
    return TapResult(registration, changed=True)


@dataclass(frozen=True)
class WalkIn:
    first_name: str
    phone: str
    language: str
    gender: str


def clean_walk_in(
    *, first_name: str, phone: str = "", language: str = "", gender: str = "", consent: bool
) -> WalkIn:
    """Validated walk-in fields; ValidationError with a message (and code) per field.

    Only a first name is required: a phone is welcome (feedback and the next café reach the
    person by it) but nobody is turned away for lacking one.
    """
    errors: dict[str, ValidationError] = {}
    first_name = (first_name or "").strip()
    if not first_name:
        errors["first_name"] = ValidationError(_("Write the first name."), code="required")
    elif len(first_name) > FIRST_NAME_MAX:
        errors["first_name"] = ValidationError(_("The first name is too long."), code="max_length")
    try:
        phone = normalise_phone(phone or "")
    except ValidationError as error:
        errors["phone"] = error
    language = language or settings.LANGUAGE_CODE
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = ValidationError(
            _("Choose one of the languages in the list."), code="invalid_choice"
        )
    gender = gender or Person.Gender.UNDISCLOSED
    if gender not in Person.Gender.values:
        errors["gender"] = ValidationError(_("Choose one in the list."), code="invalid_choice")
    if consent is not True:
        errors["consent"] = ValidationError(
            _("Ask the person whether we may keep their first name (and phone)."),
            code="consent_required",
        )
    if errors:
        raise ValidationError(errors)
    return WalkIn(first_name=first_name, phone=phone, language=language, gender=gender)


def _walk_in_person_create(*, cafe: Cafe, walk_in: WalkIn, actor: audit.Actor) -> Person:
    values: dict[str, Any] = {
        "first_name": walk_in.first_name,
        "language": walk_in.language,
        "gender": walk_in.gender,
        "referral_source": Person.ReferralSource.SELF,
        "signed_up_by": _user_or_none(actor),
    }
    # The door lets people in on a first name alone (DESIGN §9): such a person gets no
    # message, counts in attendance and statistics, and is anonymised by retention.
    if walk_in.phone:
        values["phone"] = walk_in.phone
    return person_create(
        partnership=cafe.partnership, actor=actor, contact_required=False, **values
    )


@transaction.atomic
def walk_in_add(
    *,
    cafe: Cafe,
    first_name: str,
    phone: str = "",
    language: str = "",
    gender: str = "",
    consent: bool,
    key: uuid.UUID,
    actor: audit.Actor,
    now: datetime | None = None,
) -> TapResult:
    """Let someone in at the door: a confirmed, attended registration from source walk_in,
    however many seats the café has.

    The person is found by phone when exactly one person in the register has it (their
    registration, say from the waitlist, is then confirmed and marked attended); otherwise a
    new person is made from the minimal data, with the consent the volunteer collected in
    person. The same key again returns the first answer. Raises ValidationError (fields),
    CheckInClosed.
    """
    now = now or timezone.now()
    cafe = Cafe.objects.select_for_update().select_related("partnership").get(pk=cafe.pk)
    done = _carried_out(key)
    if done is not None:
        if done.action != CheckInKey.Action.WALK_IN or done.registration_id is None:
            raise ValueError("the key belongs to another tap")
        return TapResult(Registration.objects.get(pk=done.registration_id), changed=False)
    _check_open(cafe)
    walk_in = clean_walk_in(
        first_name=first_name, phone=phone, language=language, gender=gender, consent=consent
    )
    person = person_by_contact(partnership=cafe.partnership, phone=walk_in.phone)
    if person is None:
        person = _walk_in_person_create(cafe=cafe, walk_in=walk_in, actor=actor)
    try:
        consent_give(
            person=person,
            purpose=ConsentPurpose.REGISTER,
            channel=ConsentChannel.IN_PERSON,
            collected_by=_user_or_none(actor),
            actor=actor,
        )
    except ConsentText.DoesNotExist as error:
        raise ValidationError(
            {
                "consent": ValidationError(
                    _("The partnership has no consent text yet. Ask the coordinator."),
                    code="no_consent_text",
                )
            }
        ) from error
    registration = Registration.objects.filter(cafe=cafe, person=person).first()
    created = registration is None
    if registration is None:
        registration = Registration(
            cafe=cafe, person=person, source=Registration.Source.WALK_IN, confirmed_at=now
        )
    changed = [
        name
        for name, value in (
            ("status", Registration.Status.CONFIRMED),
            ("attendance", Attendance.ATTENDED),
        )
        if getattr(registration, name) != value
    ]
    registration.status = Registration.Status.CONFIRMED
    registration.attendance = Attendance.ATTENDED
    registration.invited_until = None
    registration.confirmed_at = registration.confirmed_at or now
    registration.checked_in_at = now
    registration.full_clean()
    registration.save()
    if created:
        audit.log(
            actor,
            "cafes.registration.created",
            registration,
            partnership=cafe.partnership,
            fields=["attendance", "source", "status"],
        )
    elif changed:
        audit.log(
            actor,
            "cafes.registration.checked_in",
            registration,
            partnership=cafe.partnership,
            fields=changed,
        )
    CheckInKey.objects.create(
        key=key, cafe=cafe, registration=registration, action=CheckInKey.Action.WALK_IN
    )
    return TapResult(registration, changed=bool(created or changed))


@transaction.atomic
def employees_change(
    *, cafe: Cafe, delta: int, key: uuid.UUID, actor: audit.Actor
) -> tuple[int, bool]:
    """Count one employee more (+1) or fewer (−1), never below 0. Returns (present, changed);
    the same key again changes nothing. Raises ValueError for another delta, CheckInClosed."""
    if delta not in (-1, 1):
        raise ValueError("employees are counted one at a time")
    count, _created = EmployeeCount.objects.get_or_create(cafe=cafe)
    count = EmployeeCount.objects.select_for_update().select_related("cafe").get(pk=count.pk)
    if _carried_out(key) is not None:
        return count.present, False
    _check_open(count.cafe)
    CheckInKey.objects.create(key=key, cafe=cafe, action=CheckInKey.Action.EMPLOYEES)
    present = max(0, count.present + delta)
    if present == count.present:
        return present, False
    count.present = present
    count.full_clean()
    count.save(update_fields=["present"])
    audit.log(
        actor,
        "cafes.employeecount.changed",
        count,
        partnership=count.cafe.partnership,
        fields=["present"],
    )
    return present, True


# Volunteer hours -------------------------------------------------------------------------


def clean_hours(value: object) -> Decimal | None:
    """Hours as typed (a comma is a decimal point too), 0–24 in quarters or finer; empty
    means the default. Raises ValidationError with code 'invalid_hours' or 'hours_range'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace(",", ".")
    try:
        hours = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(
            _("Write the hours as a number, e.g. 2.5."), code="invalid_hours"
        ) from error
    if not hours.is_finite():
        raise ValidationError(_("Write the hours as a number, e.g. 2.5."), code="invalid_hours")
    if not HOURS_MIN <= hours <= HOURS_MAX:
        raise ValidationError(
            _("Hours are between %(min)s and %(max)s.") % {"min": HOURS_MIN, "max": HOURS_MAX},
            code="hours_range",
        )
    return hours.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@transaction.atomic
def volunteer_hours_set(
    *, assignment: CafeVolunteer, hours: Decimal | str | None, actor: audit.Actor
) -> CafeVolunteer:
    """Log the hours of an assignment (None or "" brings back the default).

    Who may do it (the volunteer themself, or the coordinator) is the view's to decide.
    Raises ValidationError (codes 'invalid_hours', 'hours_range') and changes nothing then.
    """
    cleaned = clean_hours(hours)
    assignment = (
        CafeVolunteer.objects.select_for_update().select_related("cafe").get(pk=assignment.pk)
    )
    if assignment.hours == cleaned:
        return assignment
    assignment.hours = cleaned
    assignment.full_clean()
    assignment.save(update_fields=["hours", "updated_at"])
    audit.log(
        actor,
        "cafes.cafevolunteer.hours_set",
        assignment,
        partnership=assignment.cafe.partnership,
        fields=["hours"],
    )
    return assignment
