"""What the reporting app stores, field by field (vises.common.privacy; loaded by the app's
AppConfig.ready()). The annual report holds counts, suppressed as for the municipal role, and
the coordinator's words about the year; no one in the register is named in it."""

from __future__ import annotations

from vises.common.privacy import classify, not_personal

classify(
    "reporting.AnnualReport",
    {
        "status": not_personal(),
        "content": not_personal(
            "the report as signed: suppressed counts, amounts and the narratives"
        ),
    },
)
classify(
    "reporting.NarrativeSection",
    {
        "key": not_personal(),
        "text": not_personal(
            "the coordinator's account of the year for the committee; staff are told not to "
            "name people"
        ),
    },
)
classify("reporting.SignOff", {"role": not_personal("the role in which a staff member signed")})
classify(
    "reporting.ReportFile",
    {
        "format": not_personal(),
        "status": not_personal(),
        "data": not_personal("a file of the report: suppressed counts, amounts, narratives"),
    },
)
