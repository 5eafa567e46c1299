"""Reads of check-in and volunteer hours: the cafés of the day, the door list, its counts,
and the hours each assignment counts.

A volunteer sees the first name, the last initial and the phone of each confirmed
registration, nothing more (DESIGN §2); the rows below carry only those, and a mark on a
first-timer whose gender is not known, so that the volunteer may ask (issue 12). An assignment's
hours default to the café's length plus preparation
(settings.VISES_VOLUNTEER_PREPARATION_MINUTES) until someone logs others.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from vises.cafes.models import Cafe, CafeVolunteer, EmployeeCount, Registration
from vises.partnerships.models import Partnership
from vises.people.models import Person
from vises.people.validation import display_phone

Attendance = Registration.Attendance
ATTENDANCE_VALUES = {choice.value for choice in Attendance}
HOURS_MIN = Decimal("0")
HOURS_MAX = Decimal("24")
HUNDREDTH = Decimal("0.01")
# Hours given count once the café took place; a cancelled café gave none.
COUNTED_STATUSES = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)


def new_key() -> str:
    """A fresh key for one tap of a rendered page (see vises.cafes.checkin.services)."""
    return str(uuid.uuid4())


# The door --------------------------------------------------------------------------------------


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
    # Coming for the first time with no gender given: the volunteer may ask (issue 12).
    ask_gender: bool = False
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
    came_before = Registration.objects.filter(
        person_id=OuterRef("person_id"), attendance=Attendance.ATTENDED
    ).exclude(cafe_id=OuterRef("cafe_id"))
    registrations = (
        registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("person")
        .annotate(came_before=Exists(came_before))
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
        "person__gender",
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
            ask_gender=(
                registration.person.gender == Person.Gender.UNDISCLOSED
                and not registration.came_before
            ),
        )
        for registration in registrations
    ]


def checkin_rows(*, cafe: Cafe) -> list[CheckinRow]:
    """The confirmed registrations of the café (walk-ins too), by first name, in one query;
    nobody erased from the register (a nameless row helps no one at the door)."""
    return _rows(
        Registration.objects.filter(cafe=cafe, person__anonymised_at__isnull=True).order_by(
            "person__first_name", "created_at", "pk"
        )
    )


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


# Volunteer hours -------------------------------------------------------------------------


def default_hours(cafe: Cafe) -> Decimal:
    """The café's length plus preparation, in hours to the hundredth."""
    minutes = Decimal((cafe.ends_at - cafe.starts_at).total_seconds()) / 60
    minutes += settings.VISES_VOLUNTEER_PREPARATION_MINUTES
    return max(HOURS_MIN, (minutes / 60).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def volunteer_hours(assignment: CafeVolunteer) -> Decimal:
    """The hours the assignment counts: those logged, or the default when none are."""
    if assignment.hours is not None:
        return Decimal(assignment.hours).quantize(HUNDREDTH)
    return default_hours(assignment.cafe)


@dataclass(frozen=True)
class AssignmentRow:
    """One of a volunteer's cafés as their own page shows it."""

    assignment: CafeVolunteer
    cafe: Cafe
    hours: Decimal
    is_default: bool
    is_today: bool
    is_past: bool


def volunteer_assignments(
    *,
    partnership: Partnership,
    user: AbstractBaseUser | AnonymousUser,
    now: datetime | None = None,
    past_days: int = 120,
) -> list[AssignmentRow]:
    """The user's café assignments in the partnership (their Volunteer profile's), from
    `past_days` ago onwards, soonest first, in one query. Cancelled cafés are left out."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - timedelta(days=past_days)
    assignments = (
        CafeVolunteer.objects.filter(
            volunteer__user_id=user.pk,
            cafe__partnership=partnership,
            cafe__starts_at__gte=since,
        )
        .exclude(cafe__status=Cafe.Status.CANCELLED)
        .select_related("cafe", "cafe__company")
        .order_by("cafe__starts_at", "pk")
    )
    return [
        AssignmentRow(
            assignment=assignment,
            cafe=assignment.cafe,
            hours=volunteer_hours(assignment),
            is_default=assignment.hours is None,
            is_today=timezone.localdate(assignment.cafe.starts_at) == today,
            is_past=assignment.cafe.ends_at < now,
        )
        for assignment in assignments
    ]


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)
    return start, end


def volunteer_hours_for_year(*, partnership: Partnership, year: int) -> Decimal:
    """All volunteers' hours at the partnership's cafés held in the calendar year (Europe/
    Stockholm), logged or default, in one query: the base of the in-kind valuation."""
    start, end = _year_bounds(year)
    assignments = CafeVolunteer.objects.filter(
        cafe__partnership=partnership,
        cafe__status__in=COUNTED_STATUSES,
        cafe__starts_at__gte=start,
        cafe__starts_at__lt=end,
    ).select_related("cafe")
    return sum((volunteer_hours(assignment) for assignment in assignments), Decimal("0.00"))


def volunteer_hours_by_year(*, partnership: Partnership) -> dict[int, Decimal]:
    """Hours per calendar year of every held café of the partnership, in one query."""
    totals: dict[int, Decimal] = {}
    assignments = CafeVolunteer.objects.filter(
        cafe__partnership=partnership, cafe__status__in=COUNTED_STATUSES
    ).select_related("cafe")
    for assignment in assignments:
        year = timezone.localtime(assignment.cafe.starts_at).year
        totals[year] = totals.get(year, Decimal("0.00")) + volunteer_hours(assignment)
    return dict(sorted(totals.items()))
