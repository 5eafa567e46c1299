"""Demo data of the economy: actuals for 2022–2025 on every budget line, the value of a
volunteer hour per year, the manager's approval of 2022–2024, and the invoices of 2022–2025
(paid, credited and issued again, issued). In 2023 the Red Cross's
contribution falls short of its indexed minimum (the premises cost less than budgeted), so
the year page's warning has something to show. Synthetic figures, not the real accounts.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from vises.common.demo import DemoRun
from vises.economy import services
from vises.economy.budget import LINES, ORE, budget_for_year
from vises.economy.models import CostEntry, Invoice
from vises.economy.selectors import approved_years

ACTOR = "system:demo"
YEARS = [2022, 2023, 2024, 2025]
APPROVED = [2022, 2023, 2024]
HOURLY_RATE = {2022: "150", 2023: "155", 2024: "160", 2025: "165", 2026: "170"}
# Share of each line's budget entered as costs, per year (2023: premises far below budget).
SHARES = {
    2022: {"lokaler": Decimal("1.00"), "default": Decimal("1.00")},
    2023: {"lokaler": Decimal("0.40"), "default": Decimal("0.97")},
    2024: {"lokaler": Decimal("1.02"), "default": Decimal("1.01")},
    2025: {"lokaler": Decimal("0.99"), "default": Decimal("1.02")},
}
DESCRIPTIONS = {
    "projektledare": "Lön och arbetsgivaravgifter, projektledare",
    "volontärer": "Volontärinsatser utöver caféerna (utbildning, samordning)",
    "lokaler": "Lokalhyra Skäggetorp och Berga",
    "oh-kostnader": "Administration och försäkringar",
    "marknadsföring och aktiviteter": "Trycksaker, fika och aktiviteter",
}


@transaction.atomic
def load(run: DemoRun) -> None:
    partnership = run.partnership
    if CostEntry.objects.filter(partnership=partnership).exists():
        return  # idempotent: the demo's actuals are there
    for year, rate in HOURLY_RATE.items():
        services.hourly_rate_set(partnership=partnership, year=year, rate=rate, actor=ACTOR)
    for year in YEARS:
        budget = budget_for_year(year)
        for line, planned in zip(LINES, budget.lines, strict=True):
            share = SHARES[year].get(line.category, SHARES[year]["default"])
            # Two entries a year per line, in spring and in autumn.
            total = (planned.amount * share).quantize(ORE, rounding=ROUND_HALF_UP)
            first = (total / 2).quantize(ORE, rounding=ROUND_HALF_UP)
            for day, amount in ((date(year, 4, 30), first), (date(year, 10, 31), total - first)):
                services.cost_entry_create(
                    partnership=partnership,
                    category=line.category,
                    spent_on=day,
                    amount=amount,
                    description=DESCRIPTIONS[line.category],
                    actor=ACTOR,
                )
    done = approved_years(partnership=partnership)
    for year in APPROVED:
        if year not in done:
            services.year_approve(partnership=partnership, year=year, actor=ACTOR)
    run.report.append(
        _("Economy: actuals for %(first)d–%(last)d, %(approved)d years approved.")
        % {"first": YEARS[0], "last": YEARS[-1], "approved": len(APPROVED)}
    )


# The demo's invoices: (year, issued, paid or None); 2024 is credited a week after issue and
# issued again (a wrong reference, say), 2025 is issued and not paid yet.
INVOICES = [
    (2022, date(2022, 1, 17), date(2022, 2, 10)),
    (2023, date(2023, 1, 16), date(2023, 2, 8)),
    (2024, date(2024, 1, 15), None),
]
REISSUED_2024 = (date(2024, 1, 22), date(2024, 1, 23))  # the credit note, the new invoice
INVOICE_2025 = date(2025, 1, 14)


@transaction.atomic
def invoices_load(run: DemoRun) -> None:
    """Issued, paid and credited invoices: 2022 and 2023 paid, 2024 issued, credited and
    issued again, 2025 issued (idempotent: nothing is added once the partnership has one)."""
    partnership = run.partnership
    if Invoice.objects.filter(partnership=partnership).exists():
        return
    issued: dict[int, Invoice] = {}
    for year, issued_on, paid_on in INVOICES:
        draft = services.invoice_draft(partnership=partnership, year=year, actor=ACTOR)
        issued[year] = services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=issued_on)
        if paid_on is not None:
            services.invoice_mark_paid(invoice=issued[year], paid_on=paid_on, actor=ACTOR)
    credited_on, reissued_on = REISSUED_2024
    services.invoice_credit(invoice=issued[2024], actor=ACTOR, issued_on=credited_on)
    for year, issued_on in ((2024, reissued_on), (2025, INVOICE_2025)):
        draft = services.invoice_draft(partnership=partnership, year=year, actor=ACTOR)
        services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=issued_on)
    run.report.append(
        _("Economy: invoices for %(first)d–%(last)d, one of them credited and issued again.")
        % {"first": 2022, "last": 2025}
    )
