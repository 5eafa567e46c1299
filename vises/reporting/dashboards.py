"""The statistics dashboards' reads: a period's tables beside the same period a year earlier
(issue 12, point 4; docs/statistics.md, "The dashboards").

`dashboard(partnership=…, start=…, end=…, suppressed=…)` gives both periods published the
way they may be shown. Suppressed (the municipal role, every download), each table of persons
and its previous-year table go through `suppress_periods` together, so that neither can be
worked out from the other (docs/privacy.md, section 7); exact, both are aligned on the same
rows. Sixteen queries (the statistics service twice), whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vises.common.suppression import Count, SuppressedTable, Table, suppress_periods
from vises.partnerships.models import Partnership
from vises.reporting.statistics import (
    TARGET_TABLES,
    PublishedStat,
    Report,
    Stat,
    TargetLine,
    against_targets,
    exact,
    label,
    statistics,
)

# The tables in the order the dashboard shows them, with their captions.
TITLES: dict[str, Promise] = {
    "cafes_held": _("Cafés held, by district"),
    "companies_by_sni": _("Host companies, by industry (SNI), new or returning"),
    "participants_by_age": _("Participants, by age"),
    "attendances": _("Attendances at the cafés"),
    "participants_by_district": _("Participants, by district"),
    "participants_by_years_in_sweden": _("Participants, by years in Sweden"),
    "outcomes_at_intake": _("Participants, by status towards work or studies at intake"),
    "outcomes": _("Participants, by status towards work or studies now"),
    "referral_sources": _("Participants, by how they found us"),
    "friends_by_age": _("Language friends recruited, by age"),
    "friends_by_language": _("Language friends recruited, by language"),
    "friends_by_education": _("Language friends recruited, by education"),
    "pairs_started": _("Pairs started"),
    "pairs_active": _("Pairs active at the period's end"),
    "pairs_ended": _("Pairs ended, by reason"),
    "pairs_duration": _("Pairs ended, by months together"),
}
# The tables drawn as a chart too (bars by gender, the period beside the previous one).
CHARTS: dict[str, Promise] = {
    "participants_by_age": _("Participants by gender"),
    "attendances": _("Attendances by gender"),
    "friends_by_age": _("Language friends recruited by gender"),
    "pairs_started": _("Pairs started by the participant's gender"),
}
DIMENSION_TITLES: dict[str, Promise] = {
    "district": _("District"),
    "sni_section": _("SNI section"),
    "age_band": _("Age"),
    "years_in_sweden": _("Years in Sweden"),
    "work_status": _("Status"),
    "work_status_at_intake": _("Status at intake"),
    "referral_source": _("How they found us"),
    "language": _("Language"),
    "education_level": _("Education (SUN)"),
    "end_reason": _("Reason"),
    "months": _("Months"),
}


def previous_year(start: date, end: date) -> tuple[date, date]:
    """The same days a year earlier (29 February becomes the 28th)."""

    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return back(start), back(end)


def period_text(start: date, end: date) -> str:
    """ "2025" for a calendar year, else "2025-01-01 – 2025-06-30"."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()} – {end.isoformat()}"


def this_year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


def last_year(today: date) -> tuple[date, date]:
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


@dataclass(frozen=True)
class Side:
    """One table of one period as it may be shown."""

    start: date
    end: date
    table: SuppressedTable

    @property
    def text(self) -> str:
        return period_text(self.start, self.end)


