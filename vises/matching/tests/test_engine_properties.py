"""The engine on random pools: constraints hold, the optimum equals a brute-force oracle, the
whole-pool matrices equal the one-pair reference, and reasons are the score."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings

from vises.matching.engine import match, pair_allowed, pair_reasons, score_matrix
from vises.matching.tests.support import (
    TODAY,
    Instance,
    instances,
    oracle,
    reference_tables,
    weight_tables,
)

# Each example solves a pool (the oracle enumerates every assignment): the CI profile's 1 000
# would cost minutes per test, so these stop at 200 there; HYPOTHESIS_PROFILE=fuzz goes deeper.
EXAMPLES = settings().max_examples
PROPERTY = settings(
    suppress_health_check=list(HealthCheck),
    deadline=None,
    max_examples=EXAMPLES if EXAMPLES > 1_000 else min(EXAMPLES, 200),
)


@PROPERTY
@given(instances(most_participants=8, most_friends=6))
def test_constraints_are_never_broken(instance: Instance) -> None:
    result = match(instance.participants, instance.friends, instance.settings)
    participants = {p.id: p for p in instance.participants}
    friends = {f.id: f for f in instance.friends}
    for pair in result.pairs:
        p, f = participants[pair.participant], friends[pair.friend]
        assert pair_allowed(p, f)
        # The same rules spelt out again, independent of pairs.py.
        assert p.active and p.consented and f.active and f.consented
        if p.wants_same_gender or f.wants_same_gender:
            assert p.gender == f.gender
            assert p.gender not in (None, "undisclosed")
        assert f.district is None or f.district not in p.unreachable_districts
        assert p.district is None or p.district not in f.unreachable_districts
        assert f.id not in p.ended_badly_with and p.id not in f.ended_badly_with
        if p.needs_bridging_language:
            usable = (p.languages - p.refuses_languages) & (f.languages - f.refuses_languages)
            assert usable - {"sv"}
    load = Counter(pair.friend for pair in result.pairs)
    assert all(load[f] <= friends[f].capacity for f in load)
    paired = [pair.participant for pair in result.pairs]
    assert len(paired) == len(set(paired))
    assert sorted(map(repr, paired + list(result.unmatched))) == sorted(
        repr(p.id) for p in instance.participants
    )


@PROPERTY
@given(instances(most_participants=8, most_friends=6))
def test_pool_matrices_equal_the_one_pair_reference(instance: Instance) -> None:
    allowed, score = score_matrix(instance.participants, instance.friends, instance.settings, TODAY)
    reference_allowed, reference_score = reference_tables(instance)
    assert allowed.tolist() == reference_allowed
    expected = np.where(allowed, np.array(reference_score).reshape(allowed.shape), 0.0)
    assert np.allclose(score, expected, rtol=0, atol=1e-9)


@PROPERTY
@given(instances())
def test_the_optimum_equals_the_brute_force_oracle(instance: Instance) -> None:
    allowed, score = reference_tables(instance)
    capacities = [f.capacity for f in instance.friends]
    pairs, total = oracle(allowed, score, capacities)

    result = match(instance.participants, instance.friends, instance.settings)

    assert len(result.pairs) == pairs
    assert math.isclose(result.total_score, total, abs_tol=1e-5)


@PROPERTY
@given(instances(most_participants=8, most_friends=6))
def test_reasons_are_the_score_components(instance: Instance) -> None:
    result = match(instance.participants, instance.friends, instance.settings)
    participants = {p.id: p for p in instance.participants}
    friends = {f.id: f for f in instance.friends}
    _allowed, score = score_matrix(
        instance.participants, instance.friends, instance.settings, TODAY
    )
    rows = {p.id: n for n, p in enumerate(instance.participants)}
    cols = {f.id: n for n, f in enumerate(instance.friends)}
    for pair in result.pairs:
        # What the solver optimised for this pair is what its reasons add up to.
        assert math.isclose(
            score[rows[pair.participant], cols[pair.friend]], pair.score, abs_tol=1e-6
        )
        assert math.isclose(math.fsum(r.points for r in pair.reasons), pair.score, abs_tol=1e-6)
        # Every reason carries points, and every component with points has its reason.
        assert all(r.points > 0 and r.text for r in pair.reasons)
        codes = [r.code for r in pair.reasons]
        assert len(codes) == len(set(codes))
        expected = pair_reasons(
            participants[pair.participant], friends[pair.friend], instance.settings, TODAY
        )
        assert pair.reasons == expected
    assert math.isclose(result.total_score, math.fsum(p.score for p in result.pairs), abs_tol=1e-9)


@PROPERTY
@given(weight_tables())
def test_weights_mode_equals_the_oracle_and_respects_null_and_capacity(
    table: tuple[list[int], list[int], list[list[float | None]]],
) -> None:
    from vises.matching.engine import Friend, Participant

    ids, capacities, weights = table
    participants = [Participant(id=i, active=False) for i in ids]  # attributes do not count
    friends = [Friend(id=f"f{k}", capacity=c) for k, c in enumerate(capacities)]
    allowed = [[value is not None for value in row] for row in weights]
    score = [[0.0 if value is None else value for value in row] for row in weights]
    pairs, total = oracle(allowed, score, capacities)

    result = match(participants, friends, weights=weights)

    assert len(result.pairs) == pairs
    assert math.isclose(result.total_score, total, abs_tol=1e-6)
    load = Counter(pair.friend for pair in result.pairs)
    for pair in result.pairs:
        col = int(str(pair.friend)[1:])
        assert weights[int(pair.participant)][col] == pair.score
        assert pair.reasons == ()
        assert load[pair.friend] <= capacities[col]
