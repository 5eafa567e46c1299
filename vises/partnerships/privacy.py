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
