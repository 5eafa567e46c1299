"""Posters (A4) and flyers (A5) that market the cafés ("Kommunen marknadsför verksamheten"):
Swedish beside each language the coordinator picks, every block rendered in its own
language's catalogue, with a QR code (segno, inline SVG) to the sign-up in that language and
pictograms beside the words. PDF through vises.common.pdf, so every script has its font.

A café's poster shows the day, the time, the host company and its district: what the public
café page shows first. The street address and the room are one scan away, on that page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from vises.cafes.models import Cafe
from vises.cafes.posters.texts import PosterTexts, cafe_at
from vises.common.pdf import pdf_html
from vises.partnerships.models import Partnership
from vises.people.outbox.links import absolute_url

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SWEDISH = "sv"
A4 = "a4"
A5 = "a5"
# Beside Swedish, this many languages share a page; more languages make more pages, each
# again with Swedish, so every printed sheet reads on its own. A flyer is handed to one
# reader: Swedish and one language, in type large enough to read.
LANGUAGES_PER_PAGE = {A4: 3, A5: 1}
ACCENT = "#0b5a8a"  # the site's accent colour (vises.css)


@dataclass(frozen=True)
class Layout:
    """How the blocks of one page sit: in `columns`, each block `across` (the QR code beside
    all the text) or upright (the code under the text, with the sign-up words beside it, or
    under them when the column is `narrow`), with type and code sizes to fill the sheet."""

    columns: int
    across: bool
    headline_pt: float
    text_pt: float
    qr_mm: int
    narrow: bool = False

    # As CSS (a template would write 12.5 as "12,5" in Swedish).
    @property
    def headline_css(self) -> str:
        return f"{self.headline_pt}pt"

    @property
    def text_css(self) -> str:
        return f"{self.text_pt}pt"

    @property
    def qr_css(self) -> str:
        return f"{self.qr_mm}mm"

    @property
    def signup_css(self) -> str:
        return f"{self.qr_mm + 4}mm"  # the code and the space beside it


# (paper, blocks on the page) → layout; measured by eye on the rendered pages.
LAYOUTS: dict[tuple[str, int], Layout] = {
    (A4, 1): Layout(columns=1, across=False, headline_pt=42, text_pt=21, qr_mm=85),
    (A4, 2): Layout(columns=2, across=False, headline_pt=22, text_pt=13.5, qr_mm=56, narrow=True),
    (A4, 3): Layout(columns=1, across=True, headline_pt=17, text_pt=11, qr_mm=46),
    (A4, 4): Layout(columns=2, across=False, headline_pt=15, text_pt=10, qr_mm=32),
    (A5, 1): Layout(columns=1, across=False, headline_pt=24, text_pt=13, qr_mm=56),
    (A5, 2): Layout(columns=1, across=True, headline_pt=14, text_pt=10, qr_mm=38),
}
PAPER_SIZES = {A4: "A4", A5: "A5"}
# The height the blocks of a page share (the sheet less its margins, the band on top and the
# line at the foot), and the gap between two blocks, in mm.
BLOCKS_HEIGHT_MM = {A4: 246, A5: 178}
GAP_MM = {A4: 5, A5: 3}


def poster_languages() -> list[tuple[str, str]]:
    """The languages a poster can add to Swedish (settings.LANGUAGES, Swedish left out)."""
    return [(code, str(name)) for code, name in settings.LANGUAGES if code != SWEDISH]


def signup_url(*, cafe: Cafe | None, language: str) -> str:
    """The address a block's QR code opens: the café's sign-up, or the public calendar for
    the general poster, in `language` (vises.common.middleware.LanguageParameterMiddleware)."""
    if cafe is None:
        path = reverse("cafes_public_calendar")
    else:
        path = reverse("cafes_public_signup", kwargs={"cafe_id": cafe.pk})
    return absolute_url(f"{path}?{urlencode({'lang': language})}")


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG (error correction M, the standard quiet zone)."""
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr"))  # noqa: S308


# A pictogram of our own where icons.svg has none (drawn for Vi Ses!, no emblem).
PEOPLE = (
    '<circle cx="9" cy="8" r="3"/><path d="M3 20a6 6 0 0 1 12 0"/>'
    '<circle cx="17" cy="9" r="2.5"/><path d="M15.5 14.2A5 5 0 0 1 21.5 19"/>'
)
ICONS = ("cup", "calendar", "clock", "pin", "phone", "speech")


