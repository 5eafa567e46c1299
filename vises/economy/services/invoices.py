"""Writes of the invoices: draft, issue, mark paid, credit, discard a draft, and the
settlement of a termination.

One invoice per agreement year, to the public authority, for the municipality's indexed line
(vises.economy.budget); a second one for the year is refused unless the first is fully
credited. Numbers come from the partnership's one series (InvoiceNumberSeries), allocated
under a lock on the series row inside the transaction that issues, so a rolled-back issue
leaves no gap and two issues at once get consecutive numbers. Every write locks the
partnership's row first. Refusals are ValidationErrors in the user's language; nothing is
changed. The state machine is drawn in docs/invoice-states.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.common import audit
from vises.economy import invoices as reads
from vises.economy.budget import budget_for_year
from vises.economy.models import Invoice, InvoiceNumberSeries
from vises.economy.services import actuals
from vises.economy.services.actuals import _lock, _refuse_if_not_covered
from vises.partnerships.models import Agreement, Partnership

DUE_DAYS = reads.DUE_DAYS


def _user(actor: audit.Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _document_language() -> translation.override:
    """The texts of the document itself are in the default language (Swedish)."""
    return translation.override(settings.LANGUAGE_CODE)


def _refuse_second_invoice(partnership: Partnership, year: int) -> None:
    blocking = reads.blocking_invoice(partnership=partnership, year=year)
    if blocking is None:
        return
    if blocking.is_draft:
        raise ValidationError(
            _("There is already a draft invoice for %(year)d; issue or discard it first.")
            % {"year": year},
            code="draft_exists",
        )
    raise ValidationError(
        _(
            "%(year)d is already invoiced (%(number)s). A new invoice for the year can only "
            "be made once that one is fully credited."
        )
        % {"year": year, "number": blocking.number},
        code="already_invoiced",
    )


def _draft(
    *,
    partnership: Partnership,
    agreement: Agreement,
    year: int,
    kind: str,
    amount: Decimal,
    description: str,
    actor: audit.Actor,
    credited_invoice: Invoice | None = None,
    is_settlement: bool = False,
) -> Invoice:
    span = reads.year_period(agreement, year)
    if span is None:  # pragma: no cover - callers check the year is covered
        raise ValidationError(_("The agreement does not cover %(year)d.") % {"year": year})
    invoice = Invoice(
        partnership=partnership,
        kind=kind,
        year=year,
        is_settlement=is_settlement,
        credited_invoice=credited_invoice,
        description=description,
        period_start=span[0],
        period_end=span[1],
        amount=amount,
        created_by=_user(actor),
    )
    invoice.full_clean()
    invoice.save()
    audit.log(
        actor,
        f"economy.invoice.{'credit_note_drafted' if credited_invoice else 'drafted'}",
        invoice,
        fields=["year", "amount", "kind"],
    )
    return invoice


@transaction.atomic
def invoice_draft(*, partnership: Partnership, year: int, actor: audit.Actor) -> Invoice:
    """A draft of the year's invoice for the municipality's indexed line. Raises
    ValidationError when the year is not covered by the agreement, or the year already has
    a draft or an invoice that is not fully credited (code `already_invoiced`)."""
    agreement = _lock(partnership)
    _refuse_if_not_covered(agreement, year)
    _refuse_second_invoice(partnership, year)
    with _document_language():
        description = _(
            "Project manager under the agreement (the municipality's share), %(year)d"
        ) % {"year": year}
    return _draft(
        partnership=partnership,
        agreement=agreement,
        year=year,
        kind=Invoice.Kind.INVOICE,
        amount=budget_for_year(year).municipality,
        description=description,
        actor=actor,
    )


def _refuse_unless_draft(invoice: Invoice) -> None:
    if not invoice.is_draft:
        raise ValidationError(
            _("%(number)s is already issued and can no longer be changed.")
            % {"number": invoice.number},
            code="issued",
        )


def _next_number(partnership: Partnership, issued_on: date) -> tuple[int, str]:
    """The series' next number, under the partnership's lock and a lock on the series row
    (both held to the commit)."""
    InvoiceNumberSeries.objects.get_or_create(partnership=partnership)
    rows = InvoiceNumberSeries.objects
    locked = rows.select_for_update() if actuals.PARTNERSHIP_LOCKING else rows
    series = locked.get(partnership=partnership)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number, f"{series.prefix}{issued_on.year}-{series.last_number:04d}"


@transaction.atomic
def invoice_issue(
    *, invoice: Invoice, actor: audit.Actor, issued_on: date | None = None
) -> Invoice:
    """Issue a draft invoice or credit note: it gets the series' next number, the issue day,
    the due day (30 days later) and a copy of the parties and the payment details; from now
    on it never changes. Issuing the credit note that completes the credit of an invoice
    marks that invoice credited. Raises ValidationError when it is not a draft, when the
    year got another invoice meanwhile, when a credit note exceeds what is left to credit,
    or when the payment details are missing."""
    partnership = invoice.partnership
    agreement = _lock(partnership)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _refuse_unless_draft(invoice)
    if not settings.VISES_INVOICE_BANKGIRO:
        raise ValidationError(
            _("No Bankgiro number is configured (VISES_INVOICE_BANKGIRO); nothing was issued."),
            code="no_bankgiro",
        )
    original = None
    if invoice.is_credit_note and invoice.credited_invoice_id is not None:
        original = Invoice.objects.select_for_update().get(pk=invoice.credited_invoice_id)
        if original.status not in (Invoice.Status.ISSUED, Invoice.Status.PAID):
            raise ValidationError(
                _("%(number)s is not an issued invoice; it cannot be credited.")
                % {"number": original.number or original},
                code="not_creditable",
            )
        if invoice.amount > reads.creditable_amount(original):
            raise ValidationError(
                _("The credit note is larger than what is left to credit of %(number)s.")
                % {"number": original.number},
                code="too_much",
            )
    elif not invoice.is_settlement:
        blocking = reads.blocking_invoice(partnership=partnership, year=invoice.year)
        if blocking is not None and blocking.pk != invoice.pk:
            _refuse_second_invoice(partnership, invoice.year)
    day = issued_on or timezone.localdate()
    invoice.sequence, invoice.number = _next_number(partnership, day)
    invoice.issued_on = day
    invoice.due_on = None if invoice.is_credit_note else day + timedelta(days=DUE_DAYS)
    buyer, seller = partnership.public_authority, partnership.organisation
    invoice.buyer_name, invoice.buyer_org_number = buyer.name, buyer.org_number
    invoice.seller_name, invoice.seller_org_number = seller.name, seller.org_number
    invoice.buyer_address = agreement.invoice_address.strip() or buyer.name
    invoice.buyer_reference = agreement.invoice_reference.strip() or agreement.title
    invoice.agreement_reference = f"{agreement.title} ({agreement.signed_on.isoformat()})"
    invoice.bankgiro = settings.VISES_INVOICE_BANKGIRO
    invoice.payment_text = settings.VISES_INVOICE_PAYMENT_TEXT
    invoice.status = Invoice.Status.ISSUED
    invoice.full_clean()
    invoice.save()
    audit.log(actor, "economy.invoice.issued", invoice, fields=["number", "issued_on", "status"])
    if original is not None and reads.creditable_amount(original) == 0:
        original.status = Invoice.Status.CREDITED
        original.save(update_fields=["status"])
        audit.log(actor, "economy.invoice.credited", original, fields=["status"])
    return invoice


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: date, actor: audit.Actor) -> Invoice:
    """Record that the buyer paid an issued invoice. Raises ValidationError when it is not
    an issued invoice, or the day is before the issue day or in the future."""
    _lock(invoice.partnership)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note or invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(
            _("Only an issued invoice can be marked paid; %(invoice)s is %(status)s.")
            % {"invoice": invoice, "status": invoice.get_status_display()},
            code="not_issued",
        )
    issued_on = invoice.issued_on or paid_on
    if paid_on < issued_on or paid_on > timezone.localdate():
        raise ValidationError(
            {
                "paid_on": _("The day of payment must be between %(issued)s and today.")
                % {"issued": issued_on.isoformat()}
            },
            code="bad_day",
        )
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = paid_on
    invoice.save(update_fields=["status", "paid_on"])
    audit.log(actor, "economy.invoice.paid", invoice, fields=["status", "paid_on"])
    return invoice


def _credit_note_draft(
    *,
    invoice: Invoice,
    agreement: Agreement,
    amount: Decimal,
    actor: audit.Actor,
    is_settlement: bool = False,
) -> Invoice:
    if invoice.is_draft:
        raise ValidationError(
            _("A draft cannot be credited: it was never issued. Discard it instead."),
            code="draft",
        )
    if invoice.is_credit_note or invoice.status == Invoice.Status.CREDITED:
        raise ValidationError(
            _("%(number)s cannot be credited: it is a credit note or already fully credited.")
            % {"number": invoice.number},
            code="not_creditable",
        )
    if invoice.credit_notes.filter(status=Invoice.Status.DRAFT).exists():
        raise ValidationError(
            _("There is already a draft credit note for %(number)s; issue or discard it first.")
            % {"number": invoice.number},
            code="draft_exists",
        )
    left = reads.creditable_amount(invoice)
    if not 0 < amount <= left:
        raise ValidationError(
            _("The credit note is larger than what is left to credit of %(number)s.")
            % {"number": invoice.number},
            code="too_much",
        )
    with _document_language():
        description = _("Credit of invoice %(number)s") % {"number": invoice.number}
    return _draft(
        partnership=invoice.partnership,
        agreement=agreement,
        year=invoice.year,
        kind=Invoice.Kind.CREDIT_NOTE,
        amount=amount,
        description=description,
        actor=actor,
        credited_invoice=invoice,
        is_settlement=is_settlement,
    )


@transaction.atomic
def invoice_credit(
    *, invoice: Invoice, actor: audit.Actor, issued_on: date | None = None
) -> Invoice:
    """Credit what is left of an issued (or paid) invoice with a credit note, issued at
    once; the invoice is then credited and the year may be invoiced again. Raises
    ValidationError (nothing changed) for a draft, a credit note, or an invoice already
    fully credited."""
    agreement = _lock(invoice.partnership)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    note = _credit_note_draft(
        invoice=invoice,
        agreement=agreement,
        amount=reads.creditable_amount(invoice) if not invoice.is_draft else invoice.amount,
        actor=actor,
    )
    return invoice_issue(invoice=note, actor=actor, issued_on=issued_on)


@transaction.atomic
def invoice_discard(*, invoice: Invoice, actor: audit.Actor) -> None:
    """Delete a draft (it never had a number). Raises ValidationError when it is issued."""
    _lock(invoice.partnership)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _refuse_unless_draft(invoice)
    audit.log(actor, "economy.invoice.discarded", invoice, fields=["year", "kind"])
    invoice.delete()


@transaction.atomic
def settlement_draft(*, partnership: Partnership, actor: audit.Actor) -> Invoice | None:
    """Draft the settlement of a terminated agreement (vises.economy.invoices): a final
    invoice for a positive balance, a credit note against the year's invoice for a negative
    one; None when the year is settled already. Raises ValidationError when the agreement
    is not terminated or the settlement is drafted already."""
    agreement = _lock(partnership)
    settlement = reads.termination_settlement(agreement=agreement)
    if settlement is None:
        raise ValidationError(
            _("The agreement is not terminated; there is nothing to settle."),
            code="not_terminated",
        )
    if settlement.document is not None:
        raise ValidationError(
            _("The settlement is already drafted (%(document)s).")
            % {"document": settlement.document},
            code="drafted",
        )
    balance = settlement.balance
    if balance == 0:
        return None
    if balance > 0:
        with _document_language():
            description = _(
                "Final invoice after the termination on %(date)s: project manager costs "
                "incurred in %(year)d"
            ) % {"date": settlement.terminated_on.isoformat(), "year": settlement.year}
        return _draft(
            partnership=partnership,
            agreement=agreement,
            year=settlement.year,
            kind=Invoice.Kind.INVOICE,
            amount=balance,
            description=description,
            actor=actor,
            is_settlement=True,
        )
    # Credit the year's invoices, the latest one first, by what was invoiced too much.
    to_credit = -balance
    candidates = [
        invoice
        for invoice in reads.issued(
            Invoice.objects.filter(
                partnership=partnership, year=settlement.year, kind=Invoice.Kind.INVOICE
            )
        ).order_by("-pk")
        if invoice.status != Invoice.Status.CREDITED
    ]
    for invoice in candidates:
        if reads.creditable_amount(invoice) >= to_credit:
            return _credit_note_draft(
                invoice=invoice,
                agreement=agreement,
                amount=to_credit,
                actor=actor,
                is_settlement=True,
            )
    raise ValidationError(  # pragma: no cover - a negative balance means an invoice exists
        _("No single invoice of %(year)d can carry the credit; credit them by hand.")
        % {"year": settlement.year},
        code="split_credit",
    )
