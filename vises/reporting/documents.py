"""The annual report as DOCX, PDF and XLSX, each rendered from the one content structure of
vises.reporting.annual (so the three files hold the same numbers), always in Swedish: the
report goes to the municipality's committee.

* DOCX: the editable Word template templates_docx/annual_report.docx (docxtpl; written by
  scripts/make_report_template.py);
* PDF: the shared renderer (vises.common.pdf) with reporting/annual_pdf.html;
* XLSX: a summary sheet, then every table on a sheet of its own (openpyxl).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from vises.common.pdf import pdf_from_html, pdf_html
from vises.reporting.annual import all_tables

DOCX_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "annual_report.docx"
FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def signoff_lines(content: Mapping[str, Any]) -> list[str]:
    version = content.get("version")
    if not version or not version.get("signoffs"):
        return [_("No one has signed this version yet.")]
    return [signoff["text"] for signoff in version["signoffs"]]


def _context(content: Mapping[str, Any]) -> dict[str, Any]:
    budget_table = content["budget"]["table"]
    return {
        **content,
        "budget_tables": [budget_table] if budget_table is not None else [],
        "signoff_lines": signoff_lines(content),
    }


def annual_docx(content: Mapping[str, Any]) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    with translation.override(settings.LANGUAGE_CODE):
        document = DocxTemplate(str(DOCX_TEMPLATE))
        charts = [
            {
                "title": chart["title"],
                "image": InlineImage(
                    document, io.BytesIO(base64.b64decode(chart["png"])), width=Mm(160)
                ),
            }
            for chart in content.get("charts", [])
        ]
        # autoescape: a narrative's "<" or "&" is text, never Word markup.
        document.render({**_context(content), "charts": charts}, autoescape=True)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def annual_html(content: Mapping[str, Any]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf_html("reporting/annual_pdf.html", _context(content))


def annual_pdf(content: Mapping[str, Any]) -> bytes:
    return pdf_from_html(annual_html(content))


# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
NUMBER = re.compile(r"^-?\d+$")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = SHEET_FORBIDDEN.sub(" ", title)[:31].strip()
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell(value: str) -> Any:
    """A count as a number (so a spreadsheet can sum it); "<5", ".." and amounts as text."""
    return int(value) if NUMBER.match(value) else value


def annual_xlsx(content: Mapping[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    with translation.override(settings.LANGUAGE_CODE):
        book = Workbook()
        book.remove(book.worksheets[0])
        taken: set[str] = set()
        summary = book.create_sheet(_sheet_title(_("Summary"), taken))
        summary.append([content["title"]])
        summary["A1"].font = Font(bold=True, size=14)
        summary.append([content["partnership"]])
        summary.append([content["period_text"]])
        summary.append([content["quote"]])
        if content["empty"]:
            summary.append([content["empty_text"]])
        summary.append([])
        summary.append([content["headings"]["activities"]])
        summary.cell(row=summary.max_row, column=1).font = bold
        for item in content["activities"]:
            summary.append([item["label"], _cell(item["value"])])
        for section in content["narratives"]:
            summary.append([])
            summary.append([section["title"]])
            summary.cell(row=summary.max_row, column=1).font = bold
            for text in section["paragraphs"] or [content["headings"]["no_text"]]:
                summary.append([text])
        summary.append([])
        summary.append([content["headings"]["signoffs"]])
        summary.cell(row=summary.max_row, column=1).font = bold
        for line in signoff_lines(content):
            summary.append([line])
        summary.append([])
        summary.append([content["suppression_text"]])
        summary.column_dimensions["A"].width = 48

        for table in all_tables(content):
            sheet = book.create_sheet(_sheet_title(table["title"], taken))
            sheet.append([table["title"]])
            sheet["A1"].font = bold
            sheet.append([table["row_heading"], *table["columns"]])
            for cell in sheet[2]:
                cell.font = bold
            for row in table["rows"]:
                sheet.append([row["label"], *(_cell(value) for value in row["cells"])])
                if row["total_row"]:
                    for cell in sheet[sheet.max_row]:
                        cell.font = bold
            sheet.column_dimensions["A"].width = 36
        if not content["budget"]["available"]:
            summary.append([content["budget"]["text"]])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def render(content: Mapping[str, Any], fmt: str) -> bytes:
    """The report in `fmt` (one of FORMATS)."""
    renderers = {"docx": annual_docx, "pdf": annual_pdf, "xlsx": annual_xlsx}
    return renderers[fmt](content)


def filename(content: Mapping[str, Any], fmt: str, slug: str) -> str:
    version = content.get("version") or {}
    suffix = f"-v{version['number']}" if version.get("number") else ""
    return f"arsrapport-{slug}-{content['year']}{suffix}.{fmt}"
