"""Invoices: one per agreement year for the municipality's indexed line, from a gap-free
number series; draft → issued → paid, or credited by a credit note; an issued invoice never
changes (the model, and on PostgreSQL a trigger); the refusals in Swedish, nothing changed.

"Faktura skickas en gång per år till: Linköpings kommun, Scanningscentralen 150Z, 581 81
Linköping" (seeds/001_4c89f7ac864d56f0.txt, "Ekonomi"; DESIGN §8).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from vises.common.models import AuditEvent
from vises.economy import invoices as reads
from vises.economy import services
from vises.economy.models import Invoice, InvoiceImmutable, InvoiceNumberSeries
from vises.economy.tests.invoice_fixtures import vises_agreement

ACTOR = "system:test"


@pytest.fixture
def agreement(partnership):
    return vises_agreement(partnership)


def issued(partnership, year, on=None):
    draft = services.invoice_draft(partnership=partnership, year=year, actor=ACTOR)
    return services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=on or date(year, 1, 15))


def test_the_draft_is_the_municipalitys_indexed_line_for_the_year(partnership, agreement):
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)

    assert draft.status == Invoice.Status.DRAFT
    assert draft.amount == Decimal("624240.00")
    assert (draft.period_start, draft.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert draft.number == "" and draft.sequence is None
    assert "2024" in draft.description


def test_issuing_numbers_dates_and_copies_the_parties(partnership, agreement, settings):
    settings.VISES_INVOICE_BANKGIRO = "5050-1055"
    invoice = issued(partnership, 2024, on=date(2024, 1, 10))

    assert invoice.status == Invoice.Status.ISSUED
    assert (invoice.sequence, invoice.number) == (1, "VS-2024-0001")
    assert invoice.issued_on == date(2024, 1, 10)
    assert invoice.due_on == date(2024, 2, 9)  # 30 days
    assert (invoice.buyer_name, invoice.buyer_org_number) == ("Linköpings kommun", "212000-0449")
    assert (invoice.seller_name, invoice.seller_org_number) == (
        "Linköpings södra rödakorskrets",
        "822002-1318",
    )
    assert invoice.buyer_address.splitlines() == [
        "Linköpings kommun",
        "Scanningscentralen 150Z",
        "581 81 Linköping",
    ]
    assert invoice.bankgiro == "5050-1055"
    assert AuditEvent.objects.filter(action="economy.invoice.issued").count() == 1


def test_numbers_follow_each_other_without_gaps_across_invoices_and_credit_notes(
    partnership, agreement
):
    first = issued(partnership, 2022)
    note = services.invoice_credit(invoice=first, actor=ACTOR, issued_on=date(2022, 2, 1))
    again = issued(partnership, 2022, on=date(2022, 2, 2))
    services.invoice_draft(partnership=partnership, year=2023, actor=ACTOR)  # a draft: no number
    later = issued(partnership, 2024)

    assert [first.sequence, note.sequence, again.sequence, later.sequence] == [1, 2, 3, 4]
    assert InvoiceNumberSeries.objects.get(partnership=partnership).last_number == 4


def test_a_refused_issue_leaves_no_gap_in_the_series(partnership, agreement, settings):
    draft = services.invoice_draft(partnership=partnership, year=2022, actor=ACTOR)
    settings.VISES_INVOICE_BANKGIRO = ""
    with pytest.raises(ValidationError, match="Inget bankgironummer"):
        services.invoice_issue(invoice=draft, actor=ACTOR)
    settings.VISES_INVOICE_BANKGIRO = "5050-1055"

    assert services.invoice_issue(invoice=draft, actor=ACTOR).sequence == 1


def test_a_second_invoice_for_a_year_is_refused_in_swedish(partnership, agreement):
    first = issued(partnership, 2024)

    with pytest.raises(ValidationError) as refused:
        services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)

    assert refused.value.messages == [
        "2024 är redan fakturerat (VS-2024-0001). En ny faktura för året kan göras först när "
        "den är helt krediterad."
    ]
    assert Invoice.objects.count() == 1
    assert Invoice.objects.get(pk=first.pk).status == Invoice.Status.ISSUED


def test_a_second_draft_is_refused_too(partnership, agreement):
    services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)

    with pytest.raises(ValidationError, match="Det finns redan ett fakturautkast för 2024"):
        services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)
    assert Invoice.objects.count() == 1


def test_a_year_outside_the_agreement_is_refused(partnership, agreement):
    with pytest.raises(
        ValidationError, match="Överenskommelsen gäller inte 2028; den gäller 2022–2027."
    ):
        services.invoice_draft(partnership=partnership, year=2028, actor=ACTOR)
    assert not Invoice.objects.exists()


def test_after_a_full_credit_the_year_can_be_invoiced_again(partnership, agreement):
    first = issued(partnership, 2024)

    note = services.invoice_credit(invoice=first, actor=ACTOR, issued_on=date(2024, 2, 1))
    again = issued(partnership, 2024, on=date(2024, 2, 2))

    first.refresh_from_db()
    assert first.status == Invoice.Status.CREDITED
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.credited_invoice_id == first.pk
    assert note.amount == first.amount and note.due_on is None
    assert again.status == Invoice.Status.ISSUED
    assert reads.net_invoiced(partnership=partnership, year=2024) == Decimal("624240.00")


def test_a_paid_invoice_is_paid_and_can_still_be_credited(partnership, agreement):
    invoice = issued(partnership, 2022)

    paid = services.invoice_mark_paid(invoice=invoice, paid_on=date(2022, 2, 1), actor=ACTOR)
    assert (paid.status, paid.paid_on) == (Invoice.Status.PAID, date(2022, 2, 1))
    services.invoice_credit(invoice=paid, actor=ACTOR, issued_on=date(2022, 3, 1))

    paid.refresh_from_db()
    assert paid.status == Invoice.Status.CREDITED


def test_marking_a_draft_paid_is_refused(partnership, agreement):
    draft = services.invoice_draft(partnership=partnership, year=2022, actor=ACTOR)

    with pytest.raises(ValidationError, match="Bara en utställd faktura kan markeras betald"):
        services.invoice_mark_paid(invoice=draft, paid_on=date(2022, 2, 1), actor=ACTOR)
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT and draft.paid_on is None


def test_a_credit_of_a_draft_is_refused_in_swedish_and_nothing_changes(partnership, agreement):
    draft = services.invoice_draft(partnership=partnership, year=2022, actor=ACTOR)

    with pytest.raises(ValidationError) as refused:
        services.invoice_credit(invoice=draft, actor=ACTOR)

    assert refused.value.messages == [
        "Ett utkast kan inte krediteras: det har aldrig ställts ut. Ta bort det i stället."
    ]
    assert Invoice.objects.count() == 1


def test_a_credited_invoice_cannot_be_credited_again(partnership, agreement):
    invoice = issued(partnership, 2022)
    services.invoice_credit(invoice=invoice, actor=ACTOR)

    with pytest.raises(ValidationError, match="redan helt krediterad"):
        services.invoice_credit(invoice=invoice, actor=ACTOR)
    assert Invoice.objects.count() == 2


def test_an_issued_invoice_never_changes_in_the_model(partnership, agreement):
    invoice = issued(partnership, 2024)

    for field, value in [
        ("amount", Decimal("1.00")),
        ("description", "Något annat"),
        ("issued_on", date(2024, 1, 1)),
        ("due_on", date(2024, 12, 31)),
        ("number", "VS-2024-9999"),
        ("period_end", date(2024, 6, 30)),
    ]:
        changed = Invoice.objects.get(pk=invoice.pk)
        setattr(changed, field, value)
        with pytest.raises(InvoiceImmutable, match="är utställd och kan inte längre ändras"):
            changed.save()
    with pytest.raises(InvoiceImmutable, match="kan inte tas bort"):
        Invoice.objects.get(pk=invoice.pk).delete()

    stored = Invoice.objects.get(pk=invoice.pk)
    assert (stored.amount, stored.number) == (Decimal("624240.00"), "VS-2024-0001")


def test_issuing_an_issued_invoice_again_is_refused(partnership, agreement):
    invoice = issued(partnership, 2024)

    with pytest.raises(ValidationError, match="är redan utställd och kan inte längre ändras"):
        services.invoice_issue(invoice=invoice, actor=ACTOR)
    assert Invoice.objects.get(pk=invoice.pk).sequence == 1


def test_a_draft_can_be_changed_and_discarded(partnership, agreement):
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)
    draft.description = "Ändrad text"
    draft.save()

    services.invoice_discard(invoice=draft, actor=ACTOR)

    assert not Invoice.objects.exists()


def raw_sql(sql: str, params: list[str | int | date]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_raw_sql_update_of_an_issued_invoice_is_refused_on_postgresql(partnership, agreement):
    invoice = issued(partnership, 2024)
    update = "UPDATE economy_invoice SET amount = %s WHERE id = %s"

    if connection.vendor == "postgresql":
        # The trigger of migration 0003 refuses it, whoever sends it.
        with pytest.raises(DatabaseError, match="is issued: UPDATE refused"):
            raw_sql(update, ["1.00", invoice.pk])
        with pytest.raises(DatabaseError, match="is issued: DELETE refused"):
            raw_sql("DELETE FROM economy_invoice WHERE id = %s", [invoice.pk])
        assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("624240.00")
        # What may change after issue still can: the status and the day of payment.
        raw_sql(
            "UPDATE economy_invoice SET status = %s, paid_on = %s WHERE id = %s",
            ["paid", date(2024, 2, 1), invoice.pk],
        )
        assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    else:
        # SQLite has no trigger; the model layer is the guard there (test above).
        raw_sql(update, ["1.00", invoice.pk])
        assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("1.00")


def test_the_due_reminder_shows_from_new_year_until_the_invoice_is_issued(partnership, agreement):
    def outstanding(day: date) -> bool:
        return reads.year_invoice_outstanding(partnership=partnership, agreement=agreement, on=day)

    assert outstanding(date(2025, 1, 1))
    draft = services.invoice_draft(partnership=partnership, year=2025, actor=ACTOR)
    assert outstanding(date(2025, 1, 2))  # a draft is not sent
    services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=date(2025, 1, 3))
    assert not outstanding(date(2025, 1, 3))
    assert not outstanding(date(2028, 1, 1))  # after the agreement


def test_the_due_date_is_thirty_days_after_issue_across_a_month(partnership, agreement):
    invoice = issued(partnership, 2026, on=date(2026, 1, 31))

    assert invoice.due_on == date(2026, 1, 31) + timedelta(days=30) == date(2026, 3, 2)
