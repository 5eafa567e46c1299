"""What the economy app shows on pages other apps own (vises.common.panels): the budget of
every year the agreement covers and, after a termination, its settlement, on the agreement
page (slot `partnerships.agreement`); on the coordinator's and the manager's start pages,
from 1 January until the year's invoice is issued, that the invoice is due ("Faktura skickas
en gång per år").

`register()` is called from EconomyConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.economy import invoices as invoice_reads
from vises.economy.budget import LINES, MUNICIPALITY, YearBudget, budget_for_year
from vises.partnerships import agreements
from vises.partnerships.access import Perm, Role
from vises.partnerships.models import Agreement

PAYER_LABELS = {
    MUNICIPALITY: _("the municipality, cash"),
    "organisation": _("the organisation, in kind"),
}


@dataclass(frozen=True)
class BudgetRow:
    label: str
    payer: str
    amounts: list[Decimal]
    is_sum: bool = False


def budget_rows(years: list[int]) -> tuple[list[YearBudget], list[BudgetRow]]:
    """The budgets of the years and the table's rows: one per line, then both shares and the
    total (sums of the rounded lines)."""
    budgets = [budget_for_year(year) for year in years]
    rows = [
        BudgetRow(
            line.category, str(PAYER_LABELS[line.payer]), [b.lines[i].amount for b in budgets]
        )
        for i, line in enumerate(LINES)
    ]
    rows += [
        BudgetRow(str(_("Municipality's share")), "", [b.municipality for b in budgets], True),
        BudgetRow(str(_("Organisation's share")), "", [b.organisation for b in budgets], True),
        BudgetRow(str(_("Total")), "", [b.total for b in budgets], True),
    ]
    return budgets, rows


def agreement_budget(request: HttpRequest, agreement: Agreement) -> dict[str, Any] | None:
    years = agreements.covered_years(agreement)
    if not years:
        return None
    budgets, rows = budget_rows(years)
    return {"budget_years": years, "budget_rows": rows}


def today() -> date:
    """The local day (a function, so tests can move it)."""
    return timezone.localdate()


def agreement_settlement(request: HttpRequest, agreement: Agreement) -> dict[str, Any] | None:
    settlement = invoice_reads.termination_settlement(agreement=agreement)
    if settlement is None:
        return None
    membership = request.membership  # type: ignore[attr-defined]  # set by partnership_view
    return {
        "settlement": settlement,
        "may_draft": membership.allows(Perm.APPROVE_ECONOMY)
        and settlement.document is None
        and settlement.balance != 0,
    }


def year_invoice_due(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    partnership = request.partnership  # type: ignore[attr-defined]  # set by partnership_view
    agreement = agreements.agreement_of(partnership=partnership)
    day = today()
    if agreement is None or not invoice_reads.year_invoice_outstanding(
        partnership=partnership, agreement=agreement, on=day
    ):
        return None
    return {"year": day.year, "amount": budget_for_year(day.year).municipality}


PANELS = [
    Panel(
        "economy.agreement_budget",
        ("partnerships.agreement",),
        10,
        "economy/panels/agreement_budget.html",
        agreement_budget,
    ),
    Panel(
        "economy.agreement_settlement",
        ("partnerships.agreement",),
        5,
        "economy/panels/agreement_settlement.html",
        agreement_settlement,
    ),
    Panel(
        "economy.year_invoice_due",
        (f"start.{Role.COORDINATOR}", f"start.{Role.MANAGER}"),
        6,
        "economy/panels/year_invoice_due.html",
        year_invoice_due,
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)
