"""The exact optimum: the most pairs, then the highest total score, respecting capacity.

Each friend becomes `capacity` identical columns (slots); each participant is a row. A
forbidden cell costs 0, an allowed one −(M + score). scipy's `linear_sum_assignment` finds the
assignment of least total cost; cells that cost 0 are dropped afterwards (nobody is paired on a
forbidden cell, and dropping one changes nothing). With k pairs of total score T the cost is
−(k·M + T), so the solver maximises k·M + T. M is larger than any difference of totals
(M > max T − min T, docs/matching.md), so one more pair always beats any gain in score: the
result has the maximum number of pairs and, among those, the maximum total score.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


def big_m(upper: Floats, lower: Floats) -> float:
    """Given per-row bounds of the scores of allowed pairs (upper ≥ every score of that
    participant, lower ≤ every score), a constant that makes cardinality come first.

    Any total T of a feasible assignment lies in [Σ min(0, lower_i), Σ max(0, upper_i)], so
    the difference of two totals is below their distance; M exceeds it by 1.
    """
    return 1.0 + float(np.sum(np.maximum(upper, 0.0)) - np.sum(np.minimum(lower, 0.0)))


def expanded_cost(
    blocks: Iterator[tuple[slice, Mask, Floats]], rows: int, capacities: Ints, m: float
) -> Floats:
    """The rows × slots cost matrix, built block by block from (rows, allowed, score).

    Each block's score array is reused for its costs (the caller gives it away)."""
    cost: Floats | None = None
    for block, allowed, score in blocks:
        # −m − score is −(score + m) exactly (rounding is symmetric).
        cell = np.subtract(-m, score, out=score)
        # 0.0 where forbidden: × 0 leaves ±0.0, + 0.0 makes it 0.0 and changes nothing else
        # (cheaper than assigning through a boolean mask).
        cell *= allowed
        cell += 0.0
        expanded = np.repeat(cell, capacities, axis=1)
        if block.start == 0 and block.stop == rows:
            return expanded
        if cost is None:
            cost = np.empty((rows, expanded.shape[1]), dtype=np.float64)
        cost[block] = expanded
    if cost is None:
        return np.zeros((rows, int(capacities.sum())), dtype=np.float64)
    return cost


def assign(cost: Floats, capacities: Ints) -> list[tuple[int, int]]:
    """(participant row, friend column) of the optimum; forbidden cells are never returned."""
    if cost.size == 0:
        return []
    slot_friend = np.repeat(np.arange(len(capacities)), capacities)
    rows, slots = linear_sum_assignment(cost)
    paired = cost[rows, slots] < 0
    return list(zip(rows[paired].tolist(), slot_friend[slots[paired]].tolist(), strict=True))
