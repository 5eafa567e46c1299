"""Reads of the invoices: a partnership's invoices and credit notes, what is invoiced per
year net of credits, whether the year's invoice is still to be issued, and the settlement
of a termination.

The settlement ("I händelse av att överenskommelsen hävs ska reglering av ekonomi ske på
sådant sätt att faktiskt uppkomna kostnader enligt denna överenskommelse ersätts",
seeds/001_4c89f7ac864d56f0.txt, "Giltighet"): the municipality pays the agreement's cash
line, the project manager ("Arbetsmarknadsnämnden bidrar med finansiering av en
projektledartjänst"). So for the year of the termination the municipality owes the cost
entries of the line `projektledare` dated up to and including the termination day, at most
that year's indexed line (it never pays more for a year than the agreement says), minus what
was already invoiced for the year net of credit notes. A positive balance is a final
invoice, a negative one a credit note. See docs/economy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum

from vises.economy.budget import ORE, budget_for_year
from vises.economy.models import CostEntry, Invoice
from vises.partnerships import agreements
from vises.partnerships.models import Agreement, Partnership

ZERO = Decimal("0.00")


def _sum(value: object) -> Decimal:
    """A database sum as öre (SQLite adds decimals as floating point)."""
    return Decimal(str(value or ZERO)).quantize(ORE, rounding=ROUND_HALF_UP)


PROJECT_MANAGER = "projektledare"  # the municipality's line (vises.economy.budget.LINES)
DUE_DAYS = 30


def partnership_invoices(*, partnership: Partnership) -> QuerySet[Invoice]:
    """Every invoice and credit note of the partnership, by year and in order of creation
    (one query; the credited invoice is joined)."""
    return (
        Invoice.objects.filter(partnership=partnership)
        .select_related("credited_invoice")
        .order_by("year", "pk")
    )


def invoice_of(*, partnership: Partnership, invoice_id: int) -> Invoice | None:
    return (
        Invoice.objects.filter(partnership=partnership, pk=invoice_id)
        .select_related("credited_invoice", "partnership")
        .first()
    )


def issued(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    return queryset.exclude(status=Invoice.Status.DRAFT)


def credited_amount(invoice: Invoice) -> Decimal:
    """What the issued credit notes against the invoice add up to."""
    total = issued(invoice.credit_notes.all()).aggregate(total=Sum("amount"))["total"]
    return _sum(total)


def creditable_amount(invoice: Invoice) -> Decimal:
    """What can still be credited of an issued invoice (its amount less issued credits)."""
    return invoice.amount - credited_amount(invoice)


def net_invoiced(*, partnership: Partnership, year: int) -> Decimal:
    """What the year's issued invoices add up to, less the year's issued credit notes."""
    sums = dict(
        issued(Invoice.objects.filter(partnership=partnership, year=year))
        .order_by()
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return _sum(sums.get(Invoice.Kind.INVOICE)) - _sum(sums.get(Invoice.Kind.CREDIT_NOTE))


def blocking_invoice(*, partnership: Partnership, year: int) -> Invoice | None:
    """The year's invoice that stops a new one: a draft, or an issued or paid invoice not
    fully credited (a settlement invoice after a termination does not count)."""
    return (
        Invoice.objects.filter(
            partnership=partnership,
            year=year,
            kind=Invoice.Kind.INVOICE,
            is_settlement=False,
        )
        .exclude(status=Invoice.Status.CREDITED)
        .order_by("pk")
        .first()
    )


def year_invoice_outstanding(*, partnership: Partnership, agreement: Agreement, on: date) -> bool:
    """Whether the year of `on` is an agreement year whose invoice is not issued yet (no
    issued or paid invoice of the year that is not fully credited)."""
    if not agreements.in_force(agreement, on=on):
        return False
    return not (
        Invoice.objects.filter(partnership=partnership, year=on.year, kind=Invoice.Kind.INVOICE)
        .filter(Q(status=Invoice.Status.ISSUED) | Q(status=Invoice.Status.PAID))
        .exists()
    )


@dataclass(frozen=True)
class Settlement:
    """The economic settlement of a terminated agreement, for the termination's year."""

    year: int
    terminated_on: date
    incurred: Decimal  # the line's cost entries dated up to and including the termination day
    budget_line: Decimal  # the year's indexed municipality line: the most it pays
    invoiced: Decimal  # the year's issued invoices less issued credit notes
    document: Invoice | None  # the settlement's final invoice or credit note, once drafted

    @property
    def reimbursable(self) -> Decimal:
        return min(self.incurred, self.budget_line)

    @property
    def balance(self) -> Decimal:
        """Positive: the municipality still owes it (a final invoice); negative: it paid
        too much (a credit note); zero: settled."""
        return self.reimbursable - self.invoiced

    @property
    def magnitude(self) -> Decimal:
        """The balance without its sign (what the final invoice or credit note is for)."""
        return abs(self.balance)


def termination_settlement(*, agreement: Agreement) -> Settlement | None:
    """The settlement of the agreement's termination, or None when it was not terminated
    (two queries: the costs, the year's documents)."""
    day = agreement.terminated_on
    if day is None:
        return None
    partnership = agreement.partnership
    incurred = CostEntry.objects.filter(
        partnership=partnership,
        category=PROJECT_MANAGER,
        spent_on__year=day.year,
        spent_on__lte=day,
    ).aggregate(total=Sum("amount"))["total"]
    # The year's documents in one query: what is invoiced net of credits, and the settlement.
    documents = list(Invoice.objects.filter(partnership=partnership, year=day.year).order_by("pk"))
    invoiced = sum(
        (document.signed_amount for document in documents if not document.is_draft), ZERO
    )
    settled = [document for document in documents if document.is_settlement]
    return Settlement(
        year=day.year,
        terminated_on=day,
        incurred=_sum(incurred),
        budget_line=budget_for_year(day.year).municipality,
        invoiced=invoiced,
        document=settled[-1] if settled else None,
    )


def year_period(agreement: Agreement, year: int) -> tuple[date, date] | None:
    """The days of `year` on which the agreement is in force, as one span (first, last),
    or None when it covers none of them."""
    days = [
        (max(period.start, date(year, 1, 1)), min(period.end, date(year, 12, 31)))
        for period in agreements.periods(agreement)
        if period.start.year <= year <= period.end.year
    ]
    if not days:
        return None
    return min(start for start, _end in days), max(end for _start, end in days)
