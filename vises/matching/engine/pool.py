"""The whole pool at once: which pairs are allowed and what each scores, as numpy matrices.

Sets (languages, interests, slots, cafés) become bit rows, so "what do these two share" is an
AND and a popcount over the whole pool. The rules are those of `pairs.py`, which is the
per-pair reference; the tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from vises.matching.engine.model import Friend, Participant, Settings
from vises.matching.engine.pairs import normalised, waiting_days

Bits = npt.NDArray[np.uint64]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

# Rows of participants handled together: bounds the temporary arrays to ~ROWS × friends.
CHUNK_CELLS = 1 << 21


class _Vocabulary:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def code(self, item: str | None) -> int:
        if item is None:
            return -1
        return self.index.setdefault(item, len(self.index))

    def codes(self, items: Iterable[str | None]) -> Ints:
        return np.array([self.code(item) for item in items], dtype=np.int64)


def _bits(sets: Sequence[Iterable[str]], vocabulary: _Vocabulary) -> list[list[int]]:
    return [[vocabulary.code(item) for item in items] for items in sets]


def _pack(indexes: list[list[int]], size: int) -> Bits:
    words = max(1, (size + 63) // 64)
    packed = np.zeros((len(indexes), words), dtype=np.uint64)
    for row, found in enumerate(indexes):
        for index in found:
            packed[row, index // 64] |= np.uint64(1) << np.uint64(index % 64)
    return packed


def _shared_count(mine: Bits, theirs: Bits) -> Ints:
    count = np.zeros((mine.shape[0], theirs.shape[0]), dtype=np.int64)
    for word in range(mine.shape[1]):
        count += np.bitwise_count(mine[:, word, None] & theirs[None, :, word])
    return count


def _shares_any(mine: Bits, theirs: Bits) -> Mask:
    found = np.zeros((mine.shape[0], theirs.shape[0]), dtype=np.bool_)
    for word in range(mine.shape[1]):
        found |= (mine[:, word, None] & theirs[None, :, word]) != 0
    return found


@dataclass
class _Side:
    eligible: Mask
    gender: Ints
    same_gender: Mask
    birth_year: Floats
    district: Ints
    unreachable: Mask  # person × district
    occupation: Ints
    languages: Bits  # bridging languages, minus the other side's refusals applied later
    refuses: Bits
    interests: Bits
    availability: Bits
    cafes: Bits


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
        genders, districts, occupations = _Vocabulary(), _Vocabulary(), _Vocabulary()
        languages, interests, slots, cafes = (_Vocabulary() for _ in range(4))
        people: Sequence[Sequence[Participant | Friend]] = (participants, friends)
        raw: dict[str, dict[str, Any]] = {}
        for name, side in zip(("p", "f"), people, strict=True):
            raw[name] = {
                "gender": genders.codes(person.known_gender for person in side),
                "district": districts.codes(person.district for person in side),
                "occupation": occupations.codes(
                    normalised(person.occupation) if person.occupation else None for person in side
                ),
                "unreachable": _bits([person.unreachable_districts for person in side], districts),
                "languages": _bits([person.bridging_languages for person in side], languages),
                "refuses": _bits([person.refuses_languages for person in side], languages),
                "interests": _bits(
                    [{normalised(i) for i in person.interests} for person in side], interests
                ),
                "availability": _bits(
                    [{normalised(s) for s in person.availability} for person in side], slots
                ),
                "cafes": _bits([person.met_at_cafes for person in side], cafes),
            }
        self.district_count = len(districts.index)
        self.sides: dict[str, _Side] = {}
        for name, side in zip(("p", "f"), people, strict=True):
            unreachable = np.zeros((len(side), max(1, self.district_count)), dtype=np.bool_)
            for row, found in enumerate(raw[name]["unreachable"]):
                unreachable[row, found] = True
            self.sides[name] = _Side(
                eligible=np.array([person.eligible for person in side], dtype=np.bool_),
                gender=raw[name]["gender"],
                same_gender=np.array([person.wants_same_gender for person in side], dtype=bool),
                birth_year=np.array(
                    [np.nan if person.birth_year is None else person.birth_year for person in side],
                    dtype=np.float64,
                ),
                district=raw[name]["district"],
                unreachable=unreachable,
                occupation=raw[name]["occupation"],
                languages=_pack(raw[name]["languages"], len(languages.index)),
                refuses=_pack(raw[name]["refuses"], len(languages.index)),
                interests=_pack(raw[name]["interests"], len(interests.index)),
                availability=_pack(raw[name]["availability"], len(slots.index)),
                cafes=_pack(raw[name]["cafes"], len(cafes.index)),
            )
        near = np.zeros((max(1, self.district_count),) * 2, dtype=np.bool_)
        for one, others in settings.near_districts.items():
            for other in others:
                if one in districts.index and other in districts.index:
                    near[districts.index[one], districts.index[other]] = True
                    near[districts.index[other], districts.index[one]] = True
        self.near = near
        self.needs_bridge = np.array(
            [p.needs_bridging_language for p in participants], dtype=np.bool_
        )
        w = settings.weights
        days = np.array([waiting_days(p, today) for p in participants], dtype=np.float64)
        self.waiting = w.waiting_per_30_days * np.minimum(days, settings.waiting_cap_days) / 30
        participant_index = {p.id: row for row, p in enumerate(participants)}
        friend_index = {f.id: col for col, f in enumerate(friends)}
        ended: set[tuple[int, int]] = set()
        for row, p in enumerate(participants):
            ended.update((row, friend_index[i]) for i in p.ended_badly_with if i in friend_index)
        for col, f in enumerate(friends):
            ended.update(
                (participant_index[i], col) for i in f.ended_badly_with if i in participant_index
            )
        self.ended = ended

        self._tables(districts.index, occupations.index)

    def _tables(self, districts: dict[str, int], occupations: dict[str, int]) -> None:
        """Small per-value tables, so district, occupation and age cost one look-up a cell.

        Their entries are computed with the same arithmetic as pairs.py."""
        s, w = self.settings, self.settings.weights
        d, o = len(districts), len(occupations)
        place = np.zeros(((d + 1) * (o + 1),) * 2, dtype=np.float64)
        for pd in range(-1, d):
            for fd in range(-1, d):
                if pd >= 0 and pd == fd:
                    district = w.same_district
                elif pd >= 0 and fd >= 0 and self.near[pd, fd]:
                    district = w.near_district
                else:
                    district = 0.0
                for po in range(-1, o):
                    row = (pd + 1) * (o + 1) + po + 1
                    base = (fd + 1) * (o + 1) + 1
                    place[row, base - 1 : base + o] += district
                    if po >= 0:
                        place[row, base + po] += w.occupation
        self.place_table = place
        self.place_key = {
            name: (side.district + 1) * (o + 1) + side.occupation + 1
            for name, side in self.sides.items()
        }
        years = [side.birth_year for side in self.sides.values()]
        known = np.concatenate(years)
        known = known[~np.isnan(known)]
        first = int(known.min()) if known.size else 0
        span = int(known.max()) - first + 1 if known.size else 0
        apart = np.abs(np.arange(span)[:, None] - np.arange(span)[None, :]).astype(np.float64)
        age = np.zeros((span + 1, span + 1), dtype=np.float64)
        age[:span, :span] = w.age * np.maximum(0.0, 1.0 - apart / s.age_span_years)
        self.age_table = age
        self.age_key = {
            name: np.where(np.isnan(side.birth_year), span, side.birth_year - first).astype(
                np.int64
            )
            for name, side in self.sides.items()
        }
        self.refusing = {
            name: np.flatnonzero(np.any(side.refuses != 0, axis=1))
            for name, side in self.sides.items()
        }

    def _shares_language(self, rows: slice) -> Mask:
        """A bridging language both speak and neither refuses; the exact rule only where
        someone refuses a language (rare), a plain AND elsewhere."""
        p, f = self.sides["p"], self.sides["f"]
        shares = _shares_any(p.languages[rows], f.languages)
        columns = self.refusing["f"]
        if columns.size:
            shares[:, columns] = self._shares_exact(np.arange(rows.start, rows.stop), columns)
        refusing_rows = self.refusing["p"]
        refusing_rows = refusing_rows[(refusing_rows >= rows.start) & (refusing_rows < rows.stop)]
        if refusing_rows.size:
            shares[refusing_rows - rows.start] = self._shares_exact(
                refusing_rows, np.arange(len(self.friends))
            )
        return shares

    def _shares_exact(self, rows: Ints, columns: Ints) -> Mask:
        p, f = self.sides["p"], self.sides["f"]
        mine = p.languages[rows][:, None, :] & ~f.refuses[columns][None, :, :]
        theirs = f.languages[columns][None, :, :] & ~p.refuses[rows][:, None, :]
        return np.asarray(np.any((mine & theirs) != 0, axis=2))

    def row_bounds(self) -> Floats:
        """Per participant, no pair of theirs scores more than this."""
        return self.settings.max_static_score() + self.waiting

    def chunks(self) -> Iterator[tuple[slice, Mask, Floats]]:
        """(rows, allowed, score) for blocks of participants; score is 0 where not allowed."""
        n = len(self.participants)
        step = max(1, CHUNK_CELLS // max(1, len(self.friends)))
        for start in range(0, n, step):
            rows = slice(start, min(n, start + step))
            allowed, score = self._block(rows)
            yield rows, allowed, score

    def _block(self, rows: slice) -> tuple[Mask, Floats]:
        p, f, s = self.sides["p"], self.sides["f"], self.settings
        w = s.weights
        pg, fg = p.gender[rows, None], f.gender[None, :]
        pd, fd = p.district[rows, None], f.district[None, :]

        allowed = p.eligible[rows, None] & f.eligible[None, :]
        same_gender = (pg >= 0) & (pg == fg)
        allowed &= ~(p.same_gender[rows, None] | f.same_gender[None, :]) | same_gender
        shares_language = self._shares_language(rows)
        allowed &= ~self.needs_bridge[rows, None] | shares_language
        friend_district = np.maximum(f.district, 0)
        allowed &= ~(p.unreachable[rows][:, friend_district] & (fd >= 0))
        participant_district = np.maximum(p.district[rows], 0)
        allowed &= ~(f.unreachable[:, participant_district].T & (pd >= 0))
        for row, col in self.ended:
            if rows.start <= row < rows.stop:
                allowed[row - rows.start, col] = False

        score = np.zeros(allowed.shape, dtype=np.float64)
        score += w.same_cafe * _shares_any(p.cafes[rows], f.cafes)
        score += w.shared_language * shares_language
        # District (same or near) and occupation as one look-up in a small table.
        score += self.place_table[self.place_key["p"][rows]][:, self.place_key["f"]]
        interests = np.minimum(_shared_count(p.interests[rows], f.interests), s.interests_cap)
        score += w.interest * interests
        slots = np.minimum(_shared_count(p.availability[rows], f.availability), s.availability_cap)
        score += w.availability * slots
        score += self.age_table[self.age_key["p"][rows]][:, self.age_key["f"]]
        score += self.waiting[rows, None]
        score[~allowed] = 0.0
        return allowed, score
