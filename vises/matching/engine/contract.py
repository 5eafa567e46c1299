"""The JSON contract of `vises match` (DESIGN §9, docs/matching.md): parse and check the
input into the engine's dataclasses, and turn a result into the output document.

Every problem raises InputError with one line naming where it is ("friends[2].capacity: …").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vises.matching.engine.model import Friend, Id, Participant, Result, Settings, Weights


class InputError(ValueError):
    """The input breaks the contract; the message is one line naming the problem."""


@dataclass
class Problem:
    participants: list[Participant]
    friends: list[Friend]
    settings: Settings
    weights: list[list[float | None]] | None
    # Attribute names the engine does not know, ignored (reported on stderr).
    ignored: list[str] = field(default_factory=list)


TOP_LEVEL = {"participants", "friends", "weights", "settings"}
SHARED = {
    "id",
    "gender",
    "birth_year",
    "languages",
    "refuses_languages",
    "district",
    "unreachable_districts",
    "occupation",
    "interests",
    "availability",
    "wants_same_gender",
    "met_at_cafes",
    "ended_badly_with",
    "active",
    "consented",
}
PARTICIPANT = SHARED | {"needs_bridging_language", "waiting_since", "waiting_days"}
FRIEND = SHARED | {"capacity"}
SETTINGS = {
    "weights",
    "interests_cap",
    "availability_cap",
    "age_span_years",
    "waiting_cap_days",
    "today",
    "near_districts",
    "cafes",
    "language_names",
}
WEIGHTS = set(Weights.__dataclass_fields__)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def _fail(where: str, expected: str, value: Any) -> InputError:
    return InputError(f"{where}: expected {expected}, got {_kind(value)}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _id(value: Any, where: str) -> Id:
    if isinstance(value, str) or _is_int(value):
        identifier: Id = value
        return identifier
    raise _fail(where, "a string or an integer", value)


def _key(value: Any, where: str) -> str:
    """District and café ids: strings or integers, compared as text (JSON keys are text)."""
    return str(_id(value, where))


def _text(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _fail(where, "a string or null", value)


def _flag(value: Any, where: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise _fail(where, "true or false", value)


def _whole(value: Any, where: str, low: int | None = None, high: int | None = None) -> int | None:
    if value is None:
        return None
    if not _is_int(value):
        raise _fail(where, "an integer", value)
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low}" if high is None else f"from {low} to {high}"
        raise InputError(f"{where}: must be {span}, got {value}")
    return int(value)


def _list(value: Any, where: str, item: Callable[[Any, str], Any]) -> frozenset[Any]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise _fail(where, "a list", value)
    return frozenset(item(entry, f"{where}[{n}]") for n, entry in enumerate(value))


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, "a string", value)
    return value.strip().casefold()


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, "a string", value)
    return value


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(where, "a date YYYY-MM-DD", value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "an object", value)
    return value


def _shared(entry: dict[str, Any], where: str) -> dict[str, Any]:
    district = entry.get("district")
    return {
        "id": _id(entry["id"], f"{where}.id"),
        "gender": _text(entry.get("gender"), f"{where}.gender"),
        "birth_year": _whole(entry.get("birth_year"), f"{where}.birth_year", 1900, 2100),
        "languages": _list(entry.get("languages"), f"{where}.languages", _code),
        "refuses_languages": _list(
            entry.get("refuses_languages"), f"{where}.refuses_languages", _code
        ),
        "district": None if district is None else _key(district, f"{where}.district"),
        "unreachable_districts": _list(
            entry.get("unreachable_districts"), f"{where}.unreachable_districts", _key
        ),
        "occupation": _text(entry.get("occupation"), f"{where}.occupation"),
        "interests": _list(entry.get("interests"), f"{where}.interests", _string),
        "availability": _list(entry.get("availability"), f"{where}.availability", _code),
        "wants_same_gender": _flag(
            entry.get("wants_same_gender"), f"{where}.wants_same_gender", False
        ),
        "met_at_cafes": _list(entry.get("met_at_cafes"), f"{where}.met_at_cafes", _key),
        "ended_badly_with": _list(entry.get("ended_badly_with"), f"{where}.ended_badly_with", _id),
        "active": _flag(entry.get("active"), f"{where}.active", True),
        "consented": _flag(entry.get("consented"), f"{where}.consented", True),
    }


def _people(document: dict[str, Any], name: str, known: set[str], ignored: list[str]) -> list[Any]:
    if name not in document:
        raise InputError(f"{name}: missing (a list, which may be empty)")
    entries = document[name]
    if not isinstance(entries, list):
        raise _fail(name, "a list", entries)
    people: list[Any] = []
    seen: set[tuple[type, Id]] = set()
    for n, raw in enumerate(entries):
        where = f"{name}[{n}]"
        entry = _object(raw, where)
        if "id" not in entry:
            raise InputError(f"{where}: missing id")
        for key in sorted(set(entry) - known):
            ignored.append(f"{name}[].{key}")
        values = _shared(entry, where)
        if name == "participants":
            values["needs_bridging_language"] = _flag(
                entry.get("needs_bridging_language"), f"{where}.needs_bridging_language", False
            )
            values["waiting_since"] = _date(entry.get("waiting_since"), f"{where}.waiting_since")
            values["waiting_days"] = _whole(entry.get("waiting_days"), f"{where}.waiting_days", 0)
            person: Any = Participant(**values)
        else:
            capacity = entry.get("capacity", 1)
            if capacity is None:
                capacity = 1
            values["capacity"] = _whole(capacity, f"{where}.capacity", 1, 3)
            person = Friend(**values)
        identity = (type(person.id), person.id)
        if identity in seen:
            raise InputError(f"{where}.id: duplicate id {person.id!r}")
        seen.add(identity)
        people.append(person)
    return people


def _check_references(participants: list[Participant], friends: list[Friend]) -> None:
    friend_ids = {(type(f.id), f.id) for f in friends}
    participant_ids = {(type(p.id), p.id) for p in participants}
    for n, p in enumerate(participants):
        for other in sorted(p.ended_badly_with, key=repr):
            if (type(other), other) not in friend_ids:
                raise InputError(f"participants[{n}].ended_badly_with: unknown friend id {other!r}")
    for n, f in enumerate(friends):
        for other in sorted(f.ended_badly_with, key=repr):
            if (type(other), other) not in participant_ids:
                raise InputError(f"friends[{n}].ended_badly_with: unknown participant id {other!r}")


def _number(value: Any, where: str, low: float = 0.0) -> float:
    if not _is_number(value):
        raise _fail(where, "a number", value)
    if value < low:
        raise InputError(f"{where}: must be at least {low:g}, got {value}")
    return float(value)


def _settings(raw: Any, ignored: list[str]) -> Settings:
    if raw is None:
        return Settings()
    raw = _object(raw, "settings")
    ignored.extend(f"settings.{key}" for key in sorted(set(raw) - SETTINGS))
    values: dict[str, Any] = {}
    if raw.get("weights") is not None:
        given = _object(raw["weights"], "settings.weights")
        ignored.extend(f"settings.weights.{key}" for key in sorted(set(given) - WEIGHTS))
        values["weights"] = Weights(
            **{
                key: _number(given[key], f"settings.weights.{key}")
                for key in sorted(set(given) & WEIGHTS)
            }
        )
    for key, low in (
        ("interests_cap", 0),
        ("availability_cap", 0),
        ("age_span_years", 1),
        ("waiting_cap_days", 0),
    ):
        whole = _whole(raw.get(key), f"settings.{key}", low)
        if whole is not None:
            values[key] = whole
    values["today"] = _date(raw.get("today"), "settings.today")
    if raw.get("near_districts") is not None:
        near = _object(raw["near_districts"], "settings.near_districts")
        values["near_districts"] = {
            key: _list(others, f"settings.near_districts.{key}", _key)
            for key, others in near.items()
        }
    if raw.get("cafes") is not None:
        cafes = _object(raw["cafes"], "settings.cafes")
        values["cafes"] = {
            key: _string(name, f"settings.cafes.{key}") for key, name in cafes.items()
        }
    if raw.get("language_names") is not None:
        names = _object(raw["language_names"], "settings.language_names")
        values["language_names"] = {
            key.strip().casefold(): _string(name, f"settings.language_names.{key}")
            for key, name in names.items()
        }
    return Settings(**values)


def _weights(raw: Any, rows: int, columns: int) -> list[list[float | None]] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise _fail("weights", "a list of rows, one per participant", raw)
    if len(raw) != rows:
        raise InputError(f"weights: expected {rows} rows (one per participant), got {len(raw)}")
    matrix: list[list[float | None]] = []
    for n, row in enumerate(raw):
        if not isinstance(row, list):
            raise _fail(f"weights[{n}]", "a list of numbers or null", row)
        if len(row) != columns:
            raise InputError(
                f"weights[{n}]: expected {columns} values (one per friend), got {len(row)}"
            )
        for k, value in enumerate(row):
            if value is not None and not _is_number(value):
                raise _fail(f"weights[{n}][{k}]", "a number or null", value)
        matrix.append([None if value is None else float(value) for value in row])
    return matrix


def parse(document: Any) -> Problem:
    """The engine's input from a decoded JSON document; raises InputError."""
    document = _object(document, "input")
    ignored = [key for key in sorted(set(document) - TOP_LEVEL)]
    participants: list[Participant] = _people(document, "participants", PARTICIPANT, ignored)
    friends: list[Friend] = _people(document, "friends", FRIEND, ignored)
    _check_references(participants, friends)
    settings = _settings(document.get("settings"), ignored)
    weights = _weights(document.get("weights"), len(participants), len(friends))
    cafes = settings.cafes
    if cafes:
        for name, side in (("participants", participants), ("friends", friends)):
            for n, person in enumerate(side):
                for cafe in sorted(person.met_at_cafes - set(cafes)):
                    raise InputError(
                        f"{name}[{n}].met_at_cafes: unknown café id {cafe!r} "
                        "(not in settings.cafes)"
                    )
    return Problem(participants, friends, settings, weights, sorted(set(ignored)))


def result_document(result: Result) -> dict[str, Any]:
    """The output of the contract: pairs with score and reasons, unmatched, total_score."""
    return {
        "pairs": [
            {
                "participant": pair.participant,
                "friend": pair.friend,
                "score": pair.score,
                "reasons": [reason.text for reason in pair.reasons],
            }
            for pair in result.pairs
        ],
        "unmatched": list(result.unmatched),
        "total_score": round(result.total_score, 6),
    }
