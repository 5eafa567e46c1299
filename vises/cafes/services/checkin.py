"""Check-in at the door: attended or no-show in one tap, walk-ins, employees counted.

Every tap carries a key the page made for it (a UUID). A phone on a flaky connection sends
the same tap again until it gets an answer: a key already carried out, or a tap that asks
for the state the registration already has, changes nothing and answers the same. Capacity
limits sign-ups, never who is let in (DESIGN §9): a walk-in is recorded as attended however
full the café is.

A volunteer sees the first name, the last initial and the phone of each confirmed
registration, nothing more (DESIGN §2); the rows below carry only those.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.models import Cafe, CheckInKey, EmployeeCount, Registration
from vises.common import audit
from vises.partnerships.models import Partnership
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentText, Person
from vises.people.services.consent import consent_give
from vises.people.services.persons import person_create
from vises.people.validation import display_phone, normalise_phone

Attendance = Registration.Attendance
ATTENDANCE_VALUES = {choice.value for choice in Attendance}
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


def new_key() -> str:
    return str(uuid.uuid4())


def _user_or_none(actor: audit.Actor) -> AbstractBaseUser | None:
    return actor if isinstance(actor, AbstractBaseUser) else None


def _carried_out(key: uuid.UUID) -> CheckInKey | None:
    return CheckInKey.objects.filter(key=key).first()


def _check_open(cafe: Cafe) -> None:
    if cafe.status == Cafe.Status.CANCELLED:
        raise CheckInClosed(cafe.pk)


# Reads ---------------------------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def checkin_cafes(
    *,
    partnership: Partnership,
    user: AbstractBaseUser | AnonymousUser,
    may_operate: bool,
    day: date | None = None,
) -> QuerySet[Cafe]:
    """The cafés of the day (Europe/Stockholm) the user may check people in at: every café of
    the partnership for a coordinator, the assigned ones for a volunteer. Cancelled cafés are
    left out."""
    start, end = _day_bounds(day or timezone.localdate())
    cafes = (
        checkin_scope(partnership=partnership, user=user, may_operate=may_operate)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Cafe.Status.CANCELLED)
        .select_related("company")
        .order_by("starts_at", "pk")
    )
    return cafes


def checkin_scope(
    *, partnership: Partnership, user: AbstractBaseUser | AnonymousUser, may_operate: bool
) -> QuerySet[Cafe]:
    """The cafés whose check-in the user may open: all of the partnership's for a coordinator,
    only those they are assigned to (CafeVolunteer → Volunteer.user, an active volunteer) for
    a volunteer."""
    cafes = Cafe.objects.filter(partnership=partnership)
    if may_operate:
        return cafes
    if not user.is_authenticated:
        return cafes.none()
    return cafes.filter(
        volunteers__volunteer__user_id=user.pk, volunteers__volunteer__is_active=True
    ).distinct()


def checkin_cafe(
    *,
    partnership: Partnership,
    cafe_id: int,
    user: AbstractBaseUser | AnonymousUser,
    may_operate: bool,
) -> Cafe:
    """One café the user may check in at, with its company. Raises Cafe.DoesNotExist for a
    café of another partnership or, for a volunteer, one they are not assigned to."""
    return (
        checkin_scope(partnership=partnership, user=user, may_operate=may_operate)
        .select_related("company")
        .get(pk=cafe_id)
    )


@dataclass(frozen=True)
class CheckinRow:
    """What the door list shows of one registration: never an e-mail or a last name."""

    registration_id: int
    first_name: str
    name: str  # first name and last initial
    phone: str  # as people read it
    phone_e164: str
    attendance: str
    walk_in: bool
    # One fresh key per action of this rendering of the row (see module doc).
    keys: dict[str, str] = field(
        default_factory=lambda: {value or "clear": new_key() for value in ATTENDANCE_VALUES}
    )

    @property
    def attended(self) -> bool:
        return self.attendance == Attendance.ATTENDED

    @property
    def no_show(self) -> bool:
        return self.attendance == Attendance.NO_SHOW


def _rows(registrations: QuerySet[Registration]) -> list[CheckinRow]:
    registrations = registrations.filter(status=Registration.Status.CONFIRMED).select_related(
        "person"
    )
    # Only the fields the door may see leave the database.
    registrations = registrations.only(
        "pk",
        "attendance",
        "source",
        "cafe_id",
        "person__first_name",
        "person__last_name",
        "person__phone",
    )
    return [
        CheckinRow(
            registration_id=registration.pk,
            first_name=registration.person.first_name,
            name=registration.person.display_short,
            phone=display_phone(registration.person.phone),
            phone_e164=registration.person.phone,
            attendance=registration.attendance,
            walk_in=registration.source == Registration.Source.WALK_IN,
        )
        for registration in registrations
    ]


def checkin_rows(*, cafe: Cafe) -> list[CheckinRow]:
    """The confirmed registrations of the café (walk-ins too), by first name, in one query."""
    return _rows(
        Registration.objects.filter(cafe=cafe).order_by("person__first_name", "created_at", "pk")
    )


def checkin_row(*, cafe: Cafe, registration_id: int) -> CheckinRow:
    """One row of the list; Registration.DoesNotExist when it is not a confirmed one of the
    café."""
    rows = _rows(Registration.objects.filter(cafe=cafe, pk=registration_id))
    if not rows:
        raise Registration.DoesNotExist
    return rows[0]


@dataclass(frozen=True)
class CheckinSummary:
    confirmed: int
    attended: int
    no_show: int
    walk_ins: int
    employees: int

    @property
    def waiting(self) -> int:
        return self.confirmed - self.attended - self.no_show


def checkin_summary(*, cafe: Cafe, rows: list[CheckinRow] | None = None) -> CheckinSummary:
    """Counts for the top of the list; from `rows` when given (then one query in all)."""
    rows = checkin_rows(cafe=cafe) if rows is None else rows
    return CheckinSummary(
        confirmed=len(rows),
        attended=sum(1 for row in rows if row.attended),
        no_show=sum(1 for row in rows if row.no_show),
        walk_ins=sum(1 for row in rows if row.walk_in),
        employees=employees_present(cafe=cafe),
    )


def employees_present(*, cafe: Cafe) -> int:
    count = EmployeeCount.objects.filter(cafe=cafe).values_list("present", flat=True).first()
    return int(count or 0)


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


def _person_by_phone(*, partnership: Partnership, phone: str) -> Person | None:
    """The one person with this (unshared) phone in the register, else None."""
    if not phone:
        return None
    people = list(
        Person.objects.filter(
            partnership=partnership, phone=phone, phone_is_shared=False, anonymised_at__isnull=True
        )[:2]
    )
    return people[0] if len(people) == 1 else None


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
    person = _person_by_phone(partnership=cafe.partnership, phone=walk_in.phone)
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


# Documents for a door without network -----------------------------------------------------

# Empty lines and tags for the people nobody expected.
BLANK_LINES = 8
BLANK_TAGS = 8
TAGS_PER_PAGE = 8


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"check-in documents load nothing from outside: {url}")


def render_pdf(html: str) -> bytes:
    """HTML to PDF with WeasyPrint; fonts are the system's (DejaVu), nothing is fetched."""
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())


def checkin_list_html(*, cafe: Cafe, rows: list[CheckinRow] | None = None) -> str:
    """The printable door list: first name, last initial and phone per confirmed person,
    boxes to tick, and empty lines for walk-ins and the employee count."""
    rows = checkin_rows(cafe=cafe) if rows is None else rows
    return render_to_string(
        "cafes/checkin/list_pdf.html",
        {
            "cafe": cafe,
            "rows": rows,
            "blank_lines": range(BLANK_LINES),
            "printed_at": timezone.now(),
        },
    )


def name_tags_html(*, cafe: Cafe, rows: list[CheckinRow] | None = None) -> str:
    """First-name tags (eight to an A4 page) for everyone confirmed, plus empty ones."""
    rows = checkin_rows(cafe=cafe) if rows is None else rows
    names = [row.first_name for row in rows]
    names += [""] * BLANK_TAGS
    pages = [names[start : start + TAGS_PER_PAGE] for start in range(0, len(names), TAGS_PER_PAGE)]
    return render_to_string("cafes/checkin/tags_pdf.html", {"cafe": cafe, "pages": pages})
