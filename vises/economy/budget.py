"""The agreement's budget per calendar year: pure arithmetic in Decimal, no database.

"Kostnader för partnerskapet beräknas till 1 156 000 kronor per kalenderår, fördelning enligt
tabell: projektledare 600 000, volontärer 306 000, lokaler 167 000, OH-kostnader 37 000,
Marknadsföring och aktiviteter 46 000. Arbetsmarknadsnämnden bidrar med finansiering av en
projektledartjänst om 600 000 kronor. Röda Korset bidrar med ändamålsenliga lokaler, ideella
volontärer som deltar vid aktiviteter, marknadsföring och kringkostnader till ett värde av
minst 556 000 kronor. […] För varje nytt kalenderår justeras kostnaderna för pris- och
löneutveckling med 2%." (seeds/001_4c89f7ac864d56f0.txt, "Ekonomi")

The rule (DESIGN §8): each line is its 2022 amount × 1.02^(year − 2022), rounded half-up to
the öre; every total is the sum of the rounded lines, never a rounded sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BASE_YEAR = 2022
INDEX = Decimal("1.02")  # "justeras kostnaderna för pris- och löneutveckling med 2%"
ORE = Decimal("0.01")

MUNICIPALITY = "municipality"
ORGANISATION = "organisation"
CASH = "cash"
IN_KIND = "in_kind"


@dataclass(frozen=True)
class BudgetLine:
    """One line of the agreement's table: who pays it and how, and its 2022 amount."""

    category: str
    payer: str  # MUNICIPALITY or ORGANISATION
    kind: str  # CASH or IN_KIND
    base_amount: Decimal


# The table of "Ekonomi", in its order; the category strings are the contract's (DESIGN §9).
LINES: tuple[BudgetLine, ...] = (
    BudgetLine("projektledare", MUNICIPALITY, CASH, Decimal("600000")),
    BudgetLine("volontärer", ORGANISATION, IN_KIND, Decimal("306000")),
    BudgetLine("lokaler", ORGANISATION, IN_KIND, Decimal("167000")),
    BudgetLine("oh-kostnader", ORGANISATION, IN_KIND, Decimal("37000")),
    BudgetLine("marknadsföring och aktiviteter", ORGANISATION, IN_KIND, Decimal("46000")),
)
CATEGORIES = tuple(line.category for line in LINES)


@dataclass(frozen=True)
class BudgetAmount:
    line: BudgetLine
    amount: Decimal  # rounded to the öre

    @property
    def category(self) -> str:
        return self.line.category

    @property
    def payer(self) -> str:
        return self.line.payer

    @property
    def kind(self) -> str:
        return self.line.kind


@dataclass(frozen=True)
class YearBudget:
    year: int
    lines: tuple[BudgetAmount, ...]

    def share(self, payer: str) -> Decimal:
        """The sum of the payer's rounded lines."""
        return sum((line.amount for line in self.lines if line.payer == payer), Decimal("0.00"))

    @property
    def municipality(self) -> Decimal:
        """The municipality's cash contribution: the project manager line (the invoice)."""
        return self.share(MUNICIPALITY)

    @property
    def organisation(self) -> Decimal:
        """The Red Cross's in-kind contribution at budget, its indexed minimum ("till ett värde
        av minst 556 000 kronor", indexed like every line)."""
        return self.share(ORGANISATION)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def as_json(self) -> dict[str, object]:
        """The `vises budget --json` document (DESIGN §9): amounts as strings, two decimals."""
        return {
            "year": self.year,
            "total": f"{self.total:.2f}",
            "municipality": f"{self.municipality:.2f}",
            "organisation": f"{self.organisation:.2f}",
            "lines": [
                {
                    "category": line.category,
                    "payer": line.payer,
                    "kind": line.kind,
                    "amount": f"{line.amount:.2f}",
                }
                for line in self.lines
            ],
        }


def indexed(amount: Decimal, year: int) -> Decimal:
    """`amount` (a 2022 amount) indexed to `year`, rounded half-up to the öre."""
    if year < BASE_YEAR:
        raise ValueError(f"the agreement's amounts are from {BASE_YEAR}; {year} is before that")
    return (amount * INDEX ** (year - BASE_YEAR)).quantize(ORE, rounding=ROUND_HALF_UP)


def budget_for_year(year: int) -> YearBudget:
    """Every line of the agreement's table for the calendar year, indexed and rounded."""
    return YearBudget(
        year, tuple(BudgetAmount(line, indexed(line.base_amount, year)) for line in LINES)
    )


def organisation_minimum(year: int) -> Decimal:
    """The Red Cross's indexed minimum for the year: the sum of its four rounded lines."""
    return budget_for_year(year).organisation
