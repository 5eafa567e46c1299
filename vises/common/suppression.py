"""Small-cell suppression for everything counted for the municipality (DESIGN §6).

Person counts from 1 to 4 are shown as "<5" so that no individual can be singled out, and
further counts are hidden ("..") so that no hidden count can be worked out from the totals
shown beside it. docs/privacy.md, section 7, describes the rules; this module is the one place
that applies them:

* `suppress_small(count)` for a lone count with no total beside it;
* `suppress_table(table)` for a table with its totals, and `suppress_periods(tables)` for the
  tables of several periods shown beside each other with their cell-by-cell sum.

The guarantee, checked after the rules have run and proved by the property test
(vises/common/tests/test_suppression.py): someone who knows every published number, how the
totals add up, that "<5" means 1–4, that ".." means 1 or more and that every count is a whole
number >= 0 still finds at least two possible values for every hidden count of 1–4.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

SMALL_CELL_LIMIT = 5
SUPPRESSED = f"<{SMALL_CELL_LIMIT}"
# Statistics Sweden's sign for "cannot be shown": a hidden count of 1 or more (a zero is shown).
HIDDEN = ".."


def suppress_small(count: int) -> str:
    """The count as shown to the municipality: "<5" for 1–4, the number otherwise."""
    return SUPPRESSED if 0 < count < SMALL_CELL_LIMIT else str(count)


class Hidden(enum.Enum):
    SMALL = "small"  # a count of 1–4 (primary suppression), shown as "<5"
    SECONDARY = "secondary"  # hidden to protect a small count, shown as ".." (1 or more)


@dataclass(frozen=True)
class Table:
    """Counts of persons: rows × columns, each cell a whole number >= 0 (missing cells are 0).

    A 1-D table is one row (`Table.line`); a table of several dimensions is flattened to rows ×
    columns, e.g. gender columns × (age band, district) rows (`Table.pivot`). The flags say which
    totals are shown beside the cells; a total is always the true sum of the true counts.
    """

    rows: Sequence[Hashable]
    cols: Sequence[Hashable]
    cells: Mapping[tuple[Any, Any], int]
    row_totals: bool = True
    col_totals: bool = True
    grand_total: bool = True

    def __post_init__(self) -> None:
        if len(set(self.rows)) != len(self.rows) or len(set(self.cols)) != len(self.cols):
            raise ValueError("row and column keys must be unique")
        known_rows, known_cols = set(self.rows), set(self.cols)
        for (row, col), count in self.cells.items():
            if row not in known_rows or col not in known_cols:
                raise ValueError(f"cell {(row, col)!r} is outside the rows and columns")
            if not isinstance(count, int) or count < 0:
                raise ValueError(f"cell {(row, col)!r} is not a count: {count!r}")

    def count(self, row: Hashable, col: Hashable) -> int:
        return self.cells.get((row, col), 0)

    @classmethod
    def line(cls, counts: Mapping[Any, int], *, total: bool = True) -> Table:
        """A 1-D table: one row of `counts` (key -> count), with its total or not."""
        return cls(
            rows=[()],
            cols=list(counts),
            cells={((), col): count for col, count in counts.items()},
            row_totals=total,
            col_totals=False,
            grand_total=False,
        )

    @classmethod
    def pivot(
        cls,
        counts: Mapping[tuple[Any, ...], int],
        *,
        col: int,
        cols: Sequence[Hashable] | None = None,
        **totals: bool,
    ) -> Table:
        """A table from counts keyed by a tuple of dimension values: the value at position `col`
        becomes the column key, the rest (as a tuple) the row key. `cols` fixes the column order
        (e.g. every gender, also one nobody has); rows keep the order they first appear in."""
        rows: dict[tuple[Any, ...], None] = {}
        found: dict[Any, None] = dict.fromkeys(cols or ())
        cells: dict[tuple[Any, Any], int] = {}
        for key, count in counts.items():
            row_key, col_key = key[:col] + key[col + 1 :], key[col]
            rows.setdefault(row_key)
            found.setdefault(col_key)
            cells[(row_key, col_key)] = cells.get((row_key, col_key), 0) + count
        return cls(rows=list(rows), cols=list(found), cells=cells, **totals)


@dataclass(frozen=True)
class Count:
    """One published number: `value` is None when hidden, and `hidden` says why."""

    value: int | None
    hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None


def shown(count: Count | None) -> str:
    """The text of a count in a table, CSV or report: the number, "<5" or ".."; "" for none."""
    if count is None:
        return ""
    if count.hidden is Hidden.SMALL:
        return SUPPRESSED
    if count.hidden is Hidden.SECONDARY:
        return HIDDEN
    return str(count.value)


@dataclass(frozen=True)
class SuppressedTable:
    """A table as it may be published. The totals are None when the table does not show them."""

    rows: list[Hashable]
    cols: list[Hashable]
    cells: dict[tuple[Any, Any], Count]
    row_totals: dict[Any, Count] | None
    col_totals: dict[Any, Count] | None
    grand_total: Count | None

    def grid(self) -> list[tuple[Hashable, list[Count], Count | None]]:
        """Rows for a template or CSV: (row key, the row's counts in column order, row total)."""
        return [
            (
                row,
                [self.cells[(row, col)] for col in self.cols],
                self.row_totals[row] if self.row_totals is not None else None,
            )
            for row in self.rows
        ]

    def records(self) -> list[dict[str, Any]]:
        """One dict per cell for the API: row, col, count (None when hidden) and suppressed."""
        return [
            {"row": row, "col": col, "count": count.value, "suppressed": count.suppressed}
            for (row, col), count in ((key, self.cells[key]) for key in self._keys())
        ]

    def _keys(self) -> Iterable[tuple[Any, Any]]:
        return ((row, col) for row in self.rows for col in self.cols)


@dataclass(frozen=True)
class Periods:
    """Tables of periods shown beside each other, and their cell-by-cell sum (`combined`)."""

    tables: list[SuppressedTable]
    combined: SuppressedTable


def suppress_table(table: Table, *, adjacent: Sequence[Table] = ()) -> SuppressedTable:
    """`table` as it may be published: small counts and whatever would reveal them hidden.

    `adjacent`: the tables of the neighbouring periods shown beside it together with the
    cell-by-cell sum over the periods; the pattern then protects the sums too. To publish the
    neighbours and the sum, use `suppress_periods`, which gives all of them.
    """
    if adjacent:
        return suppress_periods([table, *adjacent]).tables[0]
    return _System([table], combined=False).solve(secondary=True)[0]


def suppress_periods(tables: Sequence[Table]) -> Periods:
    """Tables of several periods with the same totals flags, shown beside each other with
    their sum (cell by cell and total by total), suppressed together. The tables are aligned on
    the union of their rows and columns (a missing cell counts 0)."""
    if len(tables) < 2:
        raise ValueError("suppress_periods needs at least two periods")
    *periods, combined = _System(tables, combined=True).solve(secondary=True)
    return Periods(tables=periods, combined=combined)


# An entry is a cell or a total of one table of the system: (table index, kind, key).
_CELL, _ROW, _COL, _GRAND = "cell", "row", "col", "grand"


@dataclass
class _System:
    """The published numbers of one or several tables and the sums that tie them together."""

    tables: Sequence[Table]
    combined: bool
    entries: list[tuple[int, str, Any]] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    # Each line says sum(plus) == sum(minus): knowing all of its entries but one reveals it.
    lines: list[tuple[list[int], list[int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.tables[0]
        flags = (first.row_totals, first.col_totals, first.grand_total)
        if any((t.row_totals, t.col_totals, t.grand_total) != flags for t in self.tables):
            raise ValueError("tables shown beside each other must show the same totals")
        if len(self.tables) == 1:
            self.rows, self.cols = list(first.rows), list(first.cols)
        else:
            self.rows = list(dict.fromkeys(r for t in self.tables for r in t.rows))
            self.cols = list(dict.fromkeys(c for t in self.tables for c in t.cols))
        self.flags = flags
        grids = [self._grid(t) for t in self.tables]
        if self.combined:
            grids.append(sum(grids[1:], grids[0]))
        self.index: dict[tuple[int, str, Any], int] = {}
        for number, grid in enumerate(grids):
            self._add_table(number, grid)
        if self.combined:
            last = len(grids) - 1
            for kind_key in dict.fromkeys((kind, key) for _, kind, key in self.entries):
                self.lines.append(
                    (
                        [self.index[(t, *kind_key)] for t in range(last)],
                        [self.index[(last, *kind_key)]],
                    )
                )

    def _grid(self, table: Table) -> np.ndarray:
        # reshape: a table with no rows (nothing to count this period) is still two-dimensional
        return np.array(
            [[table.count(row, col) for col in self.cols] for row in self.rows], dtype=np.int64
        ).reshape(len(self.rows), len(self.cols))

    def _entry(self, table: int, kind: str, key: Any, value: int) -> int:
        self.index[(table, kind, key)] = len(self.entries)
        self.entries.append((table, kind, key))
        self.values.append(int(value))
        return len(self.entries) - 1

    def _add_table(self, number: int, grid: np.ndarray) -> None:
        row_totals, col_totals, grand_total = self.flags
        cells = [
            [self._entry(number, _CELL, (row, col), grid[i, j]) for j, col in enumerate(self.cols)]
            for i, row in enumerate(self.rows)
        ]
        rows = cols = None
        if row_totals:
            rows = [self._entry(number, _ROW, r, grid[i].sum()) for i, r in enumerate(self.rows)]
            self.lines.extend((cells[i], [rows[i]]) for i in range(len(self.rows)))
        if col_totals:
            cols = [self._entry(number, _COL, c, grid[:, j].sum()) for j, c in enumerate(self.cols)]
            self.lines.extend(
                ([cells[i][j] for i in range(len(self.rows))], [cols[j]])
                for j in range(len(self.cols))
            )
        if grand_total:
            grand = self._entry(number, _GRAND, None, grid.sum())
            if rows is not None:
                self.lines.append((rows, [grand]))
            if cols is not None:
                self.lines.append((cols, [grand]))
            if rows is None and cols is None:
                self.lines.append(([e for row in cells for e in row], [grand]))
        elif rows is not None and cols is not None:
            self.lines.append((rows, cols))  # both add up to the same unshown grand total

    def solve(self, *, secondary: bool) -> list[SuppressedTable]:
        hidden: dict[int, Hidden] = {
            e: Hidden.SMALL for e, v in enumerate(self.values) if 0 < v < SMALL_CELL_LIMIT
        }
        safe: set[int] = set()  # hiding more never pins a count again, so these stay safe
        while secondary:
            self._close_lines(hidden)
            pinned = self._pinned(hidden, safe)
            extras = {e for e in (self._candidate(p, hidden) for p in pinned) if e is not None}
            if extras:
                hidden.update(dict.fromkeys(extras, Hidden.SECONDARY))
                continue
            smalls = [e for e, why in hidden.items() if why is Hidden.SMALL]
            if not pinned or not smalls:
                break
            # Only small counts are left to hide (e.g. 1, 1, 1, 1 and the total "<5"): what
            # pins them is "<5" itself, so they are all shown as ".." ("1 or more") instead.
            hidden.update(dict.fromkeys(smalls, Hidden.SECONDARY))
        return [self._published(t, hidden) for t in range(len(self.tables) + self.combined)]

    def _close_lines(self, hidden: dict[int, Hidden]) -> None:
        """Until stable: in every line with exactly one hidden entry, hide one more."""
        changed = True
        while changed:
            changed = False
            for plus, minus in self.lines:
                members = plus + minus
                if sum(e in hidden for e in members) == 1:
                    extra = self._smallest([e for e in members if e not in hidden])
                    if extra is not None:
                        hidden[extra] = Hidden.SECONDARY
                        changed = True

    def _smallest(self, published: Sequence[int]) -> int | None:
        """The entry to hide next: a cell before a total, the smallest count, the first one.
        A zero is never hidden (a hidden zero protects nothing), and 1–4 are hidden already."""
        candidates = [e for e in published if self.values[e] >= SMALL_CELL_LIMIT]
        if not candidates:
            return None
        return min(candidates, key=lambda e: (self.entries[e][1] != _CELL, self.values[e], e))

    def _candidate(self, pinned: int, hidden: dict[int, Hidden]) -> int | None:
        """Hide next a published entry on a line through the pinned entry, else on any line
        through a hidden entry."""
        near = [e for p, m in self.lines if pinned in p + m for e in p + m if e not in hidden]
        found = self._smallest(near)
        if found is None:
            far = [e for p, m in self.lines if any(x in hidden for x in p + m) for e in p + m]
            found = self._smallest([e for e in far if e not in hidden])
        return found

    def _pinned(self, hidden: dict[int, Hidden], safe: set[int]) -> list[int]:
        """The entries shown as "<5" whose value can be worked out exactly. Adds to `safe`
        the ones found to have more than one possible value."""
        smalls = sorted(e for e in hidden if self.values[e] < SMALL_CELL_LIMIT and e not in safe)
        if not smalls:
            return []
        problem = _Problem(self, hidden)
        pinned = [e for e in smalls if problem.is_pinned(e)]
        safe.update(set(smalls) - set(pinned))
        return pinned

    def _published(self, number: int, hidden: dict[int, Hidden]) -> SuppressedTable:
        def count(kind: str, key: Any) -> Count:
            e = self.index[(number, kind, key)]
            why = hidden.get(e)
            return Count(value=None if why else self.values[e], hidden=why)

        row_totals, col_totals, grand_total = self.flags
        return SuppressedTable(
            rows=list(self.rows),
            cols=list(self.cols),
            cells={(r, c): count(_CELL, (r, c)) for r in self.rows for c in self.cols},
            row_totals={r: count(_ROW, r) for r in self.rows} if row_totals else None,
            col_totals={c: count(_COL, c) for c in self.cols} if col_totals else None,
            grand_total=count(_GRAND, None) if grand_total else None,
        )


class _Problem:
    """What someone reading the published tables knows, as an integer program over the
    hidden entries: every line's sum, "<5" is 1–4, ".." is 1 or more."""

    def __init__(self, system: _System, hidden: dict[int, Hidden]) -> None:
        self.variables = sorted(hidden)
        self.position = {e: i for i, e in enumerate(self.variables)}
        self.values = system.values
        rows, rhs = [], []
        for plus, minus in system.lines:
            if not any(e in hidden for e in plus + minus):
                continue
            row = np.zeros(len(self.variables))
            known = 0
            for sign, members in ((1, plus), (-1, minus)):
                for e in members:
                    if e in hidden:
                        row[self.position[e]] += sign
                    else:
                        known += sign * system.values[e]
            rows.append(row)
            rhs.append(-known)
        lower = [1] * len(self.variables)  # a zero is never hidden
        # ".." has no upper limit; a finite one (above every true count) keeps the programs
        # bounded and only makes the reader stronger.
        ceiling = 2 * max(system.values) + SMALL_CELL_LIMIT
        upper = [
            SMALL_CELL_LIMIT - 1 if hidden[e] is Hidden.SMALL else ceiling for e in self.variables
        ]
        self.bounds = Bounds(lower, upper)
        self.constraints = (
            [LinearConstraint(np.array(rows), np.array(rhs), np.array(rhs))] if rows else []
        )

    def is_pinned(self, entry: int) -> bool:
        """True when the entry has one possible value only."""
        value = self.values[entry]
        for sign in (1, -1):
            objective = np.zeros(len(self.variables))
            objective[self.position[entry]] = sign
            result = milp(
                objective,
                constraints=self.constraints,
                bounds=self.bounds,
                integrality=np.ones(len(self.variables)),
            )
            if result.status != 0:
                return True  # cannot tell: count it as pinned, so one more count is hidden
            if round(result.x[self.position[entry]]) != value:
                return False
        return True
