"""`vises demo` adds actuals for 2022–2025 with one year (2023) where the Red Cross fell
short of its indexed minimum, and the manager's approval of 2022–2024."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from vises.economy import selectors
from vises.economy.models import CostEntry
from vises.partnerships.models import Partnership


def test_the_demo_actuals(db, settings):
    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    partnership = Partnership.objects.get(slug="vi-ses")

    short = {
        year: selectors.year_actuals(partnership=partnership, year=year).organisation_shortfall > 0
        for year in range(2022, 2026)
    }

    assert short == {2022: False, 2023: True, 2024: False, 2025: False}
    assert selectors.approved_years(partnership=partnership) == {2022, 2023, 2024}
    assert CostEntry.objects.filter(partnership=partnership).count() == 4 * 5 * 2
    assert selectors.hourly_rate_of(partnership=partnership, year=2026) == Decimal("170.00")


def test_the_demo_invoices(db, settings):
    from vises.economy.models import Invoice

    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    partnership = Partnership.objects.get(slug="vi-ses")

    rows = list(
        Invoice.objects.filter(partnership=partnership)
        .order_by("sequence")
        .values_list("number", "year", "kind", "status", "amount")
    )

    assert rows == [
        ("VS-2022-0001", 2022, "invoice", "paid", Decimal("600000.00")),
        ("VS-2023-0002", 2023, "invoice", "paid", Decimal("612000.00")),
        ("VS-2024-0003", 2024, "invoice", "credited", Decimal("624240.00")),
        ("VS-2024-0004", 2024, "credit_note", "issued", Decimal("624240.00")),
        ("VS-2024-0005", 2024, "invoice", "issued", Decimal("624240.00")),
        ("VS-2025-0006", 2025, "invoice", "issued", Decimal("636724.80")),
    ]
    first = Invoice.objects.get(number="VS-2022-0001")
    assert first.buyer_address.splitlines() == [
        "Linköpings kommun",
        "Scanningscentralen 150Z",
        "581 81 Linköping",
    ]
    assert (first.buyer_org_number, first.seller_org_number) == ("212000-0449", "822002-1318")
