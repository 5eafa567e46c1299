"""The invoice as Peppol BIS Billing 3.0 (UBL 2.1) XML, for a public body that receives
e-invoices: an `Invoice` (InvoiceTypeCode 380) or, for a credit note, a `CreditNote`
(CreditNoteTypeCode 381) as BIS 3.0 prescribes. Built with the standard library.

What BIS 3.0 makes mandatory and this document carries: CustomizationID, ProfileID, ID,
IssueDate, the type code, DocumentCurrencyCode (SEK), BuyerReference (PEPPOL-EN16931-R003),
the seller and the buyer with EndpointID (schemeID 0007, the Swedish organisation number,
ten digits, PEPPOL-EN16931-R010/R020), PostalAddress with Country, PartyLegalEntity with
RegistrationName and CompanyID (SE-R-002: a Swedish seller gives its organisation number),
TaxTotal with one VAT breakdown, LegalMonetaryTotal and one line with its quantity, amount,
item name, tax category and price. The invoice also has DueDate (BR-CO-25: an amount is due)
and PaymentMeans 30 (credit transfer) to the Bankgiro account with branch `SE:BANKGIRO`
(Swedish national rule). VAT category O, "not subject to VAT", with an exemption reason and
no VAT identifiers (BR-O-2 … BR-O-4): the municipality's contribution under an IOP is a
grant outside the scope of VAT, the team's reading (docs/economy.md), to be confirmed by the
parties' accountants.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from vises.economy.models import Invoice

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CURRENCY = "SEK"
ORG_NUMBER_SCHEME = "0007"  # the Swedish organisation number (ISO 6523 ICD 0007)
INVOICE_TYPE = "380"
CREDIT_NOTE_TYPE = "381"
CREDIT_TRANSFER = "30"
BANKGIRO_BRANCH = "SE:BANKGIRO"
VAT_NOT_SUBJECT = "O"
VAT_EXEMPTION_REASON = (
    "Ej föremål för mervärdesskatt: kommunens bidrag inom ett idéburet offentligt "
    "partnerskap (IOP) är ett bidrag utanför mervärdesskattens tillämpningsområde."
)
UNIT = "C62"  # "one" (UN/ECE Recommendation 20): the year's contribution as one unit

ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)

POSTAL = re.compile(r"^(\d{3}\s?\d{2})\s+(.+)$")


def digits(org_number: str) -> str:
    """212000-0449 → 2120000449 (the ten digits Peppol's scheme 0007 wants)."""
    return re.sub(r"\D", "", org_number)


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _cbc(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    element.text = text
    return element


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def address_parts(address: str, name: str) -> tuple[str, str, str]:
    """(street, postcode, town) of an address written one part a line, e.g.
    "Linköpings kommun / Scanningscentralen 150Z / 581 81 Linköping"."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if lines and lines[0] == name:
        lines = lines[1:]
    postcode = town = ""
    if lines and (match := POSTAL.match(lines[-1])):
        postcode, town = match.group(1), match.group(2)
        lines = lines[:-1]
    return ", ".join(lines), postcode, town


def _party(parent: ET.Element, role: str, *, name: str, org_number: str, address: str = "") -> None:
    party = _cac(_cac(parent, role), "Party")
    _cbc(party, "EndpointID", digits(org_number), schemeID=ORG_NUMBER_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", name)
    postal = _cac(party, "PostalAddress")
    street, postcode, town = address_parts(address, name)
    if street:
        _cbc(postal, "StreetName", street)
    if town:
        _cbc(postal, "CityName", town)
    if postcode:
        _cbc(postal, "PostalZone", postcode)
    _cbc(_cac(postal, "Country"), "IdentificationCode", "SE")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    _cbc(legal, "CompanyID", digits(org_number), schemeID=ORG_NUMBER_SCHEME)


def _tax_category(parent: ET.Element, name: str, *, with_reason: bool) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", VAT_NOT_SUBJECT)
    if with_reason:
        _cbc(category, "TaxExemptionReason", VAT_EXEMPTION_REASON)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def invoice_xml(invoice: Invoice) -> bytes:
    """The issued invoice or credit note as BIS 3.0 UBL, UTF-8 with an XML declaration."""
    if invoice.is_draft:
        raise ValueError("a draft has no number yet; only an issued document is sent")
    credit = invoice.is_credit_note
    root_ns = CREDIT_NOTE_NS if credit else INVOICE_NS
    # The document's own namespace is the default one (xmlns=…), as in Peppol's examples.
    root = ET.Element("CreditNote" if credit else "Invoice", {"xmlns": root_ns})
    amount = money(invoice.amount)
    if invoice.issued_on is None:  # pragma: no cover - an issued row has its day
        raise ValueError("an issued document has an issue day")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issued_on.isoformat())
    if credit:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE)
    else:
        if invoice.due_on is not None:
            _cbc(root, "DueDate", invoice.due_on.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE)
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    _cbc(root, "BuyerReference", invoice.buyer_reference)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", invoice.period_start.isoformat())
    _cbc(period, "EndDate", invoice.period_end.isoformat())
    if credit and invoice.credited_invoice is not None:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", invoice.credited_invoice.number)
        if invoice.credited_invoice.issued_on:
            _cbc(reference, "IssueDate", invoice.credited_invoice.issued_on.isoformat())
    _cbc(_cac(root, "ContractDocumentReference"), "ID", invoice.agreement_reference)
    _party(
        root,
        "AccountingSupplierParty",
        name=invoice.seller_name,
        org_number=invoice.seller_org_number,
    )
    _party(
        root,
        "AccountingCustomerParty",
        name=invoice.buyer_name,
        org_number=invoice.buyer_org_number,
        address=invoice.buyer_address,
    )
    if not credit:
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
        _cbc(means, "PaymentID", invoice.number)
        account = _cac(means, "PayeeFinancialAccount")
        _cbc(account, "ID", digits(invoice.bankgiro))
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", BANKGIRO_BRANCH)
        if invoice.payment_text:
            _cbc(_cac(root, "PaymentTerms"), "Note", invoice.payment_text)
    tax = _cac(root, "TaxTotal")
    _cbc(tax, "TaxAmount", "0.00", currencyID=CURRENCY)
    subtotal = _cac(tax, "TaxSubtotal")
    _cbc(subtotal, "TaxableAmount", amount, currencyID=CURRENCY)
    _cbc(subtotal, "TaxAmount", "0.00", currencyID=CURRENCY)
    _tax_category(subtotal, "TaxCategory", with_reason=True)
    totals = _cac(root, "LegalMonetaryTotal")
    for name in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount"):
        _cbc(totals, name, amount, currencyID=CURRENCY)
    _cbc(totals, "PayableAmount", amount, currencyID=CURRENCY)
    line = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(line, "ID", "1")
    _cbc(line, "CreditedQuantity" if credit else "InvoicedQuantity", "1", unitCode=UNIT)
    _cbc(line, "LineExtensionAmount", amount, currencyID=CURRENCY)
    item = _cac(line, "Item")
    _cbc(item, "Name", invoice.description[:100])
    _tax_category(item, "ClassifiedTaxCategory", with_reason=False)
    _cbc(_cac(line, "Price"), "PriceAmount", amount, currencyID=CURRENCY)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
