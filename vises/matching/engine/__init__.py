"""The matching engine: pure Python with numpy and scipy, no Django (import-linter holds it).

    result = match(participants, friends, settings)          # computed scores and reasons
    result = match(participants, friends, weights=matrix)    # the caller's scores instead

`vises match` (cli.py) is the same engine behind the JSON contract of DESIGN §9.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from vises.matching.engine.explain import Explainer
from vises.matching.engine.model import (
    Friend,
    Id,
    Pair,
    Participant,
    Reason,
    Result,
    Settings,
    Weights,
)
from vises.matching.engine.pairs import pair_allowed, pair_reasons
from vises.matching.engine.pool import Pool
from vises.matching.engine.solve import assign, big_m, expanded_cost

__all__ = [
    "Friend",
    "Id",
    "Pair",
    "Participant",
    "Reason",
    "Result",
    "Settings",
    "Weights",
    "cost_matrix",
    "match",
    "pair_allowed",
    "pair_reasons",
    "score_matrix",
]

Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def match(
    participants: Sequence[Participant],
    friends: Sequence[Friend],
    settings: Settings | None = None,
    weights: Sequence[Sequence[float | None]] | None = None,
) -> Result:
    """The optimal pairs: as many as the constraints allow, then the highest total score.

    With `weights` ([participant][friend], None = forbidden) the matrix is the whole score and
    the only constraints are None and capacity; the pairs then carry no reasons.
    """
    settings = settings or Settings()
    today = settings.today or date.today()
    capacities = np.array([f.capacity for f in friends], dtype=np.int64)
    if weights is not None:
        cost, table = _weights_cost(weights, len(participants), capacities)
        chosen = assign(cost, capacities)
        pairs = [
            Pair(participants[row].id, friends[col].id, float(table[row, col]))
            for row, col in chosen
        ]
    else:
        pool = Pool(participants, friends, settings, today)
        chosen = assign(_pool_cost(pool, capacities), capacities)
        explainer = Explainer(pool)
        pairs = []
        for row, col in chosen:
            reasons = explainer.reasons(row, col)
            score = round(math.fsum(reason.points for reason in reasons), 6)
            pairs.append(Pair(participants[row].id, friends[col].id, score, reasons))
    order = {p.id: n for n, p in enumerate(participants)}
    pairs.sort(key=lambda pair: order[pair.participant])
    matched = {pair.participant for pair in pairs}
    return Result(tuple(pairs), tuple(p.id for p in participants if p.id not in matched))


def cost_matrix(
    participants: Sequence[Participant],
    friends: Sequence[Friend],
    settings: Settings,
    today: date,
) -> Floats:
    """The capacity-expanded cost matrix the solver minimises (also what the benchmark gives
    the bare solver)."""
    pool = Pool(participants, friends, settings, today)
    return _pool_cost(pool, np.array([f.capacity for f in friends], dtype=np.int64))


def _pool_cost(pool: Pool, capacities: npt.NDArray[np.int64]) -> Floats:
    upper = pool.row_bounds()
    m = big_m(upper, np.zeros_like(upper))
    return expanded_cost(pool.raw_chunks(), len(pool.participants), capacities, m)


def score_matrix(
    participants: Sequence[Participant],
    friends: Sequence[Friend],
    settings: Settings,
    today: date,
) -> tuple[Mask, Floats]:
    """(allowed, score) for every participant × friend: what the solver optimises over."""
    pool = Pool(participants, friends, settings, today)
    allowed = np.zeros((len(participants), len(friends)), dtype=np.bool_)
    score = np.zeros(allowed.shape, dtype=np.float64)
    for rows, block_allowed, block_score in pool.chunks():
        allowed[rows] = block_allowed
        score[rows] = block_score
    return allowed, score


def _weights_cost(
    weights: Sequence[Sequence[float | None]], rows: int, capacities: npt.NDArray[np.int64]
) -> tuple[Floats, Floats]:
    table = np.array(
        [[np.nan if value is None else float(value) for value in row] for row in weights],
        dtype=np.float64,
    ).reshape(rows, len(capacities))
    allowed = ~np.isnan(table)
    values = np.where(allowed, table, 0.0)
    upper = np.where(allowed, values, -np.inf).max(axis=1, initial=-np.inf)
    lower = np.where(allowed, values, np.inf).min(axis=1, initial=np.inf)
    upper = np.where(np.isfinite(upper), upper, 0.0)
    lower = np.where(np.isfinite(lower), lower, 0.0)
    m = big_m(upper, lower)

    blocks = iter([(slice(0, rows), allowed, values)])
    return expanded_cost(blocks, rows, capacities, m), table
