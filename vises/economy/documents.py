"""The invoice and the credit note as PDF, through the shared renderer (vises.common.pdf),
always in Swedish: the document goes to a Swedish public authority."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from vises.common.pdf import pdf_from_html, pdf_html
from vises.economy.models import Invoice


def invoice_html(invoice: Invoice) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf_html(
            "economy/invoice_pdf.html",
            {
                "invoice": invoice,
                "address_lines": [
                    line.strip() for line in invoice.buyer_address.splitlines() if line.strip()
                ],
            },
        )


def invoice_pdf(invoice: Invoice) -> bytes:
    return pdf_from_html(invoice_html(invoice))


def filename(invoice: Invoice, extension: str) -> str:
    kind = "kreditfaktura" if invoice.is_credit_note else "faktura"
    return f"{kind}-{invoice.number or f'utkast-{invoice.year}'}.{extension}"
