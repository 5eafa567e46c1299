"""What the partnerships app stores, field by field (vises.common.privacy; loaded by the app's
AppConfig.ready())."""

from __future__ import annotations

from vises.common.privacy import STAFF_ACCOUNT, classify, not_personal, personal

classify(
    "partnerships.Organisation",
    {
        "name": not_personal("an organisation; a sole trader gives no organisation number"),
        "kind": not_personal(),
        "org_number": not_personal("organisations only: never a sole trader's personnummer"),
    },
)
classify(
    "partnerships.Partnership",
    {"name": not_personal(), "slug": not_personal(), "authority_body": not_personal()},
)
classify("partnerships.Membership", {"role": personal(STAFF_ACCOUNT)})
classify("partnerships.District", {"name": not_personal("a part of the municipality")})
classify(
    "partnerships.Agreement",
    {
        "title": not_personal(),
        "authority_signatory": personal(
            "a signatory's name and title as printed in the signed agreement, a public "
            "document of the municipality; kept with the agreement"
        ),
        "organisation_signatory": personal(
            "a signatory's name and title as printed in the signed agreement, a public "
            "document of the municipality; kept with the agreement"
        ),
        "termination_reason": not_personal("why the parties ended the agreement"),
        "settlement_note": not_personal("how the costs were settled between the parties"),
        "invoice_address": not_personal("the public authority's invoice address"),
        "invoice_reference": not_personal("the buyer's reference on the invoices"),
    },
)
classify(
    "partnerships.AgreementExtension",
    {"note": not_personal("the parties' decision to extend the agreement")},
)
