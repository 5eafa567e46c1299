"""The statistics dashboards (issue 12, point 4): pages per role, suppression beside the
previous year, the period filter, the charts and the downloads.

The agreement: the parties "kontinuerligt redovisa könsuppdelad statistik över deltagarna";
every table here is split by gender, "uppgift saknas" included.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.people.tests.factories import PersonFactory
from vises.reporting.tests.test_statistics import at

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def held(partnership, starts_at):
    company = CompanyFactory.create(partnership=partnership)
    return CafeFactory.create(
        company=company, partnership=partnership, starts_at=starts_at, status=Cafe.Status.HELD
    )


def attend(cafe, n, gender="woman", **person):
    people = []
    for _ in range(n):
        p = PersonFactory.create(partnership=cafe.partnership, gender=gender, **person)
        RegistrationFactory.create(cafe=cafe, person=p, attendance=Registration.Attendance.ATTENDED)
        people.append(p)
    return people


@pytest.fixture
def world(partnership):
    """2025: three women and seven men at one café; 2024: six women."""
    now = held(partnership, at(2025, 3, 10))
    attend(now, 3, "woman", first_name="Zelmira")
    attend(now, 7, "man")
    before = held(partnership, at(2024, 3, 10))
    attend(before, 6, "woman")
    return partnership


def url(partnership, name="", **query):
    base = f"/p/{partnership.slug}/statistics/{name}"
    return base + ("?" + urlencode(query) if query else "")


class Tables(HTMLParser):
    """The page's tables by caption: each a list of rows, each a list of cell texts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._text: list[str] | None = None
        self._caption: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
            self._name = f"table {len(self.tables) + 1}"  # until its caption says
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th"):
            self._text = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._name = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._text is not None and self._rows:
            self._rows[-1].append("".join(self._text).strip())
            self._text = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._name] = self._rows
            self._rows = None

    def handle_data(self, data):
        for part in (self._text, self._caption):
            if part is not None:
                part.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    return Tables(response.content.decode()).tables


def svg_texts(svg: bytes) -> set[str]:
    """The texts of an SVG, which must parse as XML."""
    root = ET.fromstring(svg)  # noqa: S314 - our own chart, not outside input
    return {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}


HEAD = ["", "Kvinna", "Man", "Annat", "uppgift saknas", "Totalt"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.MUNICIPAL, 200),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 403),
    ],
)
def test_the_dashboard_answers_each_role(world, client_for, role, status):
    assert client_for(role).get(url(world, **PERIOD)).status_code == status


def test_the_coordinator_sees_exact_counts_beside_the_previous_year(world, client_for):
    found = tables(client_for(Role.COORDINATOR).get(url(world, **PERIOD)))

    assert found["Närvarotillfällen på kaféerna, 2025"] == [
        HEAD,
        ["Antal", "3", "7", "0", "0", "10"],
    ]
    assert found["Närvarotillfällen på kaféerna, 2024"] == [
        HEAD,
        ["Antal", "6", "0", "0", "0", "6"],
    ]
    assert found["Volontärtimmar på de kaféer som hållits"][0] == ["Period", "Timmar"]


def test_the_municipal_officer_sees_both_years_suppressed_together(world, client_for):
    response = client_for(Role.MUNICIPAL).get(url(world, **PERIOD))
    found = tables(response)

    assert found["Närvarotillfällen på kaféerna, 2025"] == [
        HEAD,
        ["Antal", "<5", "..", "0", "0", ".."],
    ]
    # The 3 is hidden in 2025, so its 7 and total; beside it 2024's 6 women and their total,
    # since 3 + 6 is the sum of the two years (docs/privacy.md, section 7).
    assert found["Närvarotillfällen på kaféerna, 2024"] == [
        HEAD,
        ["Antal", "..", "0", "0", "0", ".."],
    ]
    html = response.content.decode()
    assert "Zelmira" not in html
    assert "Volontärtimmar" not in html  # the operational figures are for operations


