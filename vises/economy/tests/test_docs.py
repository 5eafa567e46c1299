"""docs/economy.md's figures table is the code's: every line, both shares and the totals for
2022–2027 (vises.economy.budget)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from vises.economy.budget import LINES, budget_for_year

DOC = Path(__file__).resolve().parents[3] / "docs" / "economy.md"


def amount(cell: str) -> Decimal:
    return Decimal(cell.replace(" ", ""))


def test_the_documented_figures_are_the_codes():
    rows = {
        cells[0].strip("* "): [amount(cell) for cell in cells[2:]]
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| line")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    budgets = [budget_for_year(year) for year in range(2022, 2028)]

    expected = {
        line.category: [budget.lines[i].amount for budget in budgets]
        for i, line in enumerate(LINES)
    }
    expected["municipality"] = [budget.municipality for budget in budgets]
    expected["organisation"] = [budget.organisation for budget in budgets]
    expected["total"] = [budget.total for budget in budgets]
    assert rows == expected
