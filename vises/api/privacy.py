"""What the API app stores, field by field (vises.common.privacy; loaded by the app's
AppConfig.ready()). A token belongs to a staff user, not to a person of the register."""

from __future__ import annotations

from vises.common.privacy import classify, not_personal

classify(
    "api.ApiToken",
    {
        "name": not_personal("what a staff user's token is for"),
        "digest": not_personal("the SHA-256 of a token; the token itself is never stored"),
        "prefix": not_personal("a token's first eight characters, to tell tokens apart"),
    },
)
