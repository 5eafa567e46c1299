"""The uploaded import file between preview and confirmation, and reading its rows.

An upload is bounded before it is parsed: at most MAX_BYTES as sent and, for a workbook (a
zip archive), at most MAX_UNPACKED_BYTES unpacked and MAX_SHARED_STRINGS_BYTES of shared
strings, read from the archive's directory without unpacking anything. It is then parsed
once, row by row (csv for CSV, openpyxl's read-only mode for Excel), into one JSON line per
non-empty row; reading stops after MAX_ROWS people or MAX_EMPTY_RUN empty rows in a row (a
sheet "used" down to row 1 048 576 holds no one there). The upload itself is deleted at once;
the parsed rows wait in DATA_DIR/imports under a random name (readable by the server's user
only) and are deleted after the confirmation, on cancel, on the next upload, or after 24
hours. The preview and the confirmation read them a line at a time, never the whole file.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import secrets
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "csv")
MAX_BYTES = 20 * 1024 * 1024
# A 50 000-row sheet of 12 columns unpacks to about 37 MB (measured with openpyxl).
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 500
MAX_COLUMNS = 100
MAX_ROWS = 50_000
MAX_EMPTY_RUN = 1_000
KEEP_FOR = timedelta(hours=24)
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


@dataclass(frozen=True)
class ImportFile:
    """An uploaded file waiting for its confirmation, named by a random token."""

    token: str
    format: str

    def __post_init__(self) -> None:
        if not TOKEN.fullmatch(self.token) or self.format not in FORMATS:
            raise ValueError("not an import file reference")

    @property
    def path(self) -> Path:
        """The parsed rows, one JSON line each (the upload itself is not kept)."""
        return imports_dir() / f"{self.token}.{self.format}.jsonl"

    def exists(self) -> bool:
        return self.path.is_file()


def _format_of(uploaded: UploadedFile) -> str:
    name = (uploaded.name or "").lower()
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in FORMATS:
        raise ValidationError(
            _("Choose an Excel file (.xlsx) or a CSV file (.csv)."), code="unsupported_format"
        )
    uploaded.seek(0)
    head = uploaded.read(4)
    uploaded.seek(0)
    if suffix == "xlsx" and head != b"PK\x03\x04":
        raise ValidationError(
            _("The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again."),
            code="unsupported_format",
        )
    if suffix == "csv" and b"\x00" in head:
        raise ValidationError(
            _("The file is not a CSV text file. Save it as CSV (UTF-8) and try again."),
            code="unsupported_format",
        )
    return suffix


def _too_large_unpacked() -> ValidationError:
    return ValidationError(
        _("The workbook is too large when unpacked. Split it into smaller files."),
        code="too_large",
    )


def _check_archive(path: Path) -> None:
    """Refuse a workbook that would unpack too large, from the zip directory alone."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a workbook after all: parsing says so in the preview
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _too_large_unpacked()
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _too_large_unpacked()
    shared = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_SHARED_STRINGS_BYTES:
        raise _too_large_unpacked()


def import_file_store(*, uploaded: UploadedFile) -> ImportFile:
    """Check an uploaded file's size, parse it once and keep its rows until the import is
    confirmed (readable by the server's user only).

    Raises ValidationError (codes `unsupported_format`, `too_large`, `empty`). Files older
    than 24 hours are deleted on the way.
    """
    import_files_purge()
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not uploaded.size:
        raise ValidationError(_("The file is empty."), code="empty")
    source = ImportFile(token=secrets.token_urlsafe(32), format=_format_of(uploaded))
    folder = imports_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    upload = folder / f"{source.token}.upload.{source.format}"
    try:
        descriptor = os.open(upload, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as target:
            for chunk in uploaded.chunks():
                target.write(chunk)
        if source.format == "xlsx":
            _check_archive(upload)
        _parse_into(upload, source)
    finally:
        upload.unlink(missing_ok=True)
    return source


def import_file_discard(*, source: ImportFile) -> None:
    """Delete the waiting file (nothing happens when it is already gone)."""
    source.path.unlink(missing_ok=True)


def import_files_purge(*, older_than: timedelta = KEEP_FOR, now: float | None = None) -> int:
    """Delete waiting files older than `older_than`; returns how many were deleted."""
    folder = imports_dir()
    if not folder.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - older_than.total_seconds()
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


class UnreadableFile(Exception):
    pass


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = _csv_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        first_line = handle.readline()
        # Swedish Excel saves CSV with semicolons; others use commas or tabs.
        delimiter = max((";", ",", "\t"), key=first_line.count)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            raise UnreadableFile(str(error)) from error


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read what is there
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells[:MAX_COLUMNS])
    finally:
        workbook.close()


def _is_empty(cells: list[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _bounded(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """The non-empty rows, the header and at most one row past MAX_ROWS (so the preview can
    say the file is too long); MAX_EMPTY_RUN empty rows in a row end the sheet."""
    empty_run = 0
    kept = 0
    for number, cells in rows:
        if _is_empty(cells):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                return
            continue
        empty_run = 0
        yield number, cells
        kept += 1
        if kept > MAX_ROWS + 1:
            return


def _jsonable(cell: Any) -> Any:
    """A cell as JSON keeps: dates and times as ISO text (as the rules read them anyway)."""
    if isinstance(cell, datetime | date | time_of_day):
        return cell.isoformat()
    if cell is None or isinstance(cell, bool | int | float | str):
        return cell
    return str(cell)


def _parse_into(upload: Path, source: ImportFile) -> None:
    """Parse the upload once into the JSON lines `read_rows` gives back; a file that breaks
    while being read ends with a mark, so the preview says it could not be read."""
    rows = _xlsx_rows(upload) if source.format == "xlsx" else _csv_rows(upload)
    descriptor = os.open(source.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as target:
        try:
            for number, cells in _bounded(rows):
                line = [number, [_jsonable(cell) for cell in cells]]
                target.write(json.dumps(line, ensure_ascii=False) + "\n")
        except UnreadableFile:
            target.write(json.dumps({"unreadable": True}) + "\n")


def read_rows(source: ImportFile) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of every non-empty row, the header first, one line at a time;
    UnreadableFile when the file broke while it was parsed."""
    with source.path.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            if isinstance(entry, dict):
                raise UnreadableFile("the file could not be parsed")
            yield int(entry[0]), list(entry[1])
