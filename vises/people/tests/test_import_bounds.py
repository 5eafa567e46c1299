"""An import file is bounded before it is parsed and parsed once (issue 8): a workbook of
424 kB that held 3 million empty rows made every preview take 38.6 s, and one of 2 MB ended in
MemoryError."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vises.people.services import import_files
from vises.people.services.import_files import (
    MAX_EMPTY_RUN,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNPACKED_BYTES,
)
from vises.people.tests import test_import as imports
from vises.people.tests.test_import import base, preview_of, upload, waiting_files

# The import tests' fixtures: a data directory of its own, a register, its coordinator.
data_dir = imports.data_dir
register = imports.register
coordinator = imports.coordinator
client = imports.client

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(empty_rows: int = 0, *, padding: int = 0, shared_strings: int = 0):
    """A real .xlsx (written by hand, as a spreadsheet program would): a header, one person,
    then `empty_rows` empty rows; `padding` bytes of whitespace and `shared_strings` bytes of a
    shared-strings part make it unpack large while it stays small packed."""
    rows = [
        '<row r="1">' + _cell("A1", "förnamn") + _cell("B1", "telefon") + "</row>",
        '<row r="2">' + _cell("A2", "Amina") + _cell("B2", "070-123 45 67") + "</row>",
        *(f'<row r="{n}"/>' for n in range(3, 3 + empty_rows)),
    ]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(rows) + "</sheetData>" + " " * padding + "</worksheet>"
    )
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings:
            archive.writestr("xl/sharedStrings.xml", " " * shared_strings)
    return SimpleUploadedFile("people.xlsx", content.getvalue())


def test_a_sheet_of_a_million_empty_rows_is_read_to_its_last_person_once(
    client, register, data_dir, monkeypatch
):
    read = []
    parse = import_files._xlsx_rows

    def counting(path):
        for row in parse(path):
            read.append(row[0])
            yield row

    monkeypatch.setattr(import_files, "_xlsx_rows", counting)
    response = upload(client, register, workbook(empty_rows=1_000_000))
    first, preview = preview_of(client, register)
    second, _again = preview_of(client, register)

    assert response.status_code == 302
    assert [row.name for row in preview.rows] == ["Amina"]
    # Parsing stopped after MAX_EMPTY_RUN empty rows, and only at the upload: the two
    # previews read the stored rows, not the workbook.
    assert len(read) == 2 + MAX_EMPTY_RUN
    (stored,) = waiting_files(data_dir)
    assert stored.read_text(encoding="utf-8").count("\n") == 2
    assert second.status_code == 200


@pytest.mark.parametrize(
    "make",
    [
        lambda: workbook(padding=MAX_UNPACKED_BYTES + 1),
        lambda: workbook(shared_strings=MAX_SHARED_STRINGS_BYTES + 1),
    ],
    ids=["unpacks-too-large", "shared-strings-too-large"],
)
def test_a_workbook_that_would_unpack_too_large_is_refused_before_it_is_parsed(
    client, register, data_dir, monkeypatch, make
):
    def never(path):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(import_files, "_xlsx_rows", never)
    bomb = make()

    response = client.post(base(register), {"file": bomb, "role": "participant"})

    assert bomb.size < 1024 * 1024  # small as sent
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The workbook is too large when unpacked. Split it into smaller files."]
    }
    assert waiting_files(data_dir) == []
