"""Reads of an agreement's periods: in force on a date? which period? ends when?

"Överenskommelsen gäller från och med den 1 januari 2022 till och med den 31 december 2023
med möjlighet till förlängning ytterligare två (2) gånger två (2) år, om parterna är ense
därom." (seeds/001_4c89f7ac864d56f0.txt, "Giltighet")

Every date here is a calendar day and both ends of a period are inclusive ("från och med …
till och med"). A terminated agreement ("kan överenskommelsen hävas med omedelbar verkan")
is in force up to and including its termination day and never after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from vises.partnerships.models import Agreement, Partnership

INITIAL = "initial"
EXTENSION = "extension"


@dataclass(frozen=True)
class Period:
    """One period of the agreement: the initial one (number 0) or extension `number`."""

    start: date
    end: date
    which: str  # INITIAL or EXTENSION
    number: int  # 0 for the initial period, n for extension n
    decided_on: date | None = None  # when the parties agreed on the extension

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.which == INITIAL:
            return _("Initial period")
        return _("Extension %(number)d") % {"number": self.number}


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def extension_dates(agreement: Agreement, number: int) -> tuple[date, date]:
    """First and last day of extension `number` (1, 2, …): it follows the period before it."""
    start = agreement.initial_ends_on + timedelta(days=1)
    for _n in range(number - 1):
        start = add_years(start, agreement.extension_years)
    return start, add_years(start, agreement.extension_years) - timedelta(days=1)


def agreement_of(*, partnership: Partnership) -> Agreement | None:
    """The partnership's agreement with its extensions loaded (two queries), or None."""
    agreement = (
        Agreement.objects.filter(partnership=partnership)
        .select_related("partnership__public_authority", "partnership__organisation")
        .prefetch_related("extensions")
        .first()
    )
    return agreement


def periods(agreement: Agreement) -> list[Period]:
    """The periods in force, in order: the initial one and each extension exercised. After a
    termination the last period ends on the termination day and later ones are dropped."""
    found = [Period(agreement.starts_on, agreement.initial_ends_on, INITIAL, 0)]
    for extension in sorted(agreement.extensions.all(), key=lambda e: e.number):
        found.append(
            Period(
                extension.starts_on,
                extension.ends_on,
                EXTENSION,
                extension.number,
                extension.decided_on,
            )
        )
    if agreement.terminated_on is not None:
        cut = agreement.terminated_on
        found = [
            Period(p.start, min(p.end, cut), p.which, p.number, p.decided_on)
            for p in found
            if p.start <= cut
        ]
    return found


def period_for(agreement: Agreement, day: date) -> Period | None:
    """The period that `day` falls in, or None when the agreement is not in force then."""
    return next((period for period in periods(agreement) if day in period), None)


def in_force(agreement: Agreement, *, on: date) -> bool:
    """Whether the agreement is in force on that day."""
    return period_for(agreement, on) is not None


def ends_on(agreement: Agreement) -> date:
    """The last day of the last period in force (the termination day after a termination)."""
    return periods(agreement)[-1].end


def extensions_left(agreement: Agreement) -> int:
    """How many of the agreement's extension options are still open (0 after a termination)."""
    if agreement.terminated_on is not None:
        return 0
    return max(agreement.extension_options - len(agreement.extensions.all()), 0)


def covered_years(agreement: Agreement) -> list[int]:
    """The calendar years with at least one day in force, in order."""
    years: set[int] = set()
    for period in periods(agreement):
        years.update(range(period.start.year, period.end.year + 1))
    return sorted(years)


def years_text(years: list[int]) -> str:
    """The years as runs: "2022–2027", or "2022–2023, 2025" when there is a gap."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


# The start page warns this many months before the last period ends.
WARNING_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 1 always exists


def decision_due(agreement: Agreement, *, today: date) -> bool:
    """Whether `today` is within the last WARNING_MONTHS months before the agreement ends
    (and it has not ended): the parties must decide on an extension, or know it ends."""
    last = ends_on(agreement)
    if agreement.terminated_on is not None:
        return False
    # "6 months before": the window opens the day after the same date 6 months earlier, so
    # 2027-07-01 is in the window for an end of 2027-12-31 and 2027-06-30 is not.
    return months_before(last, WARNING_MONTHS) < today <= last
