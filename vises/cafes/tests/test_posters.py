"""Posters and flyers for the coordinators (issue 9, point 4): the PDF is one A4 page (or A5
pages), each language's block is written from that language's catalogue with `lang` and `dir`,
the QR codes read back as the sign-up address in that language, the fonts are embedded, and
the page refuses another partnership's café and languages we do not have."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
import segno
import zxingcpp
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from PIL import Image

from vises.cafes.models import Cafe
from vises.cafes.posters import documents, texts
from vises.cafes.tests.factories import CafeFactory
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.models import District
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BASE = settings.VISES_BASE_URL
SWEDISH_HEADLINE = "Träffa folk. Öva svenska. Lär dig om jobb."
LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture
def cafe() -> Cafe:
    company = CompanyFactory.create(name="Bageriet Östergyllen AB", address="Storgatan 1")
    company.district = District.objects.create(partnership=company.partnership, name="Skäggetorp")
    company.save()
    starts = datetime(2030, 9, 17, 14, 0, tzinfo=STOCKHOLM)
    return CafeFactory.create(
        company=company, starts_at=starts, ends_at=starts + timedelta(minutes=90)
    )


def coordinator(partnership, role: str = Role.COORDINATOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


def page_url(cafe: Cafe) -> str:
    return f"/p/{cafe.partnership.slug}/cafes/posters/"


def words(pdf: bytes) -> str:
    """The PDF's text (pdftotext) with every run of white space as one space."""
    return " ".join(tool("pdftotext", "-", "-", stdin=pdf).split())


def tool(name: str, *args: str, stdin: bytes | None = None) -> str:
    """The output of a poppler-utils tool."""
    return subprocess.run(  # noqa: S603 - fixed tools on our own files
        [shutil.which(name) or name, *args], input=stdin, capture_output=True, check=True
    ).stdout.decode()