@dataclass(frozen=True)
class Shown:
    """One table of the dashboard: the period and the previous year, published together."""

    name: str
    title: str
    row_dims: tuple[str, ...]
    col_dim: str
    persons: bool
    current: Side
    previous: Side
    chart: str | None = None  # the chart's title when the table is drawn too
    names: Mapping[Hashable, str] = field(default_factory=dict)  # coded values' names

    def stat(self, side: Side) -> PublishedStat:
        """The side as a PublishedStat (what `charts.chart_svg` draws)."""
        return PublishedStat(
            name=self.name,
            row_dims=self.row_dims,
            col_dim=self.col_dim,
            table=side.table,
            persons=self.persons,
            names=self.names,
        )

    @property
    def row_heading(self) -> str:
        if not self.row_dims:
            return ""
        return " / ".join(str(DIMENSION_TITLES.get(d, d)) for d in self.row_dims)

    def row_label(self, row: Hashable) -> str:
        """A row's heading; a row key is the tuple of its dimensions' values."""
        if not self.row_dims or not isinstance(row, tuple):
            return str(_("Number"))
        return " / ".join(label(d, v, self.names) for d, v in zip(self.row_dims, row, strict=True))

    def col_label(self, col: Hashable) -> str:
        return label(self.col_dim, col)

    @property
    def headers(self) -> list[str]:
        """The column headings (the table's own, then "Total" when rows have totals)."""
        headings = [self.col_label(col) for col in self.current.table.cols]
        if self.current.table.row_totals is not None:
            headings.append(str(_("Total")))
        return headings

    def lines(self, side: Side) -> list[tuple[str, list[Count]]]:
        """The side's rows: the row's label and its counts (with the row total), then the
        totals row when the table shows column totals."""
        table = side.table
        lines = [
            (self.row_label(row), [*counts, *([total] if total is not None else [])])
            for row, counts, total in table.grid()
        ]
        if table.col_totals is not None and len(table.rows) > 1:
            totals = [table.col_totals[col] for col in table.cols]
            if table.grand_total is not None and table.row_totals is not None:
                totals.append(table.grand_total)
            lines.append((str(_("Total")), totals))
        return lines

    def labelled(self, side: Side) -> list[tuple[str, list[tuple[str, Count]]]]:
        """The side's rows with each count beside its column heading (the page's cells carry
        it for narrow screens, where the header row is hidden)."""
        return [
            (row_label, list(zip(self.headers, counts, strict=True)))
            for row_label, counts in self.lines(side)
        ]

    @property
    def current_lines(self) -> list[tuple[str, list[tuple[str, Count]]]]:
        return self.labelled(self.current)

    @property
    def previous_lines(self) -> list[tuple[str, list[tuple[str, Count]]]]:
        return self.labelled(self.previous)


@dataclass(frozen=True)
class Dashboard:
    start: date
    end: date
    previous_start: date
    previous_end: date
    suppressed: bool
    tables: list[Shown]
    sums: dict[str, Decimal]
    previous_sums: dict[str, Decimal]
    # The period's recruitment targets beside the friends recruited, read from the tables
    # shown (suppressed with them); empty when no target is set or the period spans years.
    targets: list[TargetLine] = field(default_factory=list)

    @property
    def targets_year(self) -> int | None:
        return self.start.year if self.start.year == self.end.year else None

    def table(self, name: str) -> Shown:
        return next(shown for shown in self.tables if shown.name == name)


def _aligned(table: Table, rows: list[Hashable], cols: list[Hashable]) -> Table:
    return Table(
        rows=rows,
        cols=cols,
        cells=dict(table.cells),
        row_totals=table.row_totals,
        col_totals=table.col_totals,
        grand_total=table.grand_total,
    )


def _beside(now: Stat, before: Stat, *, suppressed: bool) -> tuple[SuppressedTable, ...]:
    if suppressed and now.persons:
        return tuple(suppress_periods([now.table, before.table]).tables)
    rows = list(dict.fromkeys([*now.table.rows, *before.table.rows]))
    cols = list(dict.fromkeys([*now.table.cols, *before.table.cols]))
    return exact(_aligned(now.table, rows, cols)), exact(_aligned(before.table, rows, cols))


def dashboard(
    *,
    partnership: Partnership,
    start: date,
    end: date,
    suppressed: bool,
    names: tuple[str, ...] | None = None,
) -> Dashboard:
    """The period's tables (`names`, or all in TITLES' order) beside the previous year's.

    `suppressed` True for the municipal role and every download. Raises ValidationError
    ("Perioden slutar innan den börjar.") when `end` is before `start`.
    """
    previous_start, previous_end = previous_year(start, end)
    now: Report = statistics(partnership=partnership, start=start, end=end)
    before = statistics(partnership=partnership, start=previous_start, end=previous_end)
    tables = []
    for name in names or tuple(TITLES):
        stat = now.stats[name]
        current, previous = _beside(stat, before.stats[name], suppressed=suppressed)
        tables.append(
            Shown(
                name=name,
                title=str(TITLES[name]),
                row_dims=stat.row_dims,
                col_dim=stat.col_dim,
                persons=stat.persons,
                current=Side(start, end, current),
                previous=Side(previous_start, previous_end, previous),
                chart=str(CHARTS[name]) if name in CHARTS else None,
                names={**before.stats[name].names, **stat.names},
            )
        )
    shown = {table.name: table.current.table for table in tables}
    needed = {name for name, _axis in TARGET_TABLES.values()}
    return Dashboard(
        targets=against_targets(shown, now.targets) if needed <= shown.keys() else [],
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        suppressed=suppressed,
        tables=tables,
        sums=dict(now.sums),
        previous_sums=dict(before.sums),
    )
