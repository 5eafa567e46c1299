"""The settlement of a termination ("hävas med omedelbar verkan … faktiskt uppkomna kostnader
enligt denna överenskommelse ersätts"): the project manager line's costs of the year up to
and including the termination day, at most the year's indexed line, minus what was invoiced
for the year net of credit notes; drafted as a final invoice or a credit note, to the öre."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vises.economy import invoices as reads
from vises.economy import services
from vises.economy.models import Invoice
from vises.economy.tests.invoice_fixtures import vises_agreement
from vises.partnerships.access import Role
from vises.partnerships.services import agreement_terminate

ACTOR = "system:test"


@pytest.fixture
def agreement(partnership):
    return vises_agreement(partnership)


def cost(partnership, day: date, amount: str, category: str = "projektledare") -> None:
    services.cost_entry_create(
        partnership=partnership,
        category=category,
        spent_on=day,
        amount=amount,
        description="Lön",
        actor=ACTOR,
    )


def issued(partnership, year):
    draft = services.invoice_draft(partnership=partnership, year=year, actor=ACTOR)
    return services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=date(year, 1, 10))


def terminate(agreement, day: date):
    return agreement_terminate(
        agreement=agreement, terminated_on=day, reason="Väsentligt åsidosättande", actor=ACTOR
    )


def test_a_mid_year_termination_credits_what_was_invoiced_too_much_to_the_ore(
    partnership, agreement
):
    invoice = issued(partnership, 2025)  # 636 724.80
    cost(partnership, date(2025, 1, 31), "53058.47")
    cost(partnership, date(2025, 3, 31), "106116.93")
    cost(partnership, date(2025, 6, 15), "106126.27")  # the termination day counts
    cost(partnership, date(2025, 6, 16), "10000.00")  # the day after does not
    cost(partnership, date(2024, 12, 31), "50000.00")  # another year does not
    cost(partnership, date(2025, 5, 1), "99999.99", category="lokaler")  # nor another line
    terminated = terminate(agreement, date(2025, 6, 15))

    settlement = reads.termination_settlement(agreement=terminated)
    assert settlement is not None
    assert settlement.incurred == Decimal("265301.67")
    assert settlement.invoiced == Decimal("636724.80")
    assert settlement.balance == Decimal("-371423.13")

    note = services.settlement_draft(partnership=partnership, actor=ACTOR)
    assert note is not None
    assert (note.kind, note.status, note.is_settlement) == (
        Invoice.Kind.CREDIT_NOTE,
        Invoice.Status.DRAFT,
        True,
    )
    assert note.credited_invoice_id == invoice.pk
    assert note.amount == Decimal("371423.13")
    assert (note.period_start, note.period_end) == (date(2025, 1, 1), date(2025, 6, 15))

    services.invoice_issue(invoice=note, actor=ACTOR, issued_on=date(2025, 6, 20))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED  # partly credited
    assert reads.net_invoiced(partnership=partnership, year=2025) == Decimal("265301.67")
    assert reads.termination_settlement(agreement=terminated).balance == 0


def test_a_termination_before_the_years_invoice_drafts_a_final_invoice(partnership, agreement):
    cost(partnership, date(2026, 2, 28), "54121.61")
    cost(partnership, date(2026, 3, 10), "12345.68")
    terminated = terminate(agreement, date(2026, 3, 10))

    final = services.settlement_draft(partnership=partnership, actor=ACTOR)

    assert final is not None
    assert (final.kind, final.is_settlement, final.amount) == (
        Invoice.Kind.INVOICE,
        True,
        Decimal("66467.29"),
    )
    assert "2026-03-10" in final.description
    assert reads.termination_settlement(agreement=terminated).document == final


def test_the_settlement_never_exceeds_the_years_indexed_line(partnership, agreement):
    cost(partnership, date(2024, 5, 1), "700000.00")
    terminated = terminate(agreement, date(2024, 9, 30))

    settlement = reads.termination_settlement(agreement=terminated)

    assert settlement.reimbursable == Decimal("624240.00")
    assert settlement.balance == Decimal("624240.00")


def test_a_settled_year_drafts_nothing(partnership, agreement):
    issued(partnership, 2022)
    cost(partnership, date(2022, 6, 1), "600000.00")
    terminate(agreement, date(2022, 12, 31))

    assert services.settlement_draft(partnership=partnership, actor=ACTOR) is None
    assert Invoice.objects.count() == 1


def test_without_a_termination_or_twice_the_settlement_is_refused(partnership, agreement):
    with pytest.raises(ValidationError, match="Överenskommelsen är inte hävd"):
        services.settlement_draft(partnership=partnership, actor=ACTOR)

    cost(partnership, date(2023, 2, 1), "1000.00")
    terminate(agreement, date(2023, 2, 1))
    services.settlement_draft(partnership=partnership, actor=ACTOR)
    with pytest.raises(ValidationError, match="Regleringen är redan upprättad"):
        services.settlement_draft(partnership=partnership, actor=ACTOR)
    assert Invoice.objects.count() == 1


def test_the_agreement_page_shows_the_settlement_and_its_document(
    partnership, agreement, client_for
):
    issued(partnership, 2025)
    cost(partnership, date(2025, 3, 31), "100000.00")
    terminate(agreement, date(2025, 4, 30))
    client = client_for(Role.MANAGER)
    page = f"/p/{partnership.slug}/agreement/"

    before = client.get(page).content.decode().replace("\xa0", " ")
    assert "Reglering efter hävningen" in before
    assert "536 724,80" in before  # to be credited
    assert "Gör ett utkast till kreditfaktura" in before

    response = client.post(f"/p/{partnership.slug}/economy/settlement/")
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert response["Location"] == f"/p/{partnership.slug}/economy/invoices/{note.pk}/"
    after = client.get(page).content.decode()
    assert f"/economy/invoices/{note.pk}/" in after
    assert "Gör ett utkast till kreditfaktura" not in after

    coordinator = client_for(Role.COORDINATOR).get(page).content.decode()
    assert "Reglering efter hävningen" in coordinator
