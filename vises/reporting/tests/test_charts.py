"""`chart_svg` as a plain function (the annual report will draw with it too)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vises.common.suppression import Table, suppress_periods
from vises.reporting.charts import CURRENT_COLOUR, chart_svg
from vises.reporting.statistics import GENDERS, PublishedStat, exact

SVG = "{http://www.w3.org/2000/svg}"


def stat(table) -> PublishedStat:
    return PublishedStat(
        name="attendances", row_dims=(), col_dim="gender", table=table, persons=True
    )


def line(**counts: int) -> Table:
    return Table(rows=[()], cols=list(GENDERS), cells={((), g): n for g, n in counts.items()})


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 - our own chart, not outside input
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_the_same_table_gives_the_same_bytes():
    now, before = stat(exact(line(woman=3, man=7))), stat(exact(line(woman=6)))

    first = chart_svg(now, before, title="Närvarotillfällen efter kön", legend=("2025", "2024"))
    again = chart_svg(now, before, title="Närvarotillfällen efter kön", legend=("2025", "2024"))

    assert first == again
    assert b"<script" not in first
    assert CURRENT_COLOUR.encode() in first


def test_labels_stay_text_also_in_arabic_and_with_a_dollar_sign():
    svg = chart_svg(stat(exact(line(woman=12))), title="المشاركون $5$")

    found = texts(svg)
    assert "المشاركون $5$" in found
    assert {"Kvinna", "Man", "Annat", "uppgift saknas", "12", "0"} <= set(found)


def test_a_hidden_count_has_its_sign_and_no_bar():
    now, before = suppress_periods([line(woman=3, man=7), line(woman=6)]).tables

    found = texts(chart_svg(stat(now), stat(before), title="T", legend=("2025", "2024")))

    assert found.count("<5") == 1
    assert found.count("..") == 2  # 2025's 7 men and 2024's 6 women
    assert not {"3", "6", "7"} & set(found)  # no bar: the axis runs from 0 to 1
