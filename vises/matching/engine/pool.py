"""The whole pool at once: which pairs are allowed and what each scores, as numpy matrices.

Every person is encoded once, in one pass: sets (languages, interests, slots, cafés) become
bit masks, single values (district, occupation, birth year) codes. A pair's score components
are small integers (shared cafés, shared languages, same/near district and occupation,
shared interests, shared slots, closeness in age), and each is a bilinear form of the two
persons' 0/1 rows: so one matrix product gives, per pair, the index of its combination of
components, and a table of that combination's points gives the score. The table adds the
components in a fixed order with the arithmetic of `pairs.py`, which is the per-pair
reference; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from vises.matching.engine.blas import one_thread
from vises.matching.engine.model import SWEDISH, Friend, Participant, Settings
from vises.matching.engine.pairs import normalised, waiting_days

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Small = npt.NDArray[np.float32]

# Rows of participants handled together: bounds the temporary arrays to ~ROWS × friends.
CHUNK_CELLS = 1 << 21
# Largest table of component combinations; components beyond it are added one by one.
# Indexes stay far below 2**24, so float32 products count them exactly.
TABLE_CELLS = 1 << 20


class Vocabulary:
    """Codes 0, 1, 2, … for the values met, optionally compared after `normalised`."""

    def __init__(self, normalise: bool = False) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []
        self._raw: dict[str, int] = {}
        self._normalise = normalise

    def code(self, item: str | None) -> int:
        if item is None:
            return -1
        found = self._raw.get(item)
        if found is None:
            key = normalised(item) if self._normalise else item
            found = self.index.get(key)
            if found is None:
                found = self.index[key] = len(self.names)
                self.names.append(key)
            self._raw[item] = found
        return found

    def mask(self, items: Collection[str]) -> int:
        if not items:
            return 0
        raw, bits = self._raw, 0
        for item in items:
            found = raw.get(item)
            bits |= 1 << (self.code(item) if found is None else found)
        return bits

    def __len__(self) -> int:
        return len(self.names)


def _rows(masks: Sequence[int], size: int) -> Small:
    """0/1 rows of bit masks, one column per code."""
    width = max(1, (size + 7) // 8)
    data = b"".join(bits.to_bytes(width, "little") for bits in masks)
    packed = np.frombuffer(data, dtype=np.uint8).reshape(len(masks), width)
    return np.unpackbits(packed, axis=1, bitorder="little")[:, :size].astype(np.float32)


def _one_hot(codes: Ints, size: int) -> Small:
    found = np.zeros((len(codes), max(1, size)), dtype=np.float32)
    known = np.flatnonzero(codes >= 0)
    found[known, codes[known]] = 1.0
    return found


def _coupled(codes: Ints, coupling: Small) -> Small:
    """`_one_hot(codes) @ coupling`, without a product: the coupling's rows, 0 where unknown."""
    found = np.zeros((len(codes), coupling.shape[1]), dtype=np.float32)
    known = np.flatnonzero(codes >= 0)
    found[known] = coupling[codes[known]]
    return found


def _most(masks: Sequence[int]) -> int:
    return max(map(int.bit_count, masks), default=0)


@dataclass
class Encoded:
    """One side, person by person."""

    eligible: Mask
    same_gender: Mask
    gender: Ints
    district: Ints
    occupation: Ints
    birth_year: Ints  # 0 where unknown
    born: Mask  # birth year known
    unreachable: list[int]  # masks of district codes
    bridging: list[int]  # masks of language codes
    interests: list[int]  # masks of normalised interests
    availability: list[int]  # masks of normalised slots
    cafes: list[int]


@dataclass
class _Component:
    """A score component: class = the bilinear form left · coupling · rightᵀ, points by class."""

    left: Small  # participants × codes (coupling applied)
    right: Small  # friends × codes
    classes: int
    points: Callable[[Ints], Floats]  # class → points, vectorised