def pdf_facts(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    info = {}
    for line in tool("pdfinfo", str(path)).splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def embedded_fonts(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    """Font name → the `emb` column of pdffonts."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = {}
    for line in tool("pdffonts", str(path)).splitlines()[2:]:
        columns = line.split()
        fonts[columns[0].split("+")[-1]] = columns[-5]
    return fonts


def page_codes(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """What a phone's camera reads from each printed page: the QR codes of its PNG."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    tool("pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page-*.png"))
    return [
        sorted(result.text for result in zxingcpp.read_barcodes(Image.open(page))) for page in pages
    ]


def signup(cafe: Cafe, code: str) -> str:
    return f"{BASE}/cafes/{cafe.pk}/signup/?lang={code}"


def arabic(msgid: str) -> str:
    with translation.override("ar"):
        return translation.gettext(msgid)


# The PDFs


def test_an_a4_poster_in_swedish_arabic_and_tigrinya_is_one_page_that_phones_can_scan(
    cafe, tmp_path
):
    response = coordinator(cafe.partnership).get(
        page_url(cafe), {"cafe": cafe.pk, "paper": "a4", "languages": ["ar", "ti"]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="vises-poster-{cafe.pk}.pdf"'
    pdf = response.content
    info = pdf_facts(pdf, tmp_path)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")
    text = words(pdf)
    assert SWEDISH_HEADLINE in text
    assert "När: tisdag 17 september 2030" in text
    assert "14:00–15:30" in text
    assert "Anmäl dig" in text
    # Tigrinya's own words, from its catalogue: "Sign up" and "When".
    assert "ተመዝገቡ" in text
    assert "መዓስ" in text
    # The addresses beside the codes, as text one can type.
    for code in ("sv", "ar", "ti"):
        assert signup(cafe, code) in tool("pdftotext", "-", "-", stdin=pdf).replace("\n", "")
    # The street address is not on the poster: it is on the sign-up page.
    assert "Storgatan" not in text
    assert "Personalrummet" not in text
    # Arabic through DejaVu Sans, Tigrinya through Noto Sans Ethiopic: all embedded. (Which
    # Ethiopic weights appear depends on how much of the poster ti translates yet.)
    fonts = embedded_fonts(pdf, tmp_path)
    assert set(fonts.values()) == {"yes"}
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "Noto-Sans-Ethiopic-Bold"} <= set(fonts)
    assert set(fonts) <= {
        "DejaVu-Sans",
        "DejaVu-Sans-Bold",
        "Noto-Sans-Ethiopic",
        "Noto-Sans-Ethiopic-Bold",
    }
    assert page_codes(pdf, tmp_path) == [sorted(signup(cafe, code) for code in ("sv", "ar", "ti"))]


def test_an_a4_poster_with_three_languages_beside_swedish_still_fits_one_page(cafe, tmp_path):
    html = documents.poster_html(
        partnership=cafe.partnership, cafe=cafe, paper="a4", languages=["en", "ar", "ti"]
    )
    from vises.common.pdf import pdf_from_html

    pdf = pdf_from_html(html)

    assert pdf_facts(pdf, tmp_path)["Pages"] == "1"
    assert page_codes(pdf, tmp_path) == [
        sorted(signup(cafe, code) for code in ("sv", "en", "ar", "ti"))
    ]


def test_an_a5_flyer_holds_swedish_and_one_language_a_page(cafe, tmp_path):
    response = coordinator(cafe.partnership).get(
        page_url(cafe), {"cafe": cafe.pk, "paper": "a5", "languages": ["ti", "ar"]}
    )

    pdf = response.content
    info = pdf_facts(pdf, tmp_path)
    assert info["Pages"] == "2"
    assert info["Page size"] == "419.528 x 595.276 pts"  # A5
    assert response["Content-Disposition"] == f'inline; filename="vises-flyer-{cafe.pk}.pdf"'
    # Arabic before Tigrinya, as settings.LANGUAGES orders them; Swedish on each page.
    assert page_codes(pdf, tmp_path) == [
        sorted([signup(cafe, "sv"), signup(cafe, "ar")]),
        sorted([signup(cafe, "sv"), signup(cafe, "ti")]),
    ]
    first, second = (
        " ".join(page.split()) for page in tool("pdftotext", "-", "-", stdin=pdf).split("\f")[:2]
    )
    assert SWEDISH_HEADLINE in first
    assert SWEDISH_HEADLINE in second
    assert "ተመዝገቡ" in second
    assert "ተመዝገቡ" not in first


def test_the_general_poster_leads_to_the_calendar(cafe, tmp_path):
    response = coordinator(cafe.partnership).get(
        page_url(cafe), {"cafe": "", "paper": "a4", "languages": ["uk"]}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="vises-poster-all.pdf"'
    text = words(response.content)
    assert "Nya caféer på olika företag hela året. Välj ett som passar dig." in text
    assert "Alla kommande caféer" in text
    assert "Bageriet" not in text
    assert page_codes(response.content, tmp_path) == [
        [f"{BASE}/cafes/?lang=sv", f"{BASE}/cafes/?lang=uk"]
    ]


# What each block says, and in which language (the HTML the PDF prints)


def block(html: str, code: str) -> str:
    start = html.index(f'<section class="block" lang="{code}"')
    return html[start : html.index("</section>", start)]


def test_each_block_is_marked_with_its_language_and_written_from_its_catalogue(cafe):
    html = documents.poster_html(
        partnership=cafe.partnership, cafe=cafe, paper="a4", languages=["ti", "ar", "xx"]
    )

    assert '<html lang="sv" dir="ltr">' in html
    assert html.count('<section class="block"') == 3
    assert html.index('lang="sv"') < html.index('lang="ar"') < html.index('lang="ti"')
    swedish, arabic_block, tigrinya = block(html, "sv"), block(html, "ar"), block(html, "ti")
    assert 'dir="ltr"' in swedish
    assert 'dir="rtl"' in arabic_block
    assert 'dir="ltr"' in tigrinya
    assert SWEDISH_HEADLINE in swedish
    assert "Anmäl dig" in swedish
    assert "När: tisdag 17 september 2030" in swedish
    assert "Var: Café hos <bdi>Bageriet Östergyllen AB</bdi>, <bdi>Skäggetorp</bdi>" in swedish
    # The public pages' words in Arabic: "Sign up", "When", "Café at …".
    assert "سجّل" in arabic_block
    assert f"{arabic('When')}: " in arabic_block
    assert "مقهى في <bdi>Bageriet Östergyllen AB</bdi>" in arabic_block
    assert "سجّل" not in swedish
    assert "ተመዝገቡ" in tigrinya
    # A sentence the Arabic catalogue lacks prints in Swedish, marked so it reads left to right.
    for message in (texts.HEADLINE, texts.WHAT, texts.FREE, texts.SCAN):
        own = arabic(message)
        with translation.override("sv"):
            fallback = translation.gettext(message)
        if own == fallback:
            assert f'<span lang="sv" dir="ltr">{fallback}</span>' in arabic_block
        else:
            assert own in arabic_block
    assert '<span lang="sv"' not in swedish
    # Times and addresses read left to right inside the right-to-left block.
    assert '<bdi dir="ltr">14:00–15:30</bdi>' in arabic_block
    assert f'<bdi class="url" dir="ltr">{signup(cafe, "ar")}</bdi>' in arabic_block


def test_the_qr_code_in_each_block_is_the_code_of_its_sign_up_address(cafe):
    html = documents.poster_html(
        partnership=cafe.partnership, cafe=cafe, paper="a5", languages=["ar"]
    )

    for code in ("sv", "ar"):
        expected = segno.make(signup(cafe, code), error="m", micro=False)
        assert expected.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr") in block(
            html, code
        )
    assert documents.signup_url(cafe=cafe, language="ar") == signup(cafe, "ar")


def test_the_pictograms_are_drawn_inline_and_nothing_is_loaded_by_url(cafe):
    html = documents.poster_html(partnership=cafe.partnership, cafe=cafe, paper="a4", languages=[])

    assert html.count('<svg class="icon"') == 7  # people, cup, calendar, clock, pin, speech, phone
    assert "<use" not in html
    assert "src=" not in html
    assert "url(" not in html


def test_more_languages_than_fit_make_more_pages_each_with_swedish() -> None:
    everything = ["uk", "ti", "so", "fa", "ar", "en"]

    assert documents.poster_pages(everything, paper="a4") == [
        ["sv", "en", "ar", "fa"],
        ["sv", "so", "ti", "uk"],
    ]
    assert documents.poster_pages(["ar", "ar", "sv"], paper="a4") == [["sv", "ar"]]
    assert documents.poster_pages([], paper="a5") == [["sv"]]
    assert documents.poster_pages(["so", "ar"], paper="a5") == [["sv", "ar"], ["sv", "so"]]


def test_a_language_without_the_posters_text_is_named_on_the_form(cafe):
    # Django prints the default language (Swedish) for a message a catalogue lacks; the form
    # names every language whose catalogue lacks one of the poster's messages.
    lacking = []
    for code, name in documents.poster_languages():
        if code == "en":
            continue
        catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        translated = {entry.msgid for entry in catalogue.translated_entries()}
        with translation.override(code):
            missing = texts.untranslated()
        assert missing == [m for m in texts.ALL_MESSAGES if m not in translated]
        if missing:
            lacking.append(name)

    response = coordinator(cafe.partnership).get(page_url(cafe))

    if lacking:
        assert (
            "En del av affischens text är ännu inte översatt till: "
            f"{', '.join(lacking)}. De delarna skrivs ut på svenska"
        ) in response.text
    else:
        assert "ännu inte översatt" not in response.text
    with translation.override("en"):
        assert texts.untranslated() == []


# The coordinator's page


def test_the_form_offers_the_cafes_ahead_the_paper_and_the_languages(cafe):
    held = CafeFactory.create(
        company=cafe.company, status=Cafe.Status.HELD, starts_at=timezone.now() - timedelta(days=3)
    )
    other = CafeFactory.create()

    response = coordinator(cafe.partnership).get(page_url(cafe), {"cafe": cafe.pk})

    assert response.status_code == 200
    body = response.text
    assert f'<option value="{cafe.pk}" selected>17 september 2030 14:00 – Bageriet' in body
    assert f'value="{held.pk}"' not in body
    assert f'value="{other.pk}"' not in body
    assert "Allmän: alla caféer (koden leder till kalendern)" in body
    assert 'value="a4"' in body and "A4-affisch" in body
    assert 'value="a5"' in body and "A5-flygblad" in body
    for code in ("en", "ar", "fa", "so", "ti", "uk"):
        assert f'name="languages" value="{code}"' in body
    assert 'name="languages" value="sv"' not in body
    assert "Bredvid svenskan får 3 språk plats på en A4-sida och 1 på en A5-sida." in body


def test_another_partnerships_cafe_is_not_found(cafe):
    other = CafeFactory.create()
    client = coordinator(cafe.partnership)

    assert client.get(page_url(cafe), {"cafe": other.pk}).status_code == 404
    assert client.get(page_url(cafe), {"cafe": other.pk, "paper": "a4"}).status_code == 404


def test_an_unknown_language_is_refused_in_swedish(cafe):
    response = coordinator(cafe.partnership).get(
        page_url(cafe), {"cafe": cafe.pk, "paper": "a4", "languages": ["ar", "xx"]}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Rätta fälten som är markerade nedan." in response.text
    assert "Välj ett giltigt alternativ. xx finns inte bland tillgängliga alternativ." in (
        response.text
    )


def test_an_unknown_paper_and_a_cafe_that_is_over_are_refused_in_swedish(cafe):
    held = CafeFactory.create(
        company=cafe.company, status=Cafe.Status.HELD, starts_at=timezone.now() - timedelta(days=3)
    )
    client = coordinator(cafe.partnership)

    paper = client.get(page_url(cafe), {"cafe": cafe.pk, "paper": "a3"})
    over = client.get(page_url(cafe), {"cafe": held.pk, "paper": "a4"})
    warned = client.get(page_url(cafe), {"cafe": held.pk})

    assert paper.status_code == 400
    assert "Välj ett giltigt alternativ. a3 finns inte bland tillgängliga alternativ." in paper.text
    assert over.status_code == 400
    assert "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga" in over.text
    assert warned.status_code == 200
    assert "Det caféet har redan varit eller är inställt. Du kan göra en allmän affisch." in (
        warned.text
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 403),
    ],
)
def test_operations_roles_make_posters(cafe, role, status):
    assert coordinator(cafe.partnership, role).get(page_url(cafe)).status_code == status


def test_anonymous_visitors_log_in_first(cafe):
    response = Client().get(page_url(cafe))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_form_page_asks_the_same_queries_however_many_cafes(cafe, django_assert_num_queries):
    client = coordinator(cafe.partnership)
    client.get(page_url(cafe))  # sessions and the like settle
    with django_assert_num_queries(7) as one:
        client.get(page_url(cafe))
    for _ in range(6):
        CafeFactory.create(company=cafe.company)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(page_url(cafe))
    select = response.text.split('name="cafe"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option value=") == 8  # general + seven cafés


def test_the_cafe_page_and_the_list_link_to_the_posters(cafe):
    held = CafeFactory.create(company=cafe.company, status=Cafe.Status.HELD)
    client = coordinator(cafe.partnership)
    slug = cafe.partnership.slug

    detail = client.get(f"/p/{slug}/cafes/{cafe.pk}/").text
    listing = client.get(f"/p/{slug}/cafes/").text

    assert f'href="/p/{slug}/cafes/posters/?cafe={cafe.pk}">Affisch och flygblad</a>' in detail
    assert "Affisch och flygblad" not in client.get(f"/p/{slug}/cafes/{held.pk}/").text
    assert f'href="/p/{slug}/cafes/posters/">Affischer och flygblad</a>' in listing


def test_a_partnership_without_cafes_makes_a_general_poster():
    partnership = PartnershipFactory.create()
    client = coordinator(partnership)

    response = client.get(f"/p/{partnership.slug}/cafes/posters/", {"paper": "a5"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
