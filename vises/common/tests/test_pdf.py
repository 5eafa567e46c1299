"""The one PDF renderer: every participant script gets a font that has its letters."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from vises.common.pdf import PdfFetchRefused, pdf_from_html, pdf_html, pdf_render

TIGRINYA = "ሳባ ተስፋይ"  # Saba Tesfay
ARABIC = "أمينة يوسف"  # Amina Yusuf


@pytest.fixture(autouse=True)
def _test_templates(settings) -> None:
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]


def embedded_fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    """The font names pdffonts (poppler-utils) lists, without the subset prefix."""
    path = tmp_path / "names.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [shutil.which("pdffonts") or "pdffonts", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}


def test_tigrinya_and_arabic_names_are_set_in_fonts_that_have_their_letters(tmp_path):
    with translation.override("ti"):
        pdf = pdf_render("common_tests/names.html", {"names": [TIGRINYA, ARABIC, "Karin"]})

    assert pdf.startswith(b"%PDF-")
    # Arabic and Latin letters are DejaVu's; the Ethiopic ones come from Noto (fonts-noto-core).
    assert embedded_fonts(pdf, tmp_path) == {"Noto-Sans-Ethiopic", "DejaVu-Sans"}
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "pdftotext", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert TIGRINYA in text
    assert "Karin" in text


def test_an_arabic_name_is_set_in_dejavu_sans(tmp_path):
    with translation.override("ar"):
        pdf = pdf_render("common_tests/names.html", {"names": [ARABIC]})

    assert embedded_fonts(pdf, tmp_path) == {"DejaVu-Sans"}


def test_the_document_carries_the_language_direction_and_font_stack():
    with translation.override("ar"):
        html = pdf_html("common_tests/names.html", {"names": [ARABIC]})

    assert '<html lang="ar" dir="rtl">' in html
    assert 'font-family: "DejaVu Sans", "Noto Sans Ethiopic", "Noto Sans", sans-serif;' in html
    assert f"<p>{ARABIC}</p>" in html


def test_a_document_fetches_nothing_from_outside():
    # Moved here from the check-in documents' tests with the renderer.
    with pytest.raises(ValueError, match="load nothing from outside"):
        pdf_from_html(
            "<style>@font-face { font-family: Web; src: url(https://example.org/font.woff) }"
            " p { font-family: Web }</style><p>Amina</p>"
        )
    with pytest.raises(PdfFetchRefused, match="https://example.org/logo.png"):
        pdf_from_html('<img src="https://example.org/logo.png">')
