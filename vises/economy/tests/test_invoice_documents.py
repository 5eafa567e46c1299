"""The invoice's PDF (the shared renderer) and its Peppol BIS Billing 3.0 (UBL 2.1) XML: every
field the agreement and BIS 3.0 ask for, and the same amounts in both."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from vises.economy import documents, peppol, services
from vises.economy.tests.invoice_fixtures import vises_agreement

ACTOR = "system:test"
NS = {"cbc": peppol.CBC, "cac": peppol.CAC}


@pytest.fixture
def invoice(partnership, settings):
    settings.VISES_INVOICE_BANKGIRO = "5050-1055"
    settings.VISES_INVOICE_PAYMENT_TEXT = "Ange fakturanumret som referens vid betalningen."
    vises_agreement(partnership)
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)
    return services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=date(2024, 1, 10))


@pytest.fixture
def credit_note(invoice):
    return services.invoice_credit(invoice=invoice, actor=ACTOR, issued_on=date(2024, 2, 1))


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pdftotext -layout, poppler-utils: a table row stays one line), every
    run of white space one space."""
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own bytes
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def pdf_amounts(text: str) -> set[Decimal]:
    """Every Swedish-written amount in the text (624 240,00) as a Decimal."""
    return {
        Decimal(match.replace(" ", "").replace(",", "."))
        for match in re.findall(r"(?<![\d-])\d{1,3}(?: \d{3})*,\d{2}", text)
    }


def test_the_pdf_holds_every_field_the_agreement_asks_for(invoice):
    pdf = documents.invoice_pdf(invoice)
    text = pdf_text(pdf)

    assert pdf.startswith(b"%PDF-")
    for required in [
        "Faktura VS-2024-0001",
        "Linköpings kommun",  # buyer
        "org.nr 212000-0449",
        "Linköpings södra rödakorskrets",  # seller
        "org.nr 822002-1318",
        "Scanningscentralen 150Z",  # invoice address
        "581 81 Linköping",
        "Vi Ses! – Idéburet Offentligt Partnerskap (2021-12-15)",  # the agreement
        "2024-01-01 – 2024-12-31",  # period
        "624 240,00",  # amount
        "Fakturadatum 2024-01-10",
        "Förfallodag 2024-02-09",  # 30 days
        "Bankgiro 5050-1055",  # payment details from settings
        "Ange fakturanumret som referens vid betalningen.",
        "Ej föremål för moms",
    ]:
        assert required in text, required


def test_the_credit_note_pdf_names_the_invoice_it_credits(credit_note):
    text = pdf_text(documents.invoice_pdf(credit_note))

    assert "Kreditfaktura VS-2024-0002" in text
    assert "Krediterar faktura VS-2024-0001 (2024-01-10)" in text
    assert "Att kreditera (kr) 624 240,00" in text
    assert "Bankgiro" not in text  # nothing to pay


def parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 - our own document, not outside input


def one(root: ET.Element, path: str) -> ET.Element:
    found = root.findall(path, NS)
    assert len(found) == 1, path
    element = found[0]
    assert (element.text or "").strip() or len(element), f"{path} is empty"
    return element


def text_of(root: ET.Element, path: str) -> str:
    return (one(root, path).text or "").strip()


