"""Volunteer hours per café assignment, for the Red Cross's in-kind contribution.

An assignment's hours default to the café's length plus preparation
(settings.VISES_VOLUNTEER_PREPARATION_MINUTES); the volunteer (own assignments) or the
coordinator may set other hours, and clearing them brings the default back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.models import Cafe, CafeVolunteer
from vises.common import audit
from vises.partnerships.models import Partnership

HOURS_MIN = Decimal("0")
HOURS_MAX = Decimal("24")
HUNDREDTH = Decimal("0.01")
# Hours given count once the café took place; a cancelled café gave none.
COUNTED_STATUSES = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)


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


# Reads ---------------------------------------------------------------------------------------


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
