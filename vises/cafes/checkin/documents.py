"""Documents for a door without network: the printable list and the name tags (PDF through
`vises.common.pdf`, so every participant's script has its font)."""

from __future__ import annotations

from django.utils import timezone

from vises.cafes.checkin.selectors import CheckinRow, checkin_rows
from vises.cafes.models import Cafe
from vises.common.pdf import pdf_html

# Empty lines and tags for the people nobody expected.
BLANK_LINES = 8
BLANK_TAGS = 8
TAGS_PER_PAGE = 8


def checkin_list_html(*, cafe: Cafe, rows: list[CheckinRow] | None = None) -> str:
    """The printable door list: first name, last initial and phone per confirmed person,
    boxes to tick, and empty lines for walk-ins and the employee count."""
    rows = checkin_rows(cafe=cafe) if rows is None else rows
    return pdf_html(
        "cafes/checkin/list_pdf.html",
        {
            "cafe": cafe,
            "rows": rows,
            "blank_lines": range(BLANK_LINES),
            "printed_at": timezone.now(),
        },
    )


def name_tags_html(*, cafe: Cafe, rows: list[CheckinRow] | None = None) -> str:
    """First-name tags (eight to an A4 page) for everyone confirmed, plus empty ones."""
    rows = checkin_rows(cafe=cafe) if rows is None else rows
    names = [row.first_name for row in rows]
    names += [""] * BLANK_TAGS
    pages = [names[start : start + TAGS_PER_PAGE] for start in range(0, len(names), TAGS_PER_PAGE)]
    return pdf_html("cafes/checkin/tags_pdf.html", {"cafe": cafe, "pages": pages})
