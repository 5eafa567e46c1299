"""Writes of the economy, by noun: the actuals and the year's approval (`actuals`), the
invoices and credit notes with their number series and the termination's settlement
(`invoices`). The names are re-exported here: `services.cost_entry_create(...)`."""

from vises.economy.services.actuals import cost_entry_create, hourly_rate_set, year_approve
from vises.economy.services.invoices import (
    invoice_credit,
    invoice_discard,
    invoice_draft,
    invoice_issue,
    invoice_mark_paid,
    settlement_draft,
)

__all__ = [
    "cost_entry_create",
    "hourly_rate_set",
    "invoice_credit",
    "invoice_discard",
    "invoice_draft",
    "invoice_issue",
    "invoice_mark_paid",
    "settlement_draft",
    "year_approve",
]