# What BIS Billing 3.0 makes mandatory (cardinality 1..1 or 1..n, and the Peppol rules
# R001/R003/R010/R020, BR-CO-18, SE-R-002), with the value this invoice must carry.
MANDATORY = {
    "cbc:CustomizationID": peppol.CUSTOMIZATION_ID,
    "cbc:ProfileID": peppol.PROFILE_ID,
    "cbc:ID": "VS-2024-0001",
    "cbc:IssueDate": "2024-01-10",
    "cbc:DocumentCurrencyCode": "SEK",
    "cbc:BuyerReference": "Vi Ses! – Idéburet Offentligt Partnerskap",
    "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID": "8220021318",
    "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode": (
        "SE"
    ),
    "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName": (
        "Linköpings södra rödakorskrets"
    ),
    "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID": "8220021318",
    "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID": "2120000449",
    "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:StreetName": (
        "Scanningscentralen 150Z"
    ),
    "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:CityName": "Linköping",
    "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:PostalZone": "581 81",
    "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode": (
        "SE"
    ),
    "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName": (
        "Linköpings kommun"
    ),
    "cac:TaxTotal/cbc:TaxAmount": "0.00",
    "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount": "624240.00",
    "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount": "0.00",
    "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID": "O",
    "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID": "VAT",
    "cac:LegalMonetaryTotal/cbc:LineExtensionAmount": "624240.00",
    "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount": "624240.00",
    "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount": "624240.00",
    "cac:LegalMonetaryTotal/cbc:PayableAmount": "624240.00",
}
INVOICE_ONLY = {
    "cbc:InvoiceTypeCode": "380",
    "cbc:DueDate": "2024-02-09",
    "cac:PaymentMeans/cbc:PaymentMeansCode": "30",
    "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID": "50501055",
    "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID": (
        "SE:BANKGIRO"
    ),
    "cac:InvoiceLine/cbc:ID": "1",
    "cac:InvoiceLine/cbc:InvoicedQuantity": "1",
    "cac:InvoiceLine/cbc:LineExtensionAmount": "624240.00",
    "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID": "O",
    "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cac:TaxScheme/cbc:ID": "VAT",
    "cac:InvoiceLine/cac:Price/cbc:PriceAmount": "624240.00",
}


def test_the_peppol_invoice_carries_every_mandatory_element_of_bis_3(invoice):
    root = parse(peppol.invoice_xml(invoice))

    assert root.tag == f"{{{peppol.INVOICE_NS}}}Invoice"
    for path, value in {**MANDATORY, **INVOICE_ONLY}.items():
        assert text_of(root, path) == value, path
    for path in [
        "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
        "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
    ]:
        assert one(root, path).get("schemeID") == "0007"
    assert text_of(root, "cac:InvoiceLine/cac:Item/cbc:Name").startswith("Projektledare")
    assert one(root, "cac:InvoiceLine/cbc:InvoicedQuantity").get("unitCode") == "C62"
    assert "mervärdesskatt" in text_of(
        root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason"
    )
    # Category O: no VAT rate and no VAT identifier of either party (BR-O-2 … BR-O-5).
    assert root.findall(".//cbc:Percent", NS) == []
    assert root.findall(".//cac:PartyTaxScheme", NS) == []
    # Every amount in SEK.
    assert {e.get("currencyID") for e in root.iter() if e.get("currencyID")} == {"SEK"}
    # No empty element (PEPPOL-EN16931-R008).
    assert [e.tag for e in root.iter() if not (e.text or "").strip() and not len(e)] == []


def test_the_amounts_of_the_xml_equal_the_pdfs(invoice):
    root = parse(peppol.invoice_xml(invoice))
    payable = Decimal(text_of(root, "cac:LegalMonetaryTotal/cbc:PayableAmount"))
    tax = Decimal(text_of(root, "cac:TaxTotal/cbc:TaxAmount"))

    amounts = pdf_amounts(pdf_text(documents.invoice_pdf(invoice)))

    assert payable == invoice.amount == Decimal("624240.00")
    assert amounts == {payable, tax}


def test_a_credit_note_is_a_bis_3_credit_note_referring_to_the_invoice(credit_note):
    root = parse(peppol.invoice_xml(credit_note))

    assert root.tag == f"{{{peppol.CREDIT_NOTE_NS}}}CreditNote"
    for path, value in MANDATORY.items():
        expected = "VS-2024-0002" if path == "cbc:ID" else value
        expected = "2024-02-01" if path == "cbc:IssueDate" else expected
        assert text_of(root, path) == expected, path
    assert text_of(root, "cbc:CreditNoteTypeCode") == "381"
    assert text_of(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == (
        "VS-2024-0001"
    )
    assert text_of(root, "cac:CreditNoteLine/cbc:CreditedQuantity") == "1"
    assert root.findall("cbc:InvoiceTypeCode", NS) == []
    assert Decimal(text_of(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")) in pdf_amounts(
        pdf_text(documents.invoice_pdf(credit_note))
    )


def test_a_draft_has_no_xml(partnership):
    vises_agreement(partnership)
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)

    with pytest.raises(ValueError, match="draft"):
        peppol.invoice_xml(draft)
