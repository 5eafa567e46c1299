"""The annual report (issue 12, point 5): one content structure, three files that open and hold
the same numbers, suppressed as for the municipal role.

The agreement asks for it: "Parterna åtar sig att en gång per år rapportera genomförda
aktiviteter och utfall av dessa skriftligt i en gemensam rapport till ansvarig nämnd."
(seeds/001_4c89f7ac864d56f0.txt)
"""

from __future__ import annotations

import pytest

from vises.common.suppression import Table, suppress_table
from vises.reporting.annual import AGREEMENT_QUOTE, annual_content
from vises.reporting.documents import annual_docx, annual_pdf, annual_xlsx
from vises.reporting.tests.annual_world import YEAR, build, secrets
from vises.reporting.tests.files import docx_text, docx_xml, pdf_text, xlsx_sheets, xlsx_text

pytestmark = pytest.mark.django_db

# Three women and six men at the year's one café: the women's 3 is "<5", and the men's 6
# hidden as ".." since the total 9 beside it would give it away.
AGE_ROW = "35–44 <5 .. 0 0 9"
BUDGET_ROW = "lokaler Organisationen 177 221,74 12 345,60 -164 876,14"
TOTAL_ROW = "Totalt 1 226 756,46 12 345,60 -1 214 410,86"


@pytest.fixture
def content(partnership):
    world = build(partnership)
    return world, annual_content(partnership=partnership, year=YEAR)


def table(content, name):
    return next(t for t in content["tables"] if t["name"] == name)


