"""The annual report's content: one plain structure that the DOCX, PDF and XLSX files are all
rendered from (issue 12, point 5; docs/statistics.md, "Annual report").

"Parterna åtar sig att en gång per år rapportera genomförda aktiviteter och utfall av dessa
skriftligt i en gemensam rapport till ansvarig nämnd." (seeds/001_4c89f7ac864d56f0.txt,
"Kunskapsinhämtning och Uppföljning")

The report goes to the municipality's committee, so every table of persons is published as
for the municipal role (`published(report, suppressed=True)`): counts 1–4 as "<5" and what
would reveal them as "..". The structure holds only strings, numbers, lists and dicts, so a
signed version can be frozen as JSON and rendered again years later exactly as it was signed.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from vises.common.suppression import Count, SuppressedTable, shown
from vises.economy.budget import MUNICIPALITY
from vises.economy.selectors import year_actuals
from vises.partnerships import agreements
from vises.partnerships.models import Partnership
from vises.reporting.statistics import (
    CAFES,
    NEW,
    RETURNING,
    PublishedStat,
    Report,
    against_targets,
    label,
    published,
    statistics,
)

# The years a report can be made for (the command and the pages refuse others).
FIRST_YEAR, LAST_YEAR = 2000, 2100

AGREEMENT_QUOTE = (
    "Parterna åtar sig att en gång per år rapportera genomförda aktiviteter och utfall av "
    "dessa skriftligt i en gemensam rapport till ansvarig nämnd."
)

# The sections the coordinator writes in the app, in the report's order.
NARRATIVES: tuple[tuple[str, Any], ...] = (
    ("summary", gettext_lazy("Summary")),
    ("activities", gettext_lazy("Activities carried out")),
    ("outcomes", gettext_lazy("Outcomes")),
    ("cooperation", gettext_lazy("Cooperation between the parties")),
    ("next_year", gettext_lazy("The year ahead")),
)
NARRATIVE_KEYS = tuple(key for key, _title in NARRATIVES)

# Each table's heading in the report, in the report's order.
TABLE_TITLES: tuple[tuple[str, Any], ...] = (
    ("cafes_held", gettext_lazy("Cafés held, by district")),
    ("companies_by_sni", gettext_lazy("Host companies, by industry (SNI)")),
    ("participants_by_age", gettext_lazy("Participants, by age")),
    ("attendances", gettext_lazy("Attendances at the cafés")),
    ("participants_by_district", gettext_lazy("Participants, by district")),
    ("participants_by_years_in_sweden", gettext_lazy("Participants, by years in Sweden")),
    (
        "outcomes_at_intake",
        gettext_lazy("Participants, by status towards work or studies at intake"),
    ),
    ("outcomes", gettext_lazy("Participants, by status towards work or studies now")),
    ("referral_sources", gettext_lazy("Participants, by how they found us")),
    ("friends_by_age", gettext_lazy("Language friends recruited, by age")),
    ("friends_by_language", gettext_lazy("Language friends recruited, by language")),
    ("friends_by_education", gettext_lazy("Language friends recruited, by education")),
    ("pairs_started", gettext_lazy("Language-friend pairs started")),
    ("pairs_active", gettext_lazy("Language-friend pairs active at the end of the year")),
    ("pairs_ended", gettext_lazy("Language-friend pairs ended, by reason")),
    ("pairs_duration", gettext_lazy("Ended pairs, by months together")),
)
ROW_HEADINGS: dict[str, Any] = {
    "district": gettext_lazy("District"),
    "sni_section": gettext_lazy("SNI section"),
    "age_band": gettext_lazy("Age"),
    "years_in_sweden": gettext_lazy("Years in Sweden"),
    "work_status": gettext_lazy("Status"),
    "work_status_at_intake": gettext_lazy("Status at intake"),
    "referral_source": gettext_lazy("Found us through"),
    "language": gettext_lazy("Language"),
    "education_level": gettext_lazy("Education (SUN)"),
    "end_reason": gettext_lazy("Reason"),
    "months": gettext_lazy("Months"),
}


def money(amount: Decimal) -> str:
    """An amount as the report prints it: "624 240,00" (Swedish, a plain space)."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def _text(count: Count | None) -> str:
    return shown(count)


def _column_label(stat: PublishedStat, col: Any) -> str:
    if col == CAFES:
        return _("Cafés")
    if col == NEW:
        return _("New")
    if col == RETURNING:
        return _("Returning")
    return label(stat.col_dim, col)


def _row_label(stat: PublishedStat, row: Any) -> str:
    if not row:
        return _("Count")
    return ", ".join(
        label(dim, value, stat.names) for dim, value in zip(stat.row_dims, row, strict=True)
    )


