"""What the engine takes and gives: participants, friends, settings, pairs and the result.

Plain dataclasses, no Django: the app builds them from its models, `vises match` from JSON.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

# A person's id keeps its JSON type (string or integer) from input to output.
Id = str | int

# Genders that say nothing about a person: a wish for the same gender cannot be met with them.
UNKNOWN_GENDERS = frozenset({"", "undisclosed"})

# Swedish is always possible between a participant and a friend; it is never a bridge.
SWEDISH = "sv"


@dataclass(frozen=True)
class Side:
    """What participants and friends have in common (DESIGN §6 lists what is collected)."""

    id: Id
    gender: str | None = None
    birth_year: int | None = None
    # Languages spoken besides Swedish, as codes (ISO 639: "ar", "prs", "so", …).
    languages: frozenset[str] = frozenset()
    # Languages the person will not use in the pair: never a bridge, never a reason.
    refuses_languages: frozenset[str] = frozenset()
    district: str | None = None
    # Districts the person cannot get to: no pair with someone who lives there.
    unreachable_districts: frozenset[str] = frozenset()
    occupation: str | None = None
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    # Participant: wants a friend of the same gender. Friend: takes only participants of
    # their own gender. Either way the pair needs two known, equal genders.
    wants_same_gender: bool = False
    # Cafés (by id) where the person met the other side and would like to continue.
    met_at_cafes: frozenset[str] = frozenset()
    # Ids on the other side with whom a pair ended badly: never paired again.
    ended_badly_with: frozenset[Id] = frozenset()
    active: bool = True
    consented: bool = True

    @property
    def eligible(self) -> bool:
        return self.active and self.consented

    @property
    def known_gender(self) -> str | None:
        if self.gender is None or self.gender.strip().casefold() in UNKNOWN_GENDERS:
            return None
        return self.gender.strip().casefold()

    @property
    def bridging_languages(self) -> frozenset[str]:
        """The languages this person could use as a bridge (spoken, not refused, not Swedish)."""
        return frozenset(self.languages - self.refuses_languages - {SWEDISH})


@dataclass(frozen=True)
class Participant(Side):
    # Speaks too little Swedish to start without a shared language: such a pair needs one.
    needs_bridging_language: bool = False
    waiting_since: date | None = None
    # Days waited, when given, wins over waiting_since.
    waiting_days: int | None = None


@dataclass(frozen=True)
class Friend(Side):
    capacity: int = 1


@dataclass(frozen=True)
class Weights:
    """Points per score component; each component is explained per pair (docs/matching.md)."""

    same_cafe: float = 4.0
    shared_language: float = 3.0
    same_district: float = 2.0
    near_district: float = 1.0
    occupation: float = 3.0
    # Per shared interest, up to Settings.interests_cap of them.
    interest: float = 0.5
    # Per overlapping time slot, up to Settings.availability_cap of them.
    availability: float = 1.0
    # Born the same year; falls linearly to 0 at Settings.age_span_years apart.
    age: float = 2.0
    # Per 30 days waited, up to Settings.waiting_cap_days; counts only when matched.
    waiting_per_30_days: float = 0.5


@dataclass(frozen=True)
class Settings:
    weights: Weights = field(default_factory=Weights)
    interests_cap: int = 4
    availability_cap: int = 2
    age_span_years: int = 15
    waiting_cap_days: int = 730
    # The day waiting is counted to; None means the day the engine runs.
    today: date | None = None
    # District → districts near it; read both ways.
    near_districts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Café id → the name shown in reasons ("träffades på caféet hos Valla Logistik").
    cafes: Mapping[str, str] = field(default_factory=dict)
    # Language code → Swedish name, on top of the built-in names.
    language_names: Mapping[str, str] = field(default_factory=dict)

    def are_near(self, one: str, other: str) -> bool:
        return other in self.near_districts.get(one, frozenset()) or one in (
            self.near_districts.get(other, frozenset())
        )

    def max_static_score(self) -> float:
        """An upper bound of a pair's score without the waiting bonus."""
        w = self.weights
        return (
            w.same_cafe
            + w.shared_language
            + max(w.same_district, w.near_district)
            + w.occupation
            + w.interest * self.interests_cap
            + w.availability * self.availability_cap
            + w.age
        )


@dataclass(frozen=True)
class Reason:
    """One score component of a pair: a machine code, plain Swedish, and its points."""

    code: str
    text: str
    points: float


@dataclass(frozen=True)
class Pair:
    participant: Id
    friend: Id
    score: float
    reasons: tuple[Reason, ...] = ()

    @property
    def components(self) -> dict[str, float]:
        return {reason.code: reason.points for reason in self.reasons}


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Id, ...]

    @property
    def total_score(self) -> float:
        return math.fsum(pair.score for pair in self.pairs)
