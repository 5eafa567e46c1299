"""The invoice pages under /p/<slug>/economy/invoices/: the list with a form for the year's
invoice, one invoice with its actions, its PDF and its Peppol XML, and the settlement of a
termination. Viewing needs Perm.VIEW_STATISTICS; every change Perm.APPROVE_ECONOMY (the
manager). Views parse, call a service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common.forms import add_service_errors, flash_errors
from vises.economy import documents, peppol, services
from vises.economy import invoices as reads
from vises.economy.forms import InvoiceCreateForm, InvoicePaidForm
from vises.economy.models import Invoice
from vises.partnerships import agreements
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view


def _invoice_or_404(request: PartnershipRequest, invoice_id: int) -> Invoice:
    invoice = reads.invoice_of(partnership=request.partnership, invoice_id=invoice_id)
    if invoice is None:
        raise Http404
    return invoice


def _list_page(
    request: PartnershipRequest, *, form: InvoiceCreateForm | None = None, status: int = 200
) -> HttpResponse:
    agreement = agreements.agreement_of(partnership=request.partnership)
    years = agreements.covered_years(agreement) if agreement is not None else []
    may_change = request.membership.allows(Perm.APPROVE_ECONOMY)
    context = {
        "agreement": agreement,
        "invoices": list(reads.partnership_invoices(partnership=request.partnership)),
        "form": form
        or (
            InvoiceCreateForm(
                years=years,
                initial={"year": timezone.localdate().year},
            )
            if may_change and years
            else None
        ),
    }
    return render(request, "economy/invoices.html", context, status=status)


@partnership_view(Perm.VIEW_STATISTICS)
def invoice_list(request: PartnershipRequest) -> HttpResponse:
    return _list_page(request)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def invoice_create(request: PartnershipRequest) -> HttpResponse:
    agreement = agreements.agreement_of(partnership=request.partnership)
    years = agreements.covered_years(agreement) if agreement is not None else []
    form = InvoiceCreateForm(request.POST, years=years)
    if form.is_valid():
        try:
            invoice = services.invoice_draft(
                partnership=request.partnership, year=form.cleaned_data["year"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft invoice is made; check it and issue it."))
            return redirect("economy_invoice", slug=request.partnership.slug, invoice_id=invoice.pk)
    return _list_page(request, form=form, status=400)


def _invoice_page(
    request: PartnershipRequest,
    invoice: Invoice,
    *,
    paid_form: InvoicePaidForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_change = request.membership.allows(Perm.APPROVE_ECONOMY)
    creditable = (
        reads.creditable_amount(invoice)
        if not invoice.is_draft and not invoice.is_credit_note
        else None
    )
    context = {
        "invoice": invoice,
        "credit_notes": list(invoice.credit_notes.order_by("pk")),
        "creditable": creditable,
        "may_change": may_change,
        "paid_form": paid_form
        or (
            InvoicePaidForm(initial={"paid_on": timezone.localdate()})
            if may_change and invoice.status == Invoice.Status.ISSUED and not invoice.is_credit_note
            else None
        ),
    }
    return render(request, "economy/invoice.html", context, status=status)


@partnership_view(Perm.VIEW_STATISTICS)
def invoice_page(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    return _invoice_page(request, _invoice_or_404(request, invoice_id))


def _redirect_to(request: PartnershipRequest, invoice: Invoice) -> HttpResponse:
    return redirect("economy_invoice", slug=request.partnership.slug, invoice_id=invoice.pk)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def invoice_issue(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    try:
        issued = services.invoice_issue(invoice=invoice, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(number)s is issued.") % {"number": issued.number})
    return _redirect_to(request, invoice)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def invoice_paid(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    form = InvoicePaidForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_mark_paid(
                invoice=invoice, paid_on=form.cleaned_data["paid_on"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(number)s is paid.") % {"number": invoice.number})
            return _redirect_to(request, invoice)
    return _invoice_page(request, invoice, paid_form=form, status=400)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def invoice_credit(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    try:
        note = services.invoice_credit(invoice=invoice, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return _redirect_to(request, invoice)
    messages.success(
        request,
        _("%(number)s is credited by the credit note %(note)s.")
        % {"number": invoice.number, "note": note.number},
    )
    return _redirect_to(request, note)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def invoice_discard(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    try:
        services.invoice_discard(invoice=invoice, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return _redirect_to(request, invoice)
    messages.success(request, _("The draft is discarded."))
    return redirect("economy_invoices", slug=request.partnership.slug)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response


@partnership_view(Perm.VIEW_STATISTICS)
def invoice_pdf(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    if invoice.is_draft:
        raise Http404  # a draft has no number: only issued documents are printed
    return _download(
        documents.invoice_pdf(invoice), "application/pdf", documents.filename(invoice, "pdf")
    )


@partnership_view(Perm.VIEW_STATISTICS)
def invoice_xml(request: PartnershipRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    if invoice.is_draft:
        raise Http404
    return _download(
        peppol.invoice_xml(invoice), "application/xml", documents.filename(invoice, "xml")
    )


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def settlement_draft(request: PartnershipRequest) -> HttpResponse:
    try:
        document = services.settlement_draft(partnership=request.partnership, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("partnership_agreement", slug=request.partnership.slug)
    if document is None:
        messages.success(request, _("The year is settled: nothing to invoice or credit."))
        return redirect("partnership_agreement", slug=request.partnership.slug)
    messages.success(request, _("The settlement is drafted; check it and issue it."))
    return _redirect_to(request, document)
