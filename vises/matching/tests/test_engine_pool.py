"""The pool's fast paths against the one-pair reference: the reasons of every pair (not only
the chosen ones), the score table split into components added one by one, and vocabularies
wider than one 64-bit word."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given

from vises.matching.engine import pair_reasons, score_matrix
from vises.matching.engine import pool as pool_module
from vises.matching.engine.explain import Explainer
from vises.matching.engine.pool import Pool
from vises.matching.tests.support import TODAY, Instance, instances, reference_tables
from vises.matching.tests.test_engine_properties import PROPERTY


@PROPERTY
@given(instances(most_participants=6, most_friends=5))
def test_the_reasons_of_every_pair_equal_the_reference(instance: Instance) -> None:
    pool = Pool(instance.participants, instance.friends, instance.settings, TODAY)
    explainer = Explainer(pool)
    for row, p in enumerate(instance.participants):
        for col, f in enumerate(instance.friends):
            assert explainer.reasons(row, col) == pair_reasons(p, f, instance.settings, TODAY)


@PROPERTY
@given(instances(most_participants=6, most_friends=5))
def test_components_added_one_by_one_give_the_same_matrices(instance: Instance) -> None:
    args = (instance.participants, instance.friends, instance.settings, TODAY)
    allowed, score = score_matrix(*args)
    before = pool_module.TABLE_CELLS
    pool_module.TABLE_CELLS = 1
    try:
        split_allowed, split_score = score_matrix(*args)
        assert Pool(*args).rest  # at least "place" (6 classes) is added on its own
    finally:
        pool_module.TABLE_CELLS = before
    assert split_allowed.tolist() == allowed.tolist()
    assert split_score.tobytes() == score.tobytes()


@PROPERTY
@given(instances(most_participants=6, most_friends=5))
def test_wide_vocabularies_give_the_reference_matrices(instance: Instance) -> None:
    # Seventy cafés, interests and slots nobody shares push each set past 64 codes.
    wide = frozenset(f"x{k}" for k in range(70))
    participants = [
        replace(p, interests=p.interests | wide, met_at_cafes=p.met_at_cafes | wide)
        if n % 2
        else replace(p, availability=p.availability | {f"y{k}" for k in range(70)})
        for n, p in enumerate(instance.participants)
    ]
    widened = Instance(participants, instance.friends, instance.settings)
    allowed, score = score_matrix(participants, instance.friends, instance.settings, TODAY)
    reference_allowed, reference_score = reference_tables(widened)
    assert allowed.tolist() == reference_allowed
    expected = np.where(allowed, np.array(reference_score).reshape(allowed.shape), 0.0)
    assert np.allclose(score, expected, rtol=0, atol=1e-9)
    explainer = Explainer(Pool(participants, instance.friends, instance.settings, TODAY))
    for row, p in enumerate(participants):
        for col, f in enumerate(instance.friends):
            assert explainer.reasons(row, col) == pair_reasons(p, f, instance.settings, TODAY)
