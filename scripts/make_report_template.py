"""Write the annual report's Word template, vises/reporting/templates_docx/annual_report.docx.

The template is an ordinary .docx that anyone may open and restyle in Word or LibreOffice: it
holds only docxtpl (Jinja) tags, every text comes from the report's content
(vises.reporting.annual.annual_content), so the words stay translated in the app. Run again
after a change here and commit both files:

    /work/main/.venv/bin/python scripts/make_report_template.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

TARGET = Path(__file__).resolve().parent.parent / (
    "vises/reporting/templates_docx/annual_report.docx"
)
FIXED = datetime(2026, 1, 1)  # the same properties on every run: a diff shows real changes


def paragraph(doc: DocumentObject, text: str, style: str | None = None) -> None:
    doc.add_paragraph(text, style=style)


def counts_table(doc: DocumentObject, name: str) -> None:
    """A table of `name` (rows of labelled cells) whose columns are as many as it has:
    the header and each row repeat their cells with `{%tc for %}`, the rows with `{%tr for %}`."""
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    header, row_open, body, row_close = table.rows
    for cell, text in zip(
        header.cells,
        [
            "{{ " + name + ".row_heading }}",
            "{%tc for column in " + name + ".columns %}",
            "{{ column }}",
            "{%tc endfor %}",
        ],
        strict=True,
    ):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    row_open.cells[0].text = "{%tr for row in " + name + ".rows %}"
    for cell, text in zip(
        body.cells,
        ["{{ row.label }}", "{%tc for value in row.cells %}", "{{ value }}", "{%tc endfor %}"],
        strict=True,
    ):
        cell.text = text
    row_close.cells[0].text = "{%tr endfor %}"


def build() -> DocumentObject:
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    props = doc.core_properties
    props.title = "Vi Ses! annual report"
    props.author = "Vi Ses!"
    props.last_modified_by = "Vi Ses!"
    props.created = FIXED
    props.modified = FIXED
    props.revision = 1

    doc.add_heading("{{ title }}", level=0)
    paragraph(doc, "{{ partnership }}")
    paragraph(doc, "{{ period_text }}")
    paragraph(doc, "»{{ quote }}«", style="Quote")
    paragraph(doc, "{%p if version %}")
    paragraph(doc, "{{ version.text }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if empty %}")
    paragraph(doc, "{{ empty_text }}", style="Intense Quote")
    paragraph(doc, "{%p endif %}")

    paragraph(doc, "{%p for section in narratives %}")
    doc.add_heading("{{ section.title }}", level=1)
    paragraph(doc, "{%p for text in section.paragraphs %}")
    paragraph(doc, "{{ text }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not section.paragraphs %}")
    paragraph(doc, "{{ headings.no_text }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")

    doc.add_heading("{{ headings.activities }}", level=1)
    activities = doc.add_table(rows=3, cols=2)
    activities.style = "Table Grid"
    activities.rows[0].cells[0].text = "{%tr for item in activities %}"
    activities.rows[1].cells[0].text = "{{ item.label }}"
    activities.rows[1].cells[1].text = "{{ item.value }}"
    activities.rows[2].cells[0].text = "{%tr endfor %}"

    doc.add_heading("{{ headings.tables }}", level=1)
    paragraph(doc, "{{ suppression_text }}")
    paragraph(doc, "{%p for table in tables %}")
    doc.add_heading("{{ table.title }}", level=2)
    counts_table(doc, "table")
    paragraph(doc, "{%p endfor %}")

    paragraph(doc, "{%p if charts %}")
    doc.add_heading("{{ headings.charts }}", level=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for chart in charts %}")
    paragraph(doc, "{{ chart.image }}")
    paragraph(doc, "{{ chart.title }}", style="Caption")
    paragraph(doc, "{%p endfor %}")

    doc.add_heading("{{ headings.budget }}", level=1)
    paragraph(doc, "{{ budget.text }}")
    paragraph(doc, "{%p for table in budget_tables %}")
    counts_table(doc, "table")
    paragraph(doc, "{%p endfor %}")

    doc.add_heading("{{ headings.signoffs }}", level=1)
    paragraph(doc, "{%p for line in signoff_lines %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    return doc


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(TARGET))
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