ICONS_FILE = Path(settings.BASE_DIR) / "static" / "cafes" / "icons.svg"
SYMBOL = re.compile(r'<symbol id="(?P<name>[\w-]+)"[^>]*>(?P<drawing>.*?)</symbol>', re.DOTALL)


@cache
def _symbols() -> dict[str, str]:
    """The drawing inside each symbol of the public pages' pictograms (cafes/icons.svg, our
    own file), by its id, and ours for people."""
    symbols = {
        match["name"]: match["drawing"]
        for match in SYMBOL.finditer(ICONS_FILE.read_text(encoding="utf-8"))
    }
    symbols["people"] = PEOPLE
    return symbols


def icon(name: str) -> SafeString:
    """One pictogram as inline SVG in the accent colour (a PDF loads nothing by URL)."""
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="{}" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        ACCENT,
        mark_safe(_symbols()[name]),  # noqa: S308 - our own static file
    )


@dataclass(frozen=True)
class PosterBlock:
    """One language's block: its text rendered in that language, and its QR code."""

    language: str
    direction: str  # "ltr" or "rtl"
    url: str
    qr: SafeString
    html: SafeString


def _block(*, cafe: Cafe | None, language: str, layout: Layout) -> PosterBlock:
    url = signup_url(cafe=cafe, language=language)
    qr = qr_svg(url)
    with translation.override(language), timezone.override(STOCKHOLM):
        context = {
            "texts": PosterTexts.active(),
            "cafe": cafe,
            "cafe_at": cafe_at(cafe.company.name) if cafe else "",
            "starts_at": timezone.localtime(cafe.starts_at) if cafe else None,
            "ends_at": timezone.localtime(cafe.ends_at) if cafe else None,
            "url": url,
            "qr": qr,
            "layout": layout,
            "icons": {name: icon(name) for name in (*ICONS, "people")},
        }
        html = mark_safe(render_to_string("cafes/posters/_block.html", context))  # noqa: S308
        direction = "rtl" if translation.get_language_bidi() else "ltr"
    return PosterBlock(language=language, direction=direction, url=url, qr=qr, html=html)


def _ordered(languages: list[str]) -> list[str]:
    """The chosen languages in the order of settings.LANGUAGES, each once, Swedish left out."""
    chosen = set(languages)
    return [code for code, _name in poster_languages() if code in chosen]


def poster_pages(languages: list[str], *, paper: str) -> list[list[str]]:
    """The languages of each page: Swedish first, then up to LANGUAGES_PER_PAGE others."""
    others = _ordered(languages)
    if not others:
        return [[SWEDISH]]
    per_page = LANGUAGES_PER_PAGE[paper]
    return [
        [SWEDISH, *others[start : start + per_page]] for start in range(0, len(others), per_page)
    ]


def poster_html(
    *, partnership: Partnership, cafe: Cafe | None, paper: str, languages: list[str]
) -> str:
    """The poster (A4) or flyer (A5) as HTML: the frame in Swedish, each block in its own
    language with `lang` and `dir` on it."""
    pages = []
    for codes in poster_pages(languages, paper=paper):
        layout = LAYOUTS[(paper, len(codes))]
        blocks = [_block(cafe=cafe, language=code, layout=layout) for code in codes]
        rows = -(-len(blocks) // layout.columns)
        height = (BLOCKS_HEIGHT_MM[paper] - GAP_MM[paper] * (rows - 1)) / rows
        pages.append({"layout": layout, "blocks": blocks, "block_height": f"{height:.1f}mm"})
    with translation.override(SWEDISH):
        return pdf_html(
            "cafes/posters/poster_pdf.html",
            {
                "partnership": partnership,
                "cafe": cafe,
                "paper": paper,
                "paper_size": PAPER_SIZES[paper],
                "pages": pages,
            },
        )


def poster_filename(*, cafe: Cafe | None, paper: str) -> str:
    kind = "poster" if paper == A4 else "flyer"
    return f"vises-{kind}-{cafe.pk if cafe else 'all'}.pdf"
