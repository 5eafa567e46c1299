"""What the economy app stores, field by field (vises.common.privacy; loaded by the app's
AppConfig.ready())."""

from __future__ import annotations

from vises.common.privacy import classify, not_personal

classify(
    "economy.CostEntry",
    {
        "category": not_personal("a budget line of the agreement"),
        "description": not_personal(
            "what a cost was for (a purchase, a rent); staff are told not to name people"
        ),
        "attachment": not_personal("a receipt or an invoice between organisations"),
    },
)
classify(
    "economy.InvoiceNumberSeries",
    {"prefix": not_personal("the invoice numbers' prefix")},
)
classify(
    "economy.Invoice",
    {
        "kind": not_personal(),
        "status": not_personal(),
        "number": not_personal("an invoice number"),
        "description": not_personal("what the invoice is for: the agreement's line"),
        "seller_name": not_personal("an organisation"),
        "seller_org_number": not_personal("an organisation's number"),
        "buyer_name": not_personal("an organisation"),
        "buyer_org_number": not_personal("an organisation's number"),
        "buyer_address": not_personal("the public authority's invoice address"),
        "buyer_reference": not_personal("the buyer's reference: a unit, never a person"),
        "agreement_reference": not_personal("the agreement's title and day"),
        "bankgiro": not_personal("the organisation's Bankgiro number"),
        "payment_text": not_personal("the payment instruction"),
    },
)
