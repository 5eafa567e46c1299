"""The one PDF renderer: an HTML template (the same language as the web pages) → PDF bytes
through WeasyPrint, in every participant's script (DESIGN §5).

Templates extend `common/pdf_base.html`, which sets `lang` and `dir` from the active language
and the font stack `FONT_FAMILY`: DejaVu Sans covers Latin, Cyrillic and Arabic script, Noto
Sans Ethiopic (Debian's fonts-noto-core) covers Tigrinya; the fonts are the system's
(fontconfig), so nothing is fetched from outside, and a document that tries to fetch anything
fails instead of leaking to a third party.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Pango falls back glyph by glyph along this list.
FONT_FAMILY: SafeString = mark_safe(  # noqa: S308 - a constant, no input in it
    '"DejaVu Sans", "Noto Sans Ethiopic", "Noto Sans", sans-serif'
)


class PdfFetchRefused(ValueError):
    """A PDF template tried to load something (an image, a font, a style sheet) by URL."""


def _weasyprint_refusing_fetches() -> Any:
    from weasyprint.urls import URLFetcher  # imported late: loading Pango is slow

    class RefuseFetch(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise PdfFetchRefused(f"PDF documents load nothing from outside: {url}")

    # fail_on_errors: a refused fetch stops the rendering instead of leaving a gap.
    return RefuseFetch(fail_on_errors=True)


def pdf_html(template_name: str, context: dict[str, Any] | None = None) -> str:
    """The document as HTML in the active language (what the PDF prints; tests read it)."""
    return render_to_string(template_name, {**(context or {}), "pdf_font_family": FONT_FAMILY})


def pdf_from_html(html: str) -> bytes:
    """PDF bytes of an HTML document; raises PdfFetchRefused when it loads anything by URL."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        return bytes(HTML(string=html, url_fetcher=_weasyprint_refusing_fetches()).write_pdf())
    except FatalURLFetchingError as error:
        if isinstance(error.__cause__, PdfFetchRefused):
            raise error.__cause__ from None
        raise


def pdf_render(template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """PDF bytes of the template rendered in the active language."""
    return pdf_from_html(pdf_html(template_name, context))
