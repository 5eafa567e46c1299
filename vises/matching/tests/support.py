"""Random pools for the property tests, and the brute-force oracle the engine must equal."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import strategies as st

from vises.matching.engine import Friend, Participant, Settings, Weights
from vises.matching.engine.pairs import pair_allowed, pair_reasons

TODAY = date(2026, 7, 1)
# Small vocabularies, so that shared languages, districts and slots happen often.
GENDERS = ["woman", "man", "other", "undisclosed", None]
LANGUAGES = ["ar", "prs", "so", "sv", "en"]
DISTRICTS = ["Skäggetorp", "Ryd", "Berga", "Lambohov"]
OCCUPATIONS = ["vård", "Vård ", "bygg", "it", None]
INTERESTS = ["fotboll", "Fotboll", "matlagning", "läsa", "musik", "promenader"]
SLOTS = ["mon-am", "mon-pm", "wed-eve", "sat-am", "sun-pm"]
CAFES = ["1", "2", "3"]


def _subset(items: list[str], most: int = 3) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(items), max_size=most)


def _rare(strategy: st.SearchStrategy[frozenset[str]]) -> st.SearchStrategy[frozenset[str]]:
    return st.one_of(st.just(frozenset()), st.just(frozenset()), strategy)


@st.composite
def _side(draw: st.DrawFn) -> dict[str, object]:
    return {
        "gender": draw(st.sampled_from(GENDERS)),
        "birth_year": draw(st.one_of(st.none(), st.integers(1950, 2006))),
        "languages": draw(_subset(LANGUAGES)),
        "refuses_languages": draw(_rare(_subset(["ar", "en"], 1))),
        "district": draw(st.one_of(st.none(), st.sampled_from(DISTRICTS))),
        "unreachable_districts": draw(_rare(_subset(DISTRICTS, 2))),
        "occupation": draw(st.sampled_from(OCCUPATIONS)),
        "interests": draw(_subset(INTERESTS, 4)),
        "availability": draw(_subset(SLOTS, 4)),
        "wants_same_gender": draw(st.booleans()),
        "met_at_cafes": draw(_rare(_subset(CAFES, 2))),
        "active": draw(st.sampled_from([True, True, True, False])),
        "consented": draw(st.sampled_from([True, True, True, False])),
    }


@dataclass
class Instance:
    participants: list[Participant]
    friends: list[Friend]
    settings: Settings


@st.composite
def instances(draw: st.DrawFn, most_participants: int = 5, most_friends: int = 4) -> Instance:
    n = draw(st.integers(0, most_participants))
    m = draw(st.integers(0, most_friends))
    participant_ids: list[int | str] = [
        draw(st.one_of(st.just(k), st.just(f"p{k}"))) for k in range(n)
    ]
    friend_ids: list[int | str] = [draw(st.one_of(st.just(k), st.just(f"f{k}"))) for k in range(m)]
    participants = []
    for pid in participant_ids:
        waiting = draw(st.one_of(st.none(), st.integers(0, 900)))
        participants.append(
            Participant(
                id=pid,
                needs_bridging_language=draw(st.sampled_from([False, False, True])),
                waiting_days=waiting if draw(st.booleans()) else None,
                waiting_since=None if waiting is None else TODAY - timedelta(days=waiting),
                ended_badly_with=draw(_ids(friend_ids)),
                **draw(_side()),  # type: ignore[arg-type]
            )
        )
    friends = [
        Friend(
            id=fid,
            capacity=draw(st.integers(1, 3)),
            ended_badly_with=draw(_ids(participant_ids)),
            **draw(_side()),  # type: ignore[arg-type]
        )
        for fid in friend_ids
    ]
    return Instance(participants, friends, draw(settings_strategy()))


def _ids(ids: list[int | str]) -> st.SearchStrategy[frozenset[int | str]]:
    if not ids:
        return st.just(frozenset())
    return st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(ids), max_size=1))


@st.composite
def settings_strategy(draw: st.DrawFn) -> Settings:
    weight = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 2.75])
    weights = Weights(**{name: draw(weight) for name in Weights.__dataclass_fields__})
    near = draw(st.dictionaries(st.sampled_from(DISTRICTS), _subset(DISTRICTS, 2), max_size=2))
    return Settings(
        weights=weights,
        interests_cap=draw(st.integers(0, 4)),
        availability_cap=draw(st.integers(0, 3)),
        age_span_years=draw(st.integers(1, 30)),
        waiting_cap_days=draw(st.integers(0, 730)),
        today=TODAY,
        near_districts=near,
        cafes={"1": "Valla Logistik", "2": "Saab"},
    )


@st.composite
def weight_tables(draw: st.DrawFn) -> tuple[list[int], list[int], list[list[float | None]]]:
    """(participant ids, friend capacities, weights) with nulls and negative numbers."""
    n = draw(st.integers(0, 5))
    capacities = draw(st.lists(st.integers(1, 3), max_size=4))
    value = st.one_of(st.none(), st.sampled_from([-2.0, 0.0, 0.5, 1.0, 3.5, 7.0, 10.25]))
    table = [[draw(value) for _ in capacities] for _ in range(n)]
    return list(range(n)), capacities, table


def oracle(
    allowed: Sequence[Sequence[bool]], score: Sequence[Sequence[float]], capacities: Sequence[int]
) -> tuple[int, float]:
    """(most pairs, then highest total) by trying every assignment: participant → friend or
    nobody, within capacity."""
    best = (0, 0.0)
    rows = len(allowed)
    for choice in itertools.product([None, *range(len(capacities))], repeat=rows):
        used = [0] * len(capacities)
        total: list[float] = []
        for row, col in enumerate(choice):
            if col is None:
                continue
            if not allowed[row][col] or used[col] == capacities[col]:
                break
            used[col] += 1
            total.append(score[row][col])
        else:
            candidate = (len(total), math.fsum(total))
            if candidate[0] > best[0] or (
                candidate[0] == best[0] and candidate[1] > best[1] + 1e-9
            ):
                best = candidate
    return best


def reference_tables(instance: Instance) -> tuple[list[list[bool]], list[list[float]]]:
    """Allowed and score per pair from the one-pair reference (pairs.py), not the matrices."""
    allowed = [[pair_allowed(p, f) for f in instance.friends] for p in instance.participants]
    score = [
        [
            math.fsum(r.points for r in pair_reasons(p, f, instance.settings, TODAY))
            for f in instance.friends
        ]
        for p in instance.participants
    ]
    return allowed, score
