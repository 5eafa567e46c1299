"""Reads of the economy: a year's budget against what was actually spent and contributed.

The volunteers' line counts the cost entries on it plus the hours volunteers gave at the
partnership's cafés that year (vises.cafes.checkin.selectors, logged or default) at the
year's hourly rate. The Red Cross's actual contribution is the sum of its four lines; it
is short when below its indexed minimum ("till ett värde av minst 556 000 kronor", indexed
like every line: the sum of its four rounded budget lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from vises.cafes.checkin.selectors import volunteer_hours_for_year
from vises.economy.budget import (
    LINES,
    MUNICIPALITY,
    ORE,
    ORGANISATION,
    budget_for_year,
)
from vises.economy.models import CostEntry, HourlyRate, YearApproval
from vises.partnerships.models import Partnership

VOLUNTEERS = "volontärer"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ActualLine:
    category: str
    payer: str
    kind: str
    budget: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        """Actual minus budget (negative: less than budgeted)."""
        return self.actual - self.budget


@dataclass(frozen=True)
class YearActuals:
    year: int
    lines: list[ActualLine]
    hours: Decimal
    hourly_rate: Decimal | None
    hours_value: Decimal
    approval: YearApproval | None

    def budget_of(self, payer: str) -> Decimal:
        return sum((line.budget for line in self.lines if line.payer == payer), ZERO)

    def actual_of(self, payer: str) -> Decimal:
        return sum((line.actual for line in self.lines if line.payer == payer), ZERO)

    @property
    def municipality_budget(self) -> Decimal:
        return self.budget_of(MUNICIPALITY)

    @property
    def municipality_actual(self) -> Decimal:
        return self.actual_of(MUNICIPALITY)

    @property
    def organisation_minimum(self) -> Decimal:
        """The Red Cross's indexed minimum: the sum of its four rounded budget lines."""
        return self.budget_of(ORGANISATION)

    @property
    def organisation_actual(self) -> Decimal:
        return self.actual_of(ORGANISATION)

    @property
    def organisation_shortfall(self) -> Decimal:
        """How much the Red Cross's contribution falls short of its minimum (0 if none)."""
        return max(self.organisation_minimum - self.organisation_actual, ZERO)

    @property
    def budget_total(self) -> Decimal:
        return sum((line.budget for line in self.lines), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum((line.actual for line in self.lines), ZERO)


def year_costs(*, partnership: Partnership, year: int) -> QuerySet[CostEntry]:
    """The year's cost entries, by day."""
    return CostEntry.objects.filter(partnership=partnership, spent_on__year=year).order_by(
        "spent_on", "pk"
    )


def hourly_rate_of(*, partnership: Partnership, year: int) -> Decimal | None:
    return (
        HourlyRate.objects.filter(partnership=partnership, year=year)
        .values_list("rate", flat=True)
        .first()
    )


def year_approval(*, partnership: Partnership, year: int) -> YearApproval | None:
    return (
        YearApproval.objects.filter(partnership=partnership, year=year)
        .select_related("approved_by")
        .first()
    )


def approved_years(*, partnership: Partnership) -> set[int]:
    return set(YearApproval.objects.filter(partnership=partnership).values_list("year", flat=True))


def year_actuals(*, partnership: Partnership, year: int) -> YearActuals:
    """Budget against actual per line for the year, in four queries."""
    budget = budget_for_year(year)
    sums = dict(
        year_costs(partnership=partnership, year=year)
        .order_by()
        .values_list("category")
        .annotate(total=Sum("amount"))
    )
    hours = volunteer_hours_for_year(partnership=partnership, year=year)
    rate = hourly_rate_of(partnership=partnership, year=year)
    hours_value = (hours * rate).quantize(ORE, rounding=ROUND_HALF_UP) if rate else ZERO
    lines = []
    for line, planned in zip(LINES, budget.lines, strict=True):
        actual = Decimal(sums.get(line.category) or ZERO)
        if line.category == VOLUNTEERS:
            actual += hours_value
        lines.append(ActualLine(line.category, line.payer, line.kind, planned.amount, actual))
    return YearActuals(
        year=year,
        lines=lines,
        hours=hours,
        hourly_rate=rate,
        hours_value=hours_value,
        approval=year_approval(partnership=partnership, year=year),
    )