class Pool:
    """Participants × friends, encoded once; `chunks()` yields their matrices by row blocks."""

    def __init__(
        self,
        participants: Sequence[Participant],
        friends: Sequence[Friend],
        settings: Settings,
        today: date,
    ) -> None:
        self.participants = participants
        self.friends = friends
        self.settings = settings
        self.genders, self.districts, self.occupations = Vocabulary(), Vocabulary(), Vocabulary()
        self.languages, self.cafes = Vocabulary(), Vocabulary()
        self.interests, self.slots = Vocabulary(True), Vocabulary(True)
        self.p = self._encode(participants)
        self.f = self._encode(friends)
        self.needs_bridge = np.array(
            [p.needs_bridging_language for p in participants], dtype=np.bool_
        )
        self.days = [waiting_days(p, today) for p in participants]
        w = settings.weights
        days = np.array(self.days, dtype=np.float64)
        self.waiting = w.waiting_per_30_days * np.minimum(days, settings.waiting_cap_days) / 30
        self.near = np.zeros((max(1, len(self.districts)),) * 2, dtype=np.bool_)
        index = self.districts.index
        for one, others in settings.near_districts.items():
            for other in others:
                if one in index and other in index:
                    self.near[index[one], index[other]] = True
                    self.near[index[other], index[one]] = True
        self.ended = self._ended()
        self._allowed_tables()
        self._score_tables()

    def _encode(self, side: Sequence[Participant | Friend]) -> Encoded:
        genders, districts, occupations = self.genders, self.districts, self.occupations
        languages, interests, slots, cafes = self.languages, self.interests, self.slots, self.cafes
        gender_codes: dict[str | None, int] = {}
        occupation_codes: dict[str | None, int] = {None: -1, "": -1}
        eligible, same, gender, district, occupation, year = [], [], [], [], [], []
        unreachable, bridging, liked, free, met = [], [], [], [], []
        for person in side:
            eligible.append(person.active and person.consented)
            same.append(person.wants_same_gender)
            code = gender_codes.get(person.gender)
            if code is None:
                code = gender_codes[person.gender] = genders.code(person.known_gender)
            gender.append(code)
            district.append(districts.code(person.district))
            code = occupation_codes.get(person.occupation)
            if code is None:
                raw = person.occupation
                code = occupation_codes[raw] = occupations.code(normalised(raw) if raw else None)
            occupation.append(code)
            year.append(person.birth_year)
            unreachable.append(districts.mask(person.unreachable_districts))
            refused = languages.mask(person.refuses_languages)
            spoken = languages.mask(person.languages) & ~refused
            bridging.append(spoken & ~(1 << languages.code(SWEDISH)) if spoken else 0)
            liked.append(interests.mask(person.interests))
            free.append(slots.mask(person.availability))
            met.append(cafes.mask(person.met_at_cafes))
        return Encoded(
            eligible=np.array(eligible, dtype=np.bool_),
            same_gender=np.array(same, dtype=np.bool_),
            gender=np.array(gender, dtype=np.int64),
            district=np.array(district, dtype=np.int64),
            occupation=np.array(occupation, dtype=np.int64),
            birth_year=np.array([0 if y is None else y for y in year], dtype=np.int64),
            born=np.array([y is not None for y in year], dtype=np.bool_),
            unreachable=unreachable,
            bridging=bridging,
            interests=liked,
            availability=free,
            cafes=met,
        )

    def _ended(self) -> set[tuple[int, int]]:
        participant_index = {p.id: row for row, p in enumerate(self.participants)}
        friend_index = {f.id: col for col, f in enumerate(self.friends)}
        ended: set[tuple[int, int]] = set()
        for row, p in enumerate(self.participants):
            if p.ended_badly_with:
                ended.update(
                    (row, friend_index[i]) for i in p.ended_badly_with if i in friend_index
                )
        for col, f in enumerate(self.friends):
            if f.ended_badly_with:
                ended.update(
                    (participant_index[i], col)
                    for i in f.ended_badly_with
                    if i in participant_index
                )
        return ended

    def _allowed_tables(self) -> None:
        """Eligibility and the same-gender wish as one look-up per cell; the rarer rules
        (bridging language, unreachable districts, ended pairs) by row or column."""
        p, f = self.p, self.f
        g = len(self.genders) + 1
        key = {
            "p": ((p.gender + 1) * 2 + p.same_gender) * 2 + p.eligible,
            "f": ((f.gender + 1) * 2 + f.same_gender) * 2 + f.eligible,
        }
        keys = np.arange(g * 4)
        gender, same, eligible = keys // 4 - 1, (keys // 2) % 2 == 1, keys % 2 == 1
        equal = (gender[:, None] >= 0) & (gender[:, None] == gender[None, :])
        self.compat = (
            eligible[:, None] & eligible[None, :] & (~(same[:, None] | same[None, :]) | equal)
        )
        self.compat_key = key
        self.bridge_rows = np.flatnonzero(self.needs_bridge)
        size = len(self.languages)
        self.bridging = (_rows(p.bridging, size), _rows(f.bridging, size))
        self.unreachable_rows = np.array([r for r, m in enumerate(p.unreachable) if m], dtype=int)
        self.unreachable_cols = np.array([c for c, m in enumerate(f.unreachable) if m], dtype=int)
        d = max(1, len(self.districts))
        self.unreachable = (
            _rows([p.unreachable[r] for r in self.unreachable_rows], d).astype(np.bool_),
            _rows([f.unreachable[c] for c in self.unreachable_cols], d).astype(np.bool_),
        )

    def _components(self) -> list[_Component]:
        """The score components in the order their points are added (that of pairs.py)."""
        s, w = self.settings, self.settings.weights
        p, f = self.p, self.f
        found: list[_Component] = []

        def counted(
            mine: list[int], theirs: list[int], size: int, points: Callable[[Ints], Floats]
        ) -> None:
            classes = min(_most(mine), _most(theirs)) + 1
            found.append(_Component(_rows(mine, size), _rows(theirs, size), classes, points))

        def some(weight: float) -> Callable[[Ints], Floats]:
            return lambda c: np.asarray(weight * (c > 0), dtype=np.float64)

        def capped(weight: float, cap: int) -> Callable[[Ints], Floats]:
            return lambda c: weight * np.minimum(c, cap)

        counted(p.cafes, f.cafes, len(self.cafes), some(w.same_cafe))
        counted(p.bridging, f.bridging, len(self.languages), some(w.shared_language))

        # District (same 2, near 1, else 0) + 3 × same occupation: one component, "place".
        d, o = max(1, len(self.districts)), max(1, len(self.occupations))
        district_class = np.where(np.eye(d, dtype=np.bool_), 2.0, np.where(self.near, 1.0, 0.0))
        left = np.hstack(
            [
                _coupled(p.district, district_class.astype(np.float32)),
                3 * _one_hot(p.occupation, o),
            ]
        ).astype(np.float32)
        right = np.hstack([_one_hot(f.district, d), _one_hot(f.occupation, o)])
        district_points = np.array([0.0, w.near_district, w.same_district])

        def place(c: Ints) -> Floats:
            return (0.0 + district_points[c % 3]) + np.where(c >= 3, w.occupation, 0.0)

        found.append(_Component(left, right, 6, place))
        counted(p.interests, f.interests, len(self.interests), capped(w.interest, s.interests_cap))
        counted(
            p.availability,
            f.availability,
            len(self.slots),
            capped(w.availability, s.availability_cap),
        )

        # Closeness in age: span − years apart (0 when unknown or span or more apart).
        years = np.concatenate([p.birth_year[p.born], f.birth_year[f.born]])
        first = int(years.min()) if years.size else 0
        count = int(years.max()) - first + 1 if years.size else 1
        span = s.age_span_years
        apart = np.abs(np.arange(count)[:, None] - np.arange(count)[None, :])
        closeness = np.maximum(0, span - apart).astype(np.float32)
        by_p = _coupled(np.where(p.born, p.birth_year - first, -1), closeness)
        by_f = _one_hot(np.where(f.born, f.birth_year - first, -1), count)

        def age(c: Ints) -> Floats:
            points = w.age * np.maximum(0.0, 1.0 - (span - c).astype(np.float64) / span)
            return np.where(c > 0, points, 0.0)

        found.append(_Component(by_p, by_f, max(0, span) + 1, age))
        return found

    def _score_tables(self) -> None:
        """The leading components with one table of their sums, the rest one by one.

        Each entry adds the components' points in order, starting from 0.0, exactly as a
        running sum over the pool would."""
        components = self._components()
        lead = 1
        size = components[0].classes
        while lead < len(components) and size * components[lead].classes <= TABLE_CELLS:
            size *= components[lead].classes
            lead += 1
        shape = [c.classes for c in components[:lead]]
        table = np.zeros(shape, dtype=np.float64)
        lefts, rights, radix = [], [], size
        for axis, component in enumerate(components[:lead]):
            radix //= component.classes
            view = [1] * lead
            view[axis] = component.classes
            table += component.points(np.arange(component.classes)).reshape(view)
            lefts.append(component.left * np.float32(radix))
            rights.append(component.right)
        self.table = table.ravel()
        self.lead = (np.hstack(lefts).astype(np.float32), np.hstack(rights).astype(np.float32))
        self.rest = [(c.left, c.right, c.points(np.arange(c.classes))) for c in components[lead:]]

    def row_bounds(self) -> Floats:
        """Per participant, no pair of theirs scores more than this."""
        return self.settings.max_static_score() + self.waiting

    def chunks(self) -> Iterator[tuple[slice, Mask, Floats]]:
        """(rows, allowed, score) for blocks of participants; score is 0 where not allowed."""
        for rows, allowed, score in self.raw_chunks():
            score *= allowed
            score += 0.0  # −0.0 (a negative score × 0) becomes 0.0
            yield rows, allowed, score

    def raw_chunks(self) -> Iterator[tuple[slice, Mask, Floats]]:
        """(rows, allowed, score) as `chunks()`, score left as it is where not allowed."""
        n = len(self.participants)
        step = max(1, CHUNK_CELLS // max(1, len(self.friends)))
        for start in range(0, n, step):
            rows = slice(start, min(n, start + step))
            with one_thread():
                allowed, score = self._allowed(rows), self._score(rows)
            yield rows, allowed, score

    def _allowed(self, rows: slice) -> Mask:
        p, f = self.p, self.f
        allowed = self.compat[self.compat_key["p"][rows]][:, self.compat_key["f"]]
        bridge = self.bridge_rows[(self.bridge_rows >= rows.start) & (self.bridge_rows < rows.stop)]
        if bridge.size:
            mine, theirs = self.bridging
            allowed[bridge - rows.start] &= (mine[bridge] @ theirs.T) > 0
        within = (self.unreachable_rows >= rows.start) & (self.unreachable_rows < rows.stop)
        if within.any():
            local = self.unreachable_rows[within] - rows.start
            blocked = self.unreachable[0][within][:, np.maximum(f.district, 0)]
            allowed[local] &= ~(blocked & (f.district >= 0))
        if self.unreachable_cols.size:
            cols = self.unreachable_cols
            district = p.district[rows]
            blocked = self.unreachable[1][:, np.maximum(district, 0)].T & (district >= 0)[:, None]
            allowed[:, cols] &= ~blocked
        for row, col in self.ended:
            if rows.start <= row < rows.stop:
                allowed[row - rows.start, col] = False
        return allowed

    def _score(self, rows: slice) -> Floats:
        left, right = self.lead
        index = (left[rows] @ right.T).astype(np.int32)
        score = self.table.take(index)
        for left, right, points in self.rest:
            score += points.take((left[rows] @ right.T).astype(np.int32))
        score += self.waiting[rows, None]
        return score
