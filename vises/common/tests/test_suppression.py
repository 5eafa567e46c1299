"""Small-cell suppression: hand-made tables with their exact pattern, and a property test that
no count shown as "<5" can be worked out from what is published beside it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from vises.common.suppression import (
    HIDDEN,
    SUPPRESSED,
    Count,
    Hidden,
    SuppressedTable,
    Table,
    _System,
    shown,
    suppress_periods,
    suppress_small,
    suppress_table,
)


def texts(table: SuppressedTable) -> list[list[str]]:
    """The table as printed: each row's cells and its total, then the column totals and grand."""
    printed = [
        [shown(c) for c in cells] + ([shown(total)] if total else [])
        for _, cells, total in table.grid()
    ]
    if table.col_totals is not None:
        printed.append(
            [shown(table.col_totals[c]) for c in table.cols] + [shown(table.grand_total)]
        )
    return printed


def grid(rows: list[list[int]], **flags: bool) -> Table:
    return Table(
        rows=list(range(len(rows))),
        cols=list(range(len(rows[0]))),
        cells={(i, j): v for i, row in enumerate(rows) for j, v in enumerate(row)},
        **flags,
    )


def test_a_lone_count():
    assert [suppress_small(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    assert SUPPRESSED == "<5"
    assert HIDDEN == ".."


def test_a_three_by_three_table_with_all_totals():
    table = Table(
        rows=["a", "b", "c"],
        cols=["x", "y", "z"],
        cells={
            ("a", "x"): 3, ("a", "y"): 10, ("a", "z"): 12,
            ("b", "x"): 7, ("b", "y"): 8, ("b", "z"): 20,
            ("c", "x"): 9, ("c", "y"): 0, ("c", "z"): 6,
        },
    )  # fmt: skip
    published = suppress_table(table)
    # 3 is small; row a then hides its smallest other count (10), column x its (7), and
    # column y its smallest count of 5 or more (8: a zero is never hidden).
    assert texts(published) == [
        ["<5", "..", "12", "25"],
        ["..", "..", "20", "35"],
        ["9", "0", "6", "15"],
        ["19", "18", "38", "75"],
    ]
    assert published.cells[("a", "x")] == Count(None, Hidden.SMALL)
    assert published.cells[("a", "y")] == Count(None, Hidden.SECONDARY)
    assert published.row_totals == {"a": Count(25), "b": Count(35), "c": Count(15)}
    assert_safe([published], [table])


def test_a_line_of_counts_with_its_total():
    table = Table.line({"kvinna": 3, "man": 12, "annat": 0, "uppgift saknas": 7})
    published = suppress_table(table)
    assert texts(published) == [["<5", "12", "0", "..", "22"]]
    assert published.records() == [
        {"row": (), "col": "kvinna", "count": None, "suppressed": True},
        {"row": (), "col": "man", "count": 12, "suppressed": False},
        {"row": (), "col": "annat", "count": 0, "suppressed": False},
        {"row": (), "col": "uppgift saknas", "count": None, "suppressed": True},
    ]


def test_a_line_without_its_total_hides_only_the_small_counts():
    published = suppress_table(Table.line({"kvinna": 3, "man": 12}, total=False))
    assert texts(published) == [["<5", "12"]]


def test_a_table_without_rows_is_published_with_zero_totals():
    # A period with nobody in it (no district, no language found) still has its columns.
    published = suppress_table(Table(rows=[], cols=["woman", "man"], cells={}))

    assert published.rows == []
    assert published.col_totals == {"woman": Count(value=0), "man": Count(value=0)}
    assert published.grand_total == Count(value=0)


def test_two_small_counts_that_add_up_to_eight_are_not_left_alone():
    # "<5", "<5", 20, total 28 would tell that both are 4: the 20 is hidden too.
    published = suppress_table(Table.line({"a": 4, "b": 4, "c": 20}))
    assert texts(published) == [["<5", "<5", "..", "28"]]
    without = _System([Table.line({"a": 4, "b": 4, "c": 20})], combined=False)
    assert texts(without.solve(secondary=False)[0]) == [["<5", "<5", "20", "28"]]


def test_only_small_counts_to_hide_are_shown_as_two_dots():
    # "<5" four times with the total "<5" would say they are all 1.
    published = suppress_table(Table.line({"a": 1, "b": 1, "c": 1, "d": 1, "e": 0}))
    assert texts(published) == [["..", "..", "..", "..", "0", ".."]]


def test_a_small_total_is_hidden_and_a_zero_shown():
    published = suppress_table(Table.line({"a": 2, "b": 0}))
    assert texts(published) == [["<5", "0", "<5"]]


def test_a_table_with_no_rows_is_published_empty():
    """A period with nothing to count (no pair ended, say) has columns but no rows."""
    empty = suppress_table(Table(rows=[], cols=["woman", "man"], cells={}))

    assert (empty.rows, empty.cols, empty.cells) == ([], ["woman", "man"], {})
    assert empty.grand_total is not None and empty.grand_total.value == 0


def test_two_periods_beside_each_other_with_their_sum():
    year_2024 = Table.line({"kvinna": 3, "man": 10})
    year_2025 = Table.line({"kvinna": 8, "man": 9})
    periods = suppress_periods([year_2024, year_2025])
    # 2024 hides 10 for its row; the two-year sum 11 with 2025's 8 would give away the 3, so
    # 2025 hides the 8, and then the 9 for its own row (its 10 is hidden in 2024's row).
    assert texts(periods.tables[0]) == [["<5", "..", "13"]]
    assert texts(periods.tables[1]) == [["..", "..", "17"]]
    assert texts(periods.combined) == [["11", "19", "30"]]
    assert suppress_table(year_2024, adjacent=[year_2025]) == periods.tables[0]
    assert texts(suppress_table(year_2025)) == [["8", "9", "17"]]
    assert_safe([*periods.tables, periods.combined], [year_2024, year_2025])


def test_periods_are_aligned_on_all_their_rows_and_columns():
    periods = suppress_periods([Table.line({"a": 6}), Table.line({"b": 7})])
    assert periods.tables[0].cols == ["a", "b"]
    assert texts(periods.tables[0]) == [["6", "0", "6"]]
    assert texts(periods.combined) == [["6", "7", "13"]]


def test_pivot_flattens_several_dimensions():
    table = Table.pivot(
        {
            ("kvinna", "18–29", "Centrum"): 6,
            ("man", "18–29", "Centrum"): 2,
            ("kvinna", "30–49", "Ryd"): 9,
        },
        col=0,
        cols=["kvinna", "man", "annat"],
    )
    assert table.rows == [("18–29", "Centrum"), ("30–49", "Ryd")]
    assert table.cols == ["kvinna", "man", "annat"]
    assert table.count(("30–49", "Ryd"), "annat") == 0
    # The 2 hides its row's 6, the 6 the 9 below it; the 9 is alone among zeros, so its row
    # total goes, then the other row total (8) and the column total 15 beside the hidden 2.
    assert texts(suppress_table(table)) == [
        ["..", "<5", "0", ".."],
        ["..", "0", "0", ".."],
        ["..", "<5", "0", "17"],
    ]


def test_bad_tables_are_refused():
    with pytest.raises(ValueError, match="not a count"):
        Table.line({"a": -1})
    with pytest.raises(ValueError, match="outside"):
        Table(rows=["a"], cols=["x"], cells={("b", "x"): 1})
    with pytest.raises(ValueError, match="same totals"):
        suppress_periods([Table.line({"a": 1}), Table.line({"a": 1}, total=False)])


# The property test. Its model of what a reader knows is built here from the published tables
# alone (not from the module's own lines), so the test checks the module rather than itself.


def lines_of(tables: list[SuppressedTable]) -> list[tuple[list[Any], list[Any]]]:
    """Every sum a reader sees, as (entries that add up, entries they add up to); an entry is
    (table number, kind, key). The last table is the sum of the others when there are several."""
    lines: list[tuple[list[Any], list[Any]]] = []
    for n, t in enumerate(tables):
        if t.row_totals is not None:
            lines += [([(n, "cell", (r, c)) for c in t.cols], [(n, "row", r)]) for r in t.rows]
        if t.col_totals is not None:
            lines += [([(n, "cell", (r, c)) for r in t.rows], [(n, "col", c)]) for c in t.cols]
        rows = [(n, "row", r) for r in t.rows] if t.row_totals is not None else None
        cols = [(n, "col", c) for c in t.cols] if t.col_totals is not None else None
        if t.grand_total is not None:
            cells = [(n, "cell", k) for k in t.cells]
            lines += [(side, [(n, "grand", None)]) for side in (rows, cols) if side] or [
                (cells, [(n, "grand", None)])
            ]
        elif rows and cols:
            lines.append((rows, cols))
    if len(tables) > 1:
        last = len(tables) - 1
        for (_, kind, key), _count in entries_of(tables[last], last):
            lines.append(([(n, kind, key) for n in range(last)], [(last, kind, key)]))
    return lines


def entries_of(t: SuppressedTable, n: int) -> list[tuple[tuple[int, str, Any], Count]]:
    found = [((n, "cell", k), c) for k, c in t.cells.items()]
    found += [((n, "row", k), c) for k, c in (t.row_totals or {}).items()]
    found += [((n, "col", k), c) for k, c in (t.col_totals or {}).items()]
    return found + ([((n, "grand", None), t.grand_total)] if t.grand_total else [])


def reader_range(tables: list[SuppressedTable], entry: Any, true: list[Table]) -> tuple[int, int]:
    """The least and the greatest value of a hidden entry a reader finds possible: whole
    numbers >= 0, "<5" is 1–4, ".." is 1 or more, and every sum holds."""
    counts = dict(e for n, t in enumerate(tables) for e in entries_of(t, n))
    hidden = [e for e, c in counts.items() if c.suppressed]
    at = {e: i for i, e in enumerate(hidden)}
    rows, rhs = [], []
    for plus, minus in lines_of(tables):
        row, known = np.zeros(len(hidden)), 0
        for sign, side in ((1, plus), (-1, minus)):
            for e in side:
                if counts[e].suppressed:
                    row[at[e]] += sign
                else:
                    value = counts[e].value
                    assert value is not None  # noqa: S101 - published entries carry a value
                    known += sign * value
        rows.append(row)
        rhs.append(-known)
    small = [counts[e].hidden is Hidden.SMALL for e in hidden]
    ceiling = 10_000  # above every true count of these small tables (at most 3 × 16 × 30)
    bounds = Bounds([1] * len(hidden), [4 if s else ceiling for s in small])
    ends = []
    for sign in (1, -1):
        objective = np.zeros(len(hidden))
        objective[at[entry]] = sign
        result = milp(
            objective,
            constraints=[LinearConstraint(np.array(rows), rhs, rhs)] if rows else [],
            bounds=bounds,
            integrality=np.ones(len(hidden)),
        )
        assert result.status == 0, result.message
        ends.append(round(result.x[at[entry]]))
    return ends[0], ends[1]


def leaks(published: list[SuppressedTable], true: list[Table]) -> list[str]:
    """What is wrong with a published set of tables: an empty list when it is safe."""
    wrong = []
    truth: list[Table | None] = [*true] if len(true) == 1 else [*true, None]
    for n, t in enumerate(published):
        for entry, count in entries_of(t, n):
            if count.value is not None and 0 < count.value < 5:
                wrong.append(f"{entry} published as {count.value}")
    counts = dict(e for n, t in enumerate(published) for e in entries_of(t, n))
    for plus, minus in lines_of(published):
        if sum(counts[e].suppressed for e in plus + minus) == 1:
            wrong.append(f"the line {plus} = {minus} has one hidden entry")
    for entry, count in counts.items():
        if count.suppressed and true_value(true, entry) < 5:
            low, high = reader_range(published, entry, true)
            if low == high:
                wrong.append(f"{entry} can be worked out: {low}")
            n, kind, key = entry
            table = truth[n]
            if kind == "cell" and table is not None:
                assert low <= table.count(*key) <= high
    return wrong


def assert_safe(published: list[SuppressedTable], true: list[Table]) -> None:
    assert leaks(published, true) == []


counts = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(0, 30))


@st.composite
def tables(draw: st.DrawFn, periods: int = 1) -> list[Table]:
    n_rows, n_cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    flags = {name: draw(st.booleans()) for name in ("row_totals", "col_totals", "grand_total")}
    return [
        Table(
            rows=list(range(n_rows)),
            cols=list(range(n_cols)),
            cells={(i, j): draw(counts) for i in range(n_rows) for j in range(n_cols)},
            **flags,
        )
        for _ in range(periods)
    ]


some_tables = st.one_of(tables(1), tables(2), tables(3))
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def published_of(true: list[Table], *, secondary: bool = True) -> list[SuppressedTable]:
    return _System(true, combined=len(true) > 1).solve(secondary=secondary)


@PROPERTY
@given(some_tables)
def test_no_small_count_is_published_or_can_be_worked_out(true):
    published = published_of(true)
    if len(true) == 1:
        assert published == [suppress_table(true[0])]
    else:
        periods = suppress_periods(true)
        assert published == [*periods.tables, periods.combined]
    assert leaks(published, true) == []


def true_value(true: list[Table], entry: Any) -> int:
    n, kind, key = entry
    periods = true if n == len(true) else [true[n]]  # the last published table is the sum
    cells = [(k, v) for t in periods for k, v in t.cells.items()]
    if kind == "cell":
        return sum(v for k, v in cells if k == key)
    if kind == "row":
        return sum(v for (r, _), v in cells if r == key)
    if kind == "col":
        return sum(v for (_, c), v in cells if c == key)
    return sum(v for _, v in cells)


@PROPERTY
@given(some_tables)
def test_counts_of_one_to_four_are_hidden_and_zeros_shown(true):
    for n, table in enumerate(published_of(true)):
        for entry, count in entries_of(table, n):
            value = true_value(true, entry)
            assert count.hidden is not Hidden.SMALL or 0 < value < 5
            assert count.suppressed or not 0 < value < 5
            assert not count.suppressed or value > 0
            assert count.value in (None, value)


def test_without_secondary_suppression_a_small_count_can_be_worked_out():
    # The property test has teeth: with primary suppression only it finds a leaking table.
    found = find(
        some_tables,
        lambda true: bool(leaks(published_of(true, secondary=False), true)),
        settings=settings(max_examples=500, database=None, suppress_health_check=list(HealthCheck)),
    )
    assert leaks(published_of(found), found) == []
