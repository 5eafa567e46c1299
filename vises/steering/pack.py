"""The meeting pack: what the steering group reads before a meeting, as one PDF (the shared
renderer, vises.common.pdf). It is shared with the municipal member, so every count of persons
is suppressed (vises.reporting.statistics.published(…, suppressed=True); the balance tables
through vises.common.suppression) and nobody is named: action items show the owner, a staff
member of the group, never a person in the register.

* key figures from the day after the previous meeting up to the meeting's day (today, when the
  meeting is still to come);
* the open action items;
* the budget against actual of the meeting's year (vises.economy.selectors.year_actuals);
* the balance of the language-friend pool today (vises.matching.selectors.balance).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises.common.pdf import pdf_render
from vises.common.suppression import Count, SuppressedTable, Table, shown, suppress_table
from vises.economy.selectors import year_actuals
from vises.matching.selectors.balance import balance_report, balance_rows
from vises.matching.selectors.pool import waiting_pool
from vises.matching.selectors.targets import targets_in
from vises.reporting.dashboards import dashboard
from vises.reporting.statistics import (
    GENDERS,
    TARGET_TABLES,
    TargetLine,
    label,
    published,
    statistics,
)
from vises.steering import selectors
from vises.steering.models import SteeringMeeting

# The key figures: (table of vises.reporting.statistics, what it counts).
FIGURES = (
    ("participants_by_age", gettext_lazy("participants at cafés")),
    ("attendances", gettext_lazy("attendances at cafés")),
    ("friends_by_age", gettext_lazy("new language friends")),
    ("pairs_started", gettext_lazy("pairs started")),
    ("pairs_active", gettext_lazy("pairs active at the end of the period")),
    ("pairs_ended", gettext_lazy("pairs ended")),
)
BALANCE_DIMENSIONS = (
    ("gender", gettext_lazy("Gender")),
    ("age", gettext_lazy("Age")),
    ("education", gettext_lazy("Education")),
    ("language", gettext_lazy("Language (a person counts once for every language)")),
)
WAITING, FRIENDS = "waiting", "friends"


@dataclass(frozen=True)
class Figure:
    label: str
    by_gender: list[str]
    total: str


@dataclass(frozen=True)
class BalanceTable:
    label: str
    rows: list[tuple[str, str, str]]  # group, participants waiting, language friends with room
    totals: tuple[str, str] | None


def pack_period(meeting: SteeringMeeting, today: date | None = None) -> tuple[date, date]:
    """From the day after the previous meeting (1 January of the meeting's year when there
    is none) to the meeting's day, or today when the meeting is still to come."""
    today = today or timezone.localdate()
    day = timezone.localdate(meeting.starts_at)
    previous = selectors.previous_meeting(meeting=meeting)
    start = (
        timezone.localdate(previous.starts_at) + timedelta(days=1)
        if previous is not None
        else date(day.year, 1, 1)
    )
    end = min(day, today)
    return min(start, end), end


def _count(count: Count | None) -> str:
    return shown(count) if count is not None else "0"


def key_figures(meeting: SteeringMeeting, start: date, end: date) -> tuple[list[Figure], Any]:
    report = published(
        statistics(partnership=meeting.partnership, start=start, end=end), suppressed=True
    )
    figures = []
    cafes = report.stats["cafes_held"].table
    figures.append(Figure(str(_("cafés held")), [], _count(cafes.grand_total)))
    for name, text in FIGURES:
        table = report.stats[name].table
        col_totals = table.col_totals or {}
        figures.append(
            Figure(
                str(text),
                [_count(col_totals.get(gender)) for gender in GENDERS],
                _count(table.grand_total),
            )
        )
    return figures, report.sums.get("volunteer_hours")


def _balance_table(title: str, rows: list[Any], *, totals: bool) -> BalanceTable:
    groups = [row.group for row in rows]
    table = Table(
        rows=groups,
        cols=[WAITING, FRIENDS],
        cells={
            **{(row.group, WAITING): row.waiting for row in rows},
            **{(row.group, FRIENDS): row.friends for row in rows},
        },
        row_totals=False,
        col_totals=totals,
        grand_total=False,
    )
    published_table: SuppressedTable = suppress_table(table)
    col_totals = published_table.col_totals
    return BalanceTable(
        title,
        [
            (str(group), shown(counts[0]), shown(counts[1]))
            for group, counts, _total in published_table.grid()
        ],
        (shown(col_totals[WAITING]), shown(col_totals[FRIENDS])) if col_totals else None,
    )


def balance(meeting: SteeringMeeting) -> list[BalanceTable]:
    """The waiting pool today per gender, age band, education and language: participants
    waiting and language friends with room, small counts suppressed. Each person is in one
    group of gender, age and education (so those tables show the pool's totals); a person
    speaking several languages counts in each, so that table shows no totals."""
    report = balance_report(pool=waiting_pool(partnership=meeting.partnership), proposals=[])
    rows = balance_rows(report)
    return [
        _balance_table(str(title), rows[dim], totals=dim != "language")
        for dim, title in BALANCE_DIMENSIONS
        if rows[dim]
    ]


def pack_context(*, meeting: SteeringMeeting, today: date | None = None) -> dict[str, Any]:
    start, end = pack_period(meeting, today)
    figures, hours = key_figures(meeting, start, end)
    year = timezone.localdate(meeting.starts_at).year
    return {
        "meeting": meeting,
        "start": start,
        "end": end,
        "figures": figures,
        "genders": [label("gender", gender) for gender in GENDERS],
        "volunteer_hours": hours,
        "actions": list(selectors.open_actions(partnership=meeting.partnership)),
        "year": year,
        "actuals": year_actuals(partnership=meeting.partnership, year=year),
        "balance": balance(meeting),
        "targets": targets(meeting, year),
    }


def targets(meeting: SteeringMeeting, year: int) -> list[TargetLine]:
    """The year's recruitment targets beside the language friends recruited from 1 January
    to the meeting's day, suppressed as the statistics are for the municipal role."""
    if not targets_in(partnership=meeting.partnership, year=year):
        return []
    start = date(year, 1, 1)
    end = max(start, min(timezone.localdate(meeting.starts_at), date(year, 12, 31)))
    board = dashboard(
        partnership=meeting.partnership,
        start=start,
        end=end,
        suppressed=True,
        names=tuple(dict.fromkeys(name for name, _axis in TARGET_TABLES.values())),
    )
    return board.targets


def pack_pdf(*, meeting: SteeringMeeting, today: date | None = None) -> bytes:
    """The meeting pack as PDF bytes, in the active language."""
    return pdf_render("steering/pack_pdf.html", pack_context(meeting=meeting, today=today))