def table_content(stat: PublishedStat, title: str) -> dict[str, Any]:
    """One published table as text: labelled columns (the total last), one row per row key
    with its total, and a last row of the column totals; every cell "12", "<5" or ".."."""
    table: SuppressedTable = stat.table
    columns = [_column_label(stat, col) for col in table.cols]
    has_row_totals = table.row_totals is not None
    if has_row_totals:
        columns.append(_("Total"))
    rows = []
    for row, counts, total in table.grid():
        cells = [_text(count) for count in counts]
        if has_row_totals:
            cells.append(_text(total))
        rows.append({"label": _row_label(stat, row), "cells": cells, "total_row": False})
    if table.col_totals is not None and len(table.rows) != 1:
        cells = [_text(table.col_totals[col]) for col in table.cols]
        if has_row_totals:
            cells.append(_text(table.grand_total))
        rows.append({"label": _("Total"), "cells": cells, "total_row": True})
    heading = ", ".join(str(ROW_HEADINGS.get(dim, dim)) for dim in stat.row_dims)
    return {
        "name": stat.name,
        "title": title,
        "row_heading": heading or "",
        "columns": columns,
        "rows": rows,
        "persons": stat.persons,
    }


def _grand(stat: PublishedStat) -> str:
    table = stat.table
    if table.grand_total is not None:
        return _text(table.grand_total)
    if table.row_totals is not None and len(table.rows) == 1:
        return _text(table.row_totals[table.rows[0]])
    return str(sum(count.value or 0 for count in table.cells.values()))


def _activities(stats: Mapping[str, PublishedStat], hours: Decimal) -> list[dict[str, str]]:
    """The year in a few numbers, each as published (a small count of persons as "<5")."""
    counts = [
        (_("Cafés held"), "cafes_held"),
        (_("Host companies"), "companies_by_sni"),
        (_("Participants (unique persons)"), "participants_by_age"),
        (_("Attendances at the cafés"), "attendances"),
        (_("Language friends recruited"), "friends_by_age"),
        (_("Pairs started"), "pairs_started"),
        (_("Pairs active at the end of the year"), "pairs_active"),
        (_("Pairs ended"), "pairs_ended"),
    ]
    items = [{"label": text, "value": _grand(stats[name])} for text, name in counts]
    return [*items, {"label": _("Volunteer hours at the cafés"), "value": money(hours)}]


def _is_empty(report: Report) -> bool:
    return not any(sum(stat.table.cells.values()) for stat in report.stats.values()) and not (
        report.sums.get("volunteer_hours")
    )


def _budget(partnership: Partnership, year: int) -> dict[str, Any]:
    """Budget against actual per line (vises.economy.selectors.year_actuals), as a table of
    the same shape as the statistics; not available for a year the agreement does not cover."""
    agreement = agreements.agreement_of(partnership=partnership)
    if agreement is None or year not in agreements.covered_years(agreement):
        return {
            "available": False,
            "text": _("The agreement does not cover %(year)d: there is no budget for it.")
            % {"year": year},
            "table": None,
        }
    actuals = year_actuals(partnership=partnership, year=year)
    payers = {MUNICIPALITY: pgettext("payer", "Municipality")}
    rows = [
        {
            "label": line.category,
            "cells": [
                payers.get(line.payer) or pgettext("payer", "Organisation"),
                money(line.budget),
                money(line.actual),
                money(line.difference),
            ],
            "total_row": False,
        }
        for line in actuals.lines
    ]
    for title, planned, actual in (
        (_("Municipality's share"), actuals.municipality_budget, actuals.municipality_actual),
        (_("Organisation's share"), actuals.organisation_minimum, actuals.organisation_actual),
        (_("Total"), actuals.budget_total, actuals.actual_total),
    ):
        rows.append(
            {
                "label": title,
                "cells": ["", money(planned), money(actual), money(actual - planned)],
                "total_row": True,
            }
        )
    text = _("Amounts in kronor. The volunteers' line includes %(hours)s hours at the cafés.") % {
        "hours": money(actuals.hours)
    }
    return {
        "available": True,
        "text": text,
        "table": {
            "name": "budget",
            "title": _("Budget and actual"),
            "row_heading": _("Line"),
            "columns": [_("Paid by"), _("Budget"), _("Actual"), _("Difference")],
            "rows": rows,
            "persons": False,
        },
    }


