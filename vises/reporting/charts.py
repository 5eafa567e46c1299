"""Charts of published statistics, drawn on the server as SVG (issue 12, point 4).

`chart_svg(stat, previous=None, title=…)` (and `chart_png`, for a Word document) draws a
table's totals as bars — by gender for a table of persons — with the previous period's bars
beside them. It draws what it is given: a suppressed table gives bars only for the numbers
shown, with "<5" or ".." written where a count is hidden, so a chart never shows more than its
table. The page serves the SVG as an
image (`<img>`: the strict Content-Security-Policy forbids the styles of an inline SVG) next
to the table screen readers read.

The SVG is deterministic (no date, fixed ids) and keeps its labels as text, so the browser
shapes them (Arabic too). matplotlib is imported here, on first use, not when Django starts.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Sequence
from typing import Any

from vises.common.suppression import Count, shown
from vises.reporting.statistics import PublishedStat, label

# Dark blue and dark grey (hatched, so the colour is not the only difference): both have a
# contrast of more than 7:1 on white.
CURRENT_COLOUR = "#1d4f7c"
PREVIOUS_COLOUR = "#555555"
TEXT_COLOUR = "#1a1a1a"
SETTINGS: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "vises-statistics",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "text.parse_math": False,  # a "$" in a label is a dollar sign, not mathematics
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}


def bars(stat: PublishedStat) -> list[tuple[Hashable, Count]]:
    """What the chart draws: the column totals (by gender for a table of persons), or the row
    totals of a table with a single column."""
    table = stat.table
    if len(table.cols) == 1 and table.row_totals is not None:
        return [(row, table.row_totals[row]) for row in table.rows]
    if table.col_totals is not None:
        return [(col, table.col_totals[col]) for col in table.cols]
    return [(col, table.cells[(table.rows[0], col)]) for col in table.cols] if table.rows else []


def _heading(stat: PublishedStat, key: Hashable) -> str:
    if len(stat.table.cols) == 1:
        if not stat.row_dims or not isinstance(key, tuple):
            return str(key)
        return " / ".join(label(d, v, stat.names) for d, v in zip(stat.row_dims, key, strict=True))
    return label(stat.col_dim, key)


def chart_svg(
    stat: PublishedStat,
    previous: PublishedStat | None = None,
    *,
    title: str,
    legend: Sequence[str] = (),
) -> bytes:
    """The stat's totals as a bar chart in SVG, beside `previous` (the same table of an
    earlier period, published with it) when given. `legend` names the periods (the current
    first). Hidden counts have no bar and their sign ("<5", "..") as the bar's label."""
    return _chart(stat, previous, title=title, legend=legend, fmt="svg")


def chart_png(
    stat: PublishedStat,
    previous: PublishedStat | None = None,
    *,
    title: str,
    legend: Sequence[str] = (),
) -> bytes:
    """The same chart as a PNG (150 dpi), for a Word document, which takes no SVG."""
    return _chart(stat, previous, title=title, legend=legend, fmt="png")


def _chart(
    stat: PublishedStat,
    previous: PublishedStat | None,
    *,
    title: str,
    legend: Sequence[str],
    fmt: str,
) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    current = bars(stat)
    keys = [key for key, _count in current]
    series = [(current, CURRENT_COLOUR, "")]
    if previous is not None:
        earlier = dict(bars(previous))
        series.append(([(k, earlier.get(k, Count(0))) for k in keys], PREVIOUS_COLOUR, "//"))
    width = 0.8 / len(series)
    with matplotlib.rc_context(SETTINGS):  # type: ignore[arg-type]
        figure = Figure(figsize=(6.4, 3.6))
        axes = figure.add_subplot()
        for number, (values, colour, hatch) in enumerate(series):
            positions = [i + (number - (len(series) - 1) / 2) * width for i in range(len(keys))]
            heights = [count.value or 0 for _key, count in values]
            drawn = axes.bar(
                positions,
                heights,
                width,
                color=colour if not hatch else "white",
                edgecolor=colour,
                hatch=hatch,
                label=legend[number] if number < len(legend) else None,
            )
            axes.bar_label(drawn, labels=[shown(count) for _key, count in values], padding=2)
        axes.set_xticks(range(len(keys)), [_heading(stat, key) for key in keys])
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers
        axes.margins(y=0.15)
        tallest = max(
            (count.value or 0 for values, *_ in series for _k, count in values), default=0
        )
        axes.set_ylim(0, tallest * 1.15 if tallest else 1)  # no axis below 0, also with no bars
        if legend:
            axes.legend(frameon=False)
        figure.tight_layout()
        output = io.BytesIO()
        if fmt == "svg":
            figure.savefig(output, format="svg", metadata={"Date": None})
        else:
            figure.savefig(output, format="png", dpi=150, metadata={"Software": None})
    return output.getvalue()