def test_the_default_period_is_the_current_calendar_year(world, client_for):
    from django.utils import timezone

    year = timezone.localdate().year
    html = client_for(Role.COORDINATOR).get(url(world)).content.decode()

    assert f'name="start" value="{year}-01-01"' in html
    assert f'name="end" value="{year}-12-31"' in html
    assert f"Närvarotillfällen på kaféerna, {year - 1}" in html
    assert f'href="?start={year - 1}-01-01&amp;end={year - 1}-12-31">Förra året</a>' in html


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(world, client_for):
    response = client_for(Role.COORDINATOR).get(url(world, start="2025-12-31", end="2025-01-01"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Perioden slutar innan den börjar." in html
    assert tables(response) == {}
    assert "download.csv" not in html


def test_the_chart_is_an_svg_with_its_labels(world, client_for):
    response = client_for(Role.COORDINATOR).get(url(world, "charts/attendances.svg", **PERIOD))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    texts = svg_texts(response.content)
    assert {"Kvinna", "Man", "Annat", "uppgift saknas", "2025", "2024"} <= texts
    assert {"3", "7", "6"} <= texts
    assert "Närvarotillfällen efter kön" in texts


def test_the_municipal_chart_is_suppressed_as_its_table(world, client_for):
    response = client_for(Role.MUNICIPAL).get(url(world, "charts/attendances.svg", **PERIOD))

    texts = svg_texts(response.content)
    assert {"<5", ".."} <= texts
    assert "3" not in texts and "7" not in texts


def test_the_chart_is_the_same_every_time(world, client_for):
    client = client_for(Role.COORDINATOR)
    path = url(world, "charts/attendances.svg", **PERIOD)

    assert client.get(path).content == client.get(path).content


def test_an_unknown_chart_is_not_found(world, client_for):
    client = client_for(Role.COORDINATOR)

    assert client.get(url(world, "charts/cafes_held.svg", **PERIOD)).status_code == 404
    bad = url(world, "charts/attendances.svg", start="2025-12-31", end="2025-01-01")
    assert client.get(bad).status_code == 400


def test_the_csv_download_is_suppressed_for_the_coordinator_too(world, client_for):
    response = client_for(Role.COORDINATOR).get(url(world, "download.csv", **PERIOD))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "statistik-2025-01-01-2025-12-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tabell", "Period", "Rad", "Kolumn", "Antal"]
    attendances = [r[1:] for r in rows if r[0] == "Närvarotillfällen på kaféerna"]
    assert attendances == [
        ["2025", "Antal", "Kvinna", "<5"],
        ["2025", "Antal", "Man", ".."],
        ["2025", "Antal", "Annat", "0"],
        ["2025", "Antal", "uppgift saknas", "0"],
        ["2025", "Antal", "Totalt", ".."],
        ["2024", "Antal", "Kvinna", ".."],
        ["2024", "Antal", "Man", "0"],
        ["2024", "Antal", "Annat", "0"],
        ["2024", "Antal", "uppgift saknas", "0"],
        ["2024", "Antal", "Totalt", ".."],
    ]
    assert AuditEvent.objects.filter(action="reporting.statistics.exported").get().fields == ["csv"]


def test_the_xlsx_download_holds_the_tables_suppressed(world, client_for):
    response = client_for(Role.MANAGER).get(url(world, "download.xlsx", **PERIOD))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["4 Närvarotillfällen på kaféerna"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [
        ["Närvarotillfällen på kaféerna", None, None, None, None, None],
        [None] * 6,
        ["2025", None, None, None, None, None],
        [None, "Kvinna", "Man", "Annat", "uppgift saknas", "Totalt"],
        ["Antal", "<5", "..", 0, 0, ".."],
        [None] * 6,
        ["2024", None, None, None, None, None],
        [None, "Kvinna", "Man", "Annat", "uppgift saknas", "Totalt"],
        ["Antal", "..", 0, 0, 0, ".."],
    ]
    assert len(book.sheetnames) == 16
    assert AuditEvent.objects.filter(action="reporting.statistics.exported").get().fields == [
        "xlsx"
    ]


def test_the_municipal_start_page_shows_key_figures_suppressed(partnership, client_for):
    from django.utils import timezone

    year = timezone.localdate().year
    now = held(partnership, at(year, 1, 1, 12))
    attend(now, 3)
    before = held(partnership, at(year - 1, 1, 1, 12))
    attend(before, 12)

    found = tables(client_for(Role.MUNICIPAL).get(f"/p/{partnership.slug}/"))

    figures = found[f"{year} hittills, jämfört med {year - 1}"]
    assert figures[0] == ["", str(year), str(year - 1)]
    assert figures[1] == ["Deltagare", "<5", ".."]
    assert figures[4] == ["Aktiva par", "0", "0"]


def test_the_dashboard_reads_the_same_number_of_queries_for_2_and_30_persons(
    partnership, client_for
):
    client = client_for(Role.COORDINATOR)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(partnership, **PERIOD)).status_code == 200
        return len(captured)

    # Both years have a café in both cases: a query for none of something is never sent.
    cafe, before = held(partnership, at(2025, 5, 5)), held(partnership, at(2024, 5, 5))
    attend(cafe, 2)
    attend(before, 1)
    few = queries()
    attend(cafe, 28, "man")
    attend(before, 29)

    assert queries() == few


def test_a_table_with_no_rows_is_published_beside_another_with_none():
    from vises.common.suppression import Table, suppress_periods, suppress_table

    empty = Table(rows=[], cols=["woman", "man"], cells={})

    assert suppress_table(empty).grand_total.value == 0
    periods = suppress_periods([empty, empty])
    assert [t.col_totals["woman"].value for t in periods.tables] == [0, 0]


def test_a_download_without_a_period_holds_the_current_year(world, client_for):
    from django.utils import timezone

    year = timezone.localdate().year
    response = client_for(Role.MUNICIPAL).get(url(world, "download.csv"))

    assert f"statistik-{year}-01-01-{year}-12-31.csv" in response["Content-Disposition"]


def test_the_menu_has_the_statistics_for_the_roles_that_read_them(world, client_for):
    link = f'href="/p/{world.slug}/statistics/"'

    assert link in client_for(Role.MUNICIPAL).get(f"/p/{world.slug}/").content.decode()
    assert link in client_for(Role.MANAGER).get(f"/p/{world.slug}/").content.decode()
    assert link not in client_for(Role.VOLUNTEER).get(f"/p/{world.slug}/").content.decode()


def test_the_period_message_is_in_the_users_language(world, client_for, settings):
    client = client_for(Role.COORDINATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(url(world, start="2025-12-31", end="2025-01-01")).content.decode()

    assert "The period ends before it starts." in html