def narratives_content(texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """The narrative sections in order, each with its paragraphs (split on blank lines)."""
    sections = []
    for key, title in NARRATIVES:
        text = texts.get(key, "").strip()
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
        sections.append({"key": key, "title": str(title), "text": text, "paragraphs": paragraphs})
    return sections


def annual_content(
    *,
    partnership: Partnership,
    year: int,
    narratives: Mapping[str, str] | None = None,
    version: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The annual report of `partnership` for the calendar `year`, in Swedish, every table of
    persons suppressed as for the municipal role.

    Keys: title, partnership, year, period {start, end}, quote (the agreement's sentence),
    empty and empty_text (a year with no data says so), activities [{label, value}], tables
    [{name, title, row_heading, columns, rows [{label, cells, total_row}]}], budget
    {available, text, table}, narratives [{key, title, text, paragraphs}], charts [{name,
    title, svg (text, for the PDF), png (base64, for Word)}] of the suppressed tables (none for
    an empty year), version ({number, status, signoffs} or None).
    """
    with translation.override(settings.LANGUAGE_CODE):
        start, end = date(year, 1, 1), date(year, 12, 31)
        report = statistics(partnership=partnership, start=start, end=end)
        stats = published(report, suppressed=True).stats
        hours = report.sums.get("volunteer_hours", Decimal("0"))
        empty = _is_empty(report)
        return {
            "title": _("Annual report %(year)d") % {"year": year},
            "partnership": partnership.name,
            "year": year,
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "period_text": _("The calendar year %(year)d (%(start)s – %(end)s)")
            % {"year": year, "start": start.isoformat(), "end": end.isoformat()},
            "quote": AGREEMENT_QUOTE,
            "suppression_text": _(
                "Counts of 1–4 persons are shown as <5, and counts that would reveal them as "
                ".., so that no one can be singled out."
            ),
            "headings": {
                "activities": _("The year in numbers"),
                "tables": _("Tables"),
                "charts": _("Charts"),
                "budget": _("Budget and actual"),
                "signoffs": _("Sign-off"),
                "no_text": _("Not written yet."),
            },
            "empty": empty,
            "empty_text": _(
                "There is no data for %(year)d: no cafés, participants, language friends, pairs "
                "or volunteer hours are registered for the year."
            )
            % {"year": year}
            if empty
            else "",
            "activities": _activities(stats, hours),
            "tables": _tables(stats, report.targets),
            "budget": _budget(partnership, year),
            "narratives": narratives_content(narratives or {}),
            "charts": [] if empty else _charts(stats),
            "version": dict(version) if version is not None else None,
        }


def _tables(
    stats: Mapping[str, PublishedStat], targets: Mapping[tuple[str, str], int]
) -> list[dict[str, Any]]:
    """Every table in the report's order; the year's recruitment targets, when any are set,
    after the tables of language friends recruited."""
    tables = []
    for name, title in TABLE_TITLES:
        tables.append(table_content(stats[name], str(title)))
        if name == "friends_by_education" and targets:
            tables.append(targets_content(stats, targets))
    return tables


def targets_content(
    stats: Mapping[str, PublishedStat], targets: Mapping[tuple[str, str], int]
) -> dict[str, Any]:
    """The targets beside the friends recruited, read from the published tables (hidden there,
    hidden here, and then no "still to go")."""
    lines = against_targets({name: stat.table for name, stat in stats.items()}, targets)
    return {
        "name": "friends_against_targets",
        "title": _("Language friends recruited against the targets"),
        "row_heading": _("Group"),
        "columns": [_("Target"), _("Recruited"), _("Still to go")],
        "rows": [
            {
                "label": f"{line.dimension_label}: {line.label}",
                "cells": [
                    str(line.target),
                    _text(line.reached),
                    "–" if line.to_go is None else str(line.to_go),
                ],
                "total_row": False,
            }
            for line in lines
        ],
        "persons": True,
    }


def _charts(stats: Mapping[str, PublishedStat]) -> list[dict[str, str]]:
    """The dashboard's charts of the year (vises.reporting.dashboards.CHARTS), drawn from the
    suppressed tables: a hidden count has no bar, only its sign."""
    from vises.reporting.charts import chart_png, chart_svg
    from vises.reporting.dashboards import CHARTS

    charts = []
    for name, title in CHARTS.items():
        svg = chart_svg(stats[name], title=str(title)).decode()
        # The PDF inlines the SVG element itself: no XML declaration or DOCTYPE before it.
        svg = svg[svg.index("<svg") :]
        png = base64.b64encode(chart_png(stats[name], title=str(title))).decode()
        charts.append({"name": name, "title": str(title), "svg": svg, "png": png})
    return charts


def all_tables(content: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    """The statistics tables and, when there is one, the budget table."""
    tables = list(content["tables"])
    if content["budget"]["table"] is not None:
        tables.append(content["budget"]["table"])
    return tables
