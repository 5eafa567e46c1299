"""Reading the annual report's files back as a reader would: the PDF's text (pdftotext), the
DOCX's XML and the XLSX's cells."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    # poppler-utils is a system package scripts/preflight.sh installs: missing, the test fails.
    assert shutil.which("pdftotext"), "pdftotext is missing: run scripts/preflight.sh test"
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return squeeze(done.stdout.decode())


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def docx_text(data: bytes) -> str:
    """The document's words: the runs' text, one space between paragraphs and cells."""
    xml = docx_xml(data)
    xml = re.sub(r"</w:p>|</w:tc>", " ", xml)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", "", xml)))


def xlsx_sheets(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def xlsx_text(data: bytes) -> str:
    return squeeze(
        " ".join(
            str(value)
            for rows in xlsx_sheets(data).values()
            for row in rows
            for value in row
            if value is not None
        )
    )
