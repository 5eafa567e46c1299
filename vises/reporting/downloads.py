"""The dashboards' downloads: the period's tables beside the previous year's as CSV and XLSX.

A download is an export, so its dashboard is always the suppressed one (docs/privacy.md,
section 7): a hidden count is written as "<5" or "..", as on the municipal dashboard, and both
periods are the ones published together there.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from vises.common.suppression import Count, shown
from vises.reporting.dashboards import Dashboard, Shown, Side

SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sides(table: Shown) -> tuple[Side, Side]:
    return table.current, table.previous


def csv_bytes(dashboard: Dashboard) -> bytes:
    """One line per number: table, period, row, column, the number ("<5", ".." when hidden).
    UTF-8 with a byte-order mark, so that Excel reads å, ä and ö."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("Table"), _("Period"), _("Row"), _("Column"), _("Number")])
    for table in dashboard.tables:
        for side in _sides(table):
            for row_label, counts in table.lines(side):
                for heading, count in zip(table.headers, counts, strict=True):
                    writer.writerow([table.title, side.text, row_label, heading, shown(count)])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _value(count: Count) -> int | str:
    return count.value if count.value is not None and not count.suppressed else shown(count)


def xlsx_bytes(dashboard: Dashboard) -> bytes:
    """One sheet per table: its caption, then the period's table and the previous year's
    below it, numbers as numbers and hidden counts as "<5" or ".."."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for number, table in enumerate(dashboard.tables, start=1):
        sheet = book.create_sheet(SHEET_NAME.sub(" ", f"{number} {table.title}")[:31])
        sheet.append([table.title])
        sheet.cell(row=1, column=1).font = bold
        for side in _sides(table):
            sheet.append([])
            sheet.append([side.text])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([table.row_heading, *table.headers])
            for row_label, counts in table.lines(side):
                sheet.append([row_label, *(_value(count) for count in counts)])
        sheet.column_dimensions["A"].width = 32
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