def test_the_content_holds_every_table_suppressed_with_labels_and_totals(content):
    _world, report = content

    assert report["title"] == "Årsrapport 2025"
    assert report["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert report["quote"] == AGREEMENT_QUOTE
    assert report["empty"] is False
    by_age = table(report, "participants_by_age")
    assert by_age["title"] == "Deltagare, efter ålder"
    assert by_age["columns"] == ["Kvinna", "Man", "Annat", "uppgift saknas", "Totalt"]
    assert {"label": "35–44", "cells": ["<5", "..", "0", "0", "9"], "total_row": False} in (
        by_age["rows"]
    )
    assert by_age["rows"][-1] == {
        "label": "Totalt",
        "cells": ["<5", "..", "0", "0", "9"],
        "total_row": True,
    }
    # Cafés are not persons: shown as they are.
    assert table(report, "cafes_held")["rows"] == [
        {"label": "Skäggetorp", "cells": ["1", "1"], "total_row": False}
    ]
    assert [t["name"] for t in report["tables"]][:3] == [
        "cafes_held",
        "companies_by_sni",
        "participants_by_age",
    ]
    assert len(report["tables"]) == 16
    assert {"label": "Deltagare (unika personer)", "value": "9"} in report["activities"]
    assert [chart["name"] for chart in report["charts"]] == [
        "participants_by_age",
        "attendances",
        "friends_by_age",
        "pairs_started",
    ]


def test_the_budget_against_actual_comes_from_the_economy(content):
    _world, report = content
    budget = report["budget"]

    assert budget["available"] is True
    assert budget["table"]["columns"] == ["Betalas av", "Budget", "Utfall", "Skillnad"]
    assert budget["table"]["rows"][2] == {
        "label": "lokaler",
        "cells": ["Organisationen", "177 221,74", "12 345,60", "-164 876,14"],
        "total_row": False,
    }
    assert budget["table"]["rows"][-1]["cells"] == [
        "",
        "1 226 756,46",
        "12 345,60",
        "-1 214 410,86",
    ]


def test_a_year_outside_the_agreement_has_no_budget(partnership):
    build(partnership)

    report = annual_content(partnership=partnership, year=2031)

    assert report["budget"] == {
        "available": False,
        "text": "Överenskommelsen omfattar inte 2031: det finns ingen budget för året.",
        "table": None,
    }


def test_the_pdf_holds_the_numbers(content, tmp_path):
    _world, report = content

    text = pdf_text(annual_pdf(report), tmp_path)

    assert "Årsrapport 2025" in text
    assert "en gång per år rapportera genomförda aktiviteter och utfall" in text
    assert "Genomförda kaféer 1" in text
    assert AGE_ROW in text
    assert BUDGET_ROW in text
    assert TOTAL_ROW in text


def test_the_docx_holds_the_numbers_and_no_template_tag(content):
    _world, report = content
    data = annual_docx(report)

    text = docx_text(data)

    assert "{%" not in docx_xml(data) and "{{" not in docx_xml(data)
    assert "Årsrapport 2025" in text
    assert "Deltagare, efter ålder" in text
    assert AGE_ROW in text
    assert BUDGET_ROW in text
    assert TOTAL_ROW in text


def test_the_xlsx_has_a_summary_and_every_table_on_its_own_sheet(content):
    _world, report = content

    sheets = xlsx_sheets(annual_xlsx(report))

    assert list(sheets)[0] == "Sammanfattning"
    assert len(sheets) == 1 + 16 + 1  # the summary, the statistics, the budget
    assert sheets["Sammanfattning"][0][0] == "Årsrapport 2025"
    assert ["Deltagare (unika personer)", 9] in [row[:2] for row in sheets["Sammanfattning"]]
    by_age = sheets["Deltagare, efter ålder"]
    assert by_age[1] == ["Ålder", "Kvinna", "Man", "Annat", "uppgift saknas", "Totalt"]
    assert ["35–44", "<5", "..", 0, 0, 9] in by_age
    budget = sheets["Budget och utfall"]
    assert ["lokaler", "Organisationen", "177 221,74", "12 345,60", "-164 876,14"] in budget


def test_no_file_holds_a_name_phone_or_email_of_anyone_in_the_register(content, tmp_path):
    world, report = content
    texts = {
        "pdf": pdf_text(annual_pdf(report), tmp_path),
        "docx": docx_xml(annual_docx(report)),
        "xlsx": xlsx_text(annual_xlsx(report)),
    }

    leaks = [
        (fmt, secret)
        for fmt, text in texts.items()
        for secret in secrets(world.people)
        if secret.lower() in text.lower()
    ]

    assert leaks == []
    assert all("<5" in text or "&lt;5" in text for text in texts.values())


def test_an_empty_year_gives_valid_files_that_say_so(partnership, tmp_path):
    report = annual_content(partnership=partnership, year=YEAR)
    sentence = (
        "Det finns inga uppgifter för 2025: inga kaféer, deltagare, språkvänner, par eller "
        "volontärtimmar är registrerade för året."
    )

    assert report["empty"] is True
    assert report["empty_text"] == sentence
    assert sentence in pdf_text(annual_pdf(report), tmp_path)
    assert sentence in docx_text(annual_docx(report))
    assert sentence in xlsx_text(annual_xlsx(report))


def test_a_table_with_no_rows_is_published():
    published = suppress_table(Table(rows=[], cols=["woman", "man"], cells={}))

    assert published.rows == [] and published.grand_total is not None
    assert published.grand_total.value == 0


def test_a_narrative_with_markup_characters_is_text_in_every_file(partnership, tmp_path):
    report = annual_content(
        partnership=partnership, year=YEAR, narratives={"summary": "Kaffe & kakor: 5 < 7."}
    )

    assert "Kaffe & kakor: 5 < 7." in pdf_text(annual_pdf(report), tmp_path)
    assert "Kaffe &amp; kakor: 5 &lt; 7." in docx_xml(annual_docx(report))
    assert "Kaffe & kakor: 5 < 7." in xlsx_text(annual_xlsx(report))


def test_the_charts_are_drawn_from_the_suppressed_tables_into_the_pdf_and_the_docx(
    content, tmp_path
):
    import zipfile
    from io import BytesIO

    _world, report = content
    titles = [
        "Deltagare efter kön",
        "Närvarotillfällen efter kön",
        "Rekryterade språkvänner efter kön",
        "Par som startat efter deltagarens kön",
    ]

    assert [chart["title"] for chart in report["charts"]] == titles
    attendances = next(c for c in report["charts"] if c["name"] == "attendances")
    assert attendances["svg"].startswith("<svg")
    # The women's 3 is "<5" and the men's 6 ".." in the chart too: no bar gives them away.
    assert "&lt;5" in attendances["svg"] and ">..<" in attendances["svg"].replace(" ", "")
    pdf = pdf_text(annual_pdf(report), tmp_path)
    assert "Diagram" in pdf
    for title in titles:
        assert title in pdf
    docx = annual_docx(report)
    media = [n for n in zipfile.ZipFile(BytesIO(docx)).namelist() if n.startswith("word/media/")]
    assert len(media) == 4
    assert all(zipfile.ZipFile(BytesIO(docx)).read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    for title in titles:
        assert title in docx_text(docx)


def test_an_empty_year_has_no_charts(partnership, tmp_path):
    report = annual_content(partnership=partnership, year=YEAR)

    assert report["charts"] == []
    assert "Diagram" not in pdf_text(annual_pdf(report), tmp_path)


def test_the_year_s_recruitment_targets_are_a_table_in_every_file(partnership, tmp_path):
    """The agreement's "jämn tillströmning av språkvänner": the targets beside the language
    friends recruited, suppressed like the tables they are read from."""
    from vises.matching.models import RecruitmentTarget
    from vises.reporting.tests.test_statistics import at, friend

    build(partnership)
    for _n in range(6):
        friend(partnership, at(YEAR, 5, 1), person__gender="man")
    RecruitmentTarget.objects.create(
        partnership=partnership, year=YEAR, dimension="gender", group="man", friends=10
    )
    RecruitmentTarget.objects.create(
        partnership=partnership, year=YEAR, dimension="gender", group="woman", friends=4
    )
    report = annual_content(partnership=partnership, year=YEAR)

    targets = table(report, "friends_against_targets")
    assert targets["columns"] == ["Mål", "Rekryterade", "Kvar till målet"]
    assert [[row["label"], *row["cells"]] for row in targets["rows"]] == [
        ["Kön: Kvinna", "4", "0", "4"],
        ["Kön: Man", "10", "6", "4"],
    ]
    assert "Språkvänner rekryterade mot målen Grupp Mål Rekryterade Kvar till målet" in (
        pdf_text(annual_pdf(report), tmp_path)
    )
    assert "Kön: Man 10 6 4" in pdf_text(annual_pdf(report), tmp_path)
    assert "Kön: Man" in docx_text(annual_docx(report))
    sheet = xlsx_sheets(annual_xlsx(report))["Språkvänner rekryterade mot mål"]
    assert ["Kön: Man", 10, 6, 4] in sheet
