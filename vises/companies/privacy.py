"""What the companies app stores, field by field (declarations read by vises.common.privacy).

Company contacts are business contacts, not people in the register: they are shown to the
coordinator, given to the contact on request, and removed with the contact."""

from __future__ import annotations

from vises.common.privacy import classify, not_personal, personal

_COMPANY = "about the company, an organisation"
_CONTACT = (
    "a company contact's business details (legitimate interest while the company is in the "
    "pipeline); not in the register, removed with the contact"
)

classify(
    "companies.Company",
    {
        "name": not_personal(_COMPANY),
        "org_number": not_personal("organisations only: never a sole trader's personnummer"),
        "size_band": not_personal(_COMPANY),
        "address": not_personal("a visiting address of the workplace"),
        "stage": not_personal(_COMPANY),
        "next_step": not_personal(_COMPANY),
        "notes": personal(
            "free text about the company that may name its contact; shown to the coordinator, "
            "removed with the company"
        ),
    },
)
classify(
    "companies.CompanyContact",
    {name: personal(_CONTACT) for name in ("first_name", "last_name", "title", "email", "phone")},
)
classify("companies.IndustrySection", {"code": not_personal(), "name_sv": not_personal()})
