"""The uploaded import file between preview and confirmation, and reading its rows.

The file waits in DATA_DIR/imports under a random name (readable by the server's user
only) and is deleted after the confirmation, on cancel, on the next upload, or after 24
hours. Rows are read one at a time: csv for CSV, openpyxl's read-only mode for Excel.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import secrets
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

FORMATS = ("xlsx", "csv")
MAX_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100
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
        return imports_dir() / f"{self.token}.{self.format}"

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


def import_file_store(*, uploaded: UploadedFile) -> ImportFile:
    """Keep an uploaded file until it is confirmed (readable by the server's user only).

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
    descriptor = os.open(source.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
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


def read_rows(source: ImportFile) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of every row, the header first; UnreadableFile when broken."""
    return _xlsx_rows(source.path) if source.format == "xlsx" else _csv_rows(source.path)
