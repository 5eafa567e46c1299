"""The reasons of chosen pairs, from the pool's encoding: the fast path of `pair_reasons`.

The texts and points are those of `pairs.pair_reasons` (the reference; the tests compare the
two on random pools), computed from the bit masks and codes the pool already holds instead of
from the persons' sets, so nothing is normalised or intersected twice.
"""

from __future__ import annotations

from vises.matching.engine.model import Reason
from vises.matching.engine.pairs import LANGUAGE_NAMES, _and, _slot_order, slot_name
from vises.matching.engine.pool import Pool, Vocabulary


class Explainer:
    """`reasons(row, col)` equals `pair_reasons(participants[row], friends[col], …)`."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.settings = pool.settings
        self.near = {(int(a), int(b)) for a, b in zip(*pool.near.nonzero(), strict=True)}
        self._languages: dict[int, str] = {}
        # Plain lists: indexing them is cheaper than numpy scalars.
        self.districts = (pool.p.district.tolist(), pool.f.district.tolist())
        self.occupations = (pool.p.occupation.tolist(), pool.f.occupation.tolist())
        self._orders: dict[str, tuple[int, int, str]] = {}
        self._names: dict[str, str] = {}

    def reasons(self, row: int, col: int) -> tuple[Reason, ...]:
        pool, s = self.pool, self.settings
        w = s.weights
        p, f = pool.p, pool.f
        participant = pool.participants[row]
        reasons: list[Reason] = []

        if w.same_cafe > 0 and p.cafes[row] & f.cafes[col]:
            cafes = participant.met_at_cafes & pool.friends[col].met_at_cafes
            names = sorted(s.cafes[c] for c in cafes if c in s.cafes)
            text = f"träffades på caféet hos {names[0]}" if names else "träffades på samma café"
            reasons.append(Reason("same_cafe", text, w.same_cafe))

        shared = p.bridging[row] & f.bridging[col]
        if shared and w.shared_language > 0:
            spoken = self._languages.get(shared)
            if spoken is None:
                spoken = self._languages[shared] = self._language_text(shared)
            reasons.append(Reason("shared_language", spoken, w.shared_language))

        pd, fd = self.districts[0][row], self.districts[1][col]
        if pd >= 0 and pd == fd:
            if w.same_district > 0:
                reasons.append(Reason("district", "bor i samma stadsdel", w.same_district))
        elif pd >= 0 and fd >= 0 and (pd, fd) in self.near and w.near_district > 0:
            reasons.append(Reason("district", "bor i stadsdelar nära varandra", w.near_district))

        occupation = self.occupations[0][row]
        if occupation >= 0 and occupation == self.occupations[1][col] and w.occupation > 0:
            field = " ".join((participant.occupation or "").split())
            reasons.append(Reason("occupation", f"samma yrkesområde: {field}", w.occupation))

        shared = p.interests[row] & f.interests[col]
        counted = min(shared.bit_count(), s.interests_cap)
        if counted and w.interest > 0:
            found = _shared(participant.interests, shared, pool.interests)
            names = pool.interests.names
            interests = [found[code] for code in sorted(found, key=names.__getitem__)]
            label = "gemensamt intresse" if len(interests) == 1 else "gemensamma intressen"
            text = f"{label}: {', '.join(interests)}"
            reasons.append(Reason("interests", text, w.interest * counted))

        shared = p.availability[row] & f.availability[col]
        counted = min(shared.bit_count(), s.availability_cap)
        if counted and w.availability > 0:
            slots = sorted(
                _shared(participant.availability, shared, pool.slots).values(), key=self._order
            )
            text = "kan träffas: " + ", ".join(map(self._slot_name, slots))
            reasons.append(Reason("availability", text, w.availability * counted))

        mine, theirs = participant.birth_year, pool.friends[col].birth_year
        if mine is not None and theirs is not None:
            apart = abs(mine - theirs)
            points = w.age * max(0.0, 1.0 - apart / s.age_span_years)
            if points > 0:
                text = "födda samma år" if apart == 0 else f"nära i ålder ({apart} års skillnad)"
                reasons.append(Reason("age", text, points))

        days = pool.days[row]
        points = w.waiting_per_30_days * min(days, s.waiting_cap_days) / 30
        if points > 0:
            text = "väntat 1 dag" if days == 1 else f"väntat {days} dagar"
            reasons.append(Reason("waiting", text, points))
        return tuple(reasons)

    def _language_text(self, shared: int) -> str:
        names = self.settings.language_names
        codes = _codes(shared, self.pool.languages)
        return f"båda talar {_and(sorted(names.get(c) or LANGUAGE_NAMES.get(c, c) for c in codes))}"

    def _order(self, slot: str) -> tuple[int, int, str]:
        found = self._orders.get(slot)
        if found is None:
            found = self._orders[slot] = _slot_order(slot)
        return found

    def _slot_name(self, slot: str) -> str:
        found = self._names.get(slot)
        if found is None:
            found = self._names[slot] = slot_name(slot)
        return found


def _codes(bits: int, vocabulary: Vocabulary) -> list[str]:
    return [name for code, name in enumerate(vocabulary.names) if bits >> code & 1]


def _shared(items: frozenset[str], shared: int, vocabulary: Vocabulary) -> dict[int, str]:
    """Code → the participant's spelling, for the codes in `shared`; as pairs._common, of
    several spellings of one normalised name the last in sorted order."""
    found: dict[int, str] = {}
    code_of = vocabulary.code
    for item in items:
        code = code_of(item)
        if shared >> code & 1:
            before = found.get(code)
            if before is None or item > before:
                found[code] = item
    return found
