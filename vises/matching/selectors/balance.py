"""Balance and fairness of a run: how the waiting pool and the proposals spread over language,
age band, gender and education, against the agreement's aim of "en jämn tillströmning av
språkvänner både avseende språk, ålder, kön och utbildningsnivå" (seeds/001: an even inflow
of language friends by language, age, gender and education level).

The report holds counts per group and codes only (no person is named); it is stored on the
run and rendered by `balance_rows` and `balance_gaps`, which say in plain Swedish what the pool
lacks ("3 deltagare som talar tigrinja väntar, ingen språkvän talar tigrinja").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises.matching.engine.pairs import LANGUAGE_NAMES
from vises.matching.models import Proposal
from vises.matching.selectors.pool import PoolPerson, WaitingPool
from vises.people.ages import UNKNOWN, age_band
from vises.people.models import EducationLevel, Language, Person

DIMENSIONS = ("language", "age", "gender", "education")
# A group is flagged when its share of proposals is this many points below the whole pool's.
UNFAIR_POINTS = 20


def _groups(entry: PoolPerson, today: date) -> dict[str, list[str]]:
    person = entry.person
    return {
        "language": list(entry.languages) or [UNKNOWN],
        "age": [age_band(person.birth_year, today)],
        "gender": [person.gender or UNKNOWN],
        "education": [person.education_level_id or UNKNOWN],
    }


def balance_report(
    *, pool: WaitingPool, proposals: list[Proposal], today: date | None = None
) -> dict[str, Any]:
    """Counts per dimension and group: participants waiting, proposed, language friends with
    room and their places; also the participants waiting without a matching consent."""
    today = today or pool.settings.today or timezone.localdate()
    proposed = {p.participant_id for p in proposals}
    report: dict[str, Any] = {dim: {} for dim in DIMENSIONS}
    for person_id, entry in pool.people.items():
        for dim, groups in _groups(entry, today).items():
            for group in groups:
                row = report[dim].setdefault(
                    str(group), {"waiting": 0, "proposed": 0, "friends": 0, "places": 0}
                )
                if entry.side == "participant":
                    row["waiting"] += 1
                    row["proposed"] += person_id in proposed
                else:
                    row["friends"] += 1
                    row["places"] += entry.room
    participants = [e for e in pool.people.values() if e.side == "participant"]
    report["totals"] = {
        "waiting": len(participants),
        "proposed": len(proposed),
        "friends": sum(1 for e in pool.people.values() if e.side == "friend"),
        "places": sum(e.room for e in pool.people.values() if e.side == "friend"),
        "without_consent": sum(1 for e in pool.people.values() if not e.consented),
    }
    # Who wishes for a friend of the same gender, read once (not per participant).
    wishing = {p.id for p in pool.participants if p.wants_same_gender}
    report["same_gender"] = dict(
        Counter(p.person.gender for p in participants if p.person.pk in wishing)
    )
    return report


@dataclass(frozen=True)
class BalanceRow:
    group: str
    waiting: int
    proposed: int
    friends: int
    places: int
    share: int | None  # per cent of the waiting participants proposed
    behind: bool  # UNFAIR_POINTS or more below the whole pool's share
    target: int | None = None  # the year's recruitment target of friends of this group


class _Names:
    """Swedish names of the languages and education levels, read once per report."""

    def __init__(self) -> None:
        self.languages = dict(Language.objects.values_list("code", "name_sv"))
        self.education = dict(EducationLevel.objects.values_list("code", "name_sv"))
        self.genders = {str(k): str(v) for k, v in Person.Gender.choices}

    def label(self, dimension: str, code: str) -> str:
        if code == UNKNOWN:
            return _("not known")
        if dimension == "language":
            return self.languages.get(code) or LANGUAGE_NAMES.get(code, code)
        if dimension == "gender":
            return self.genders.get(code, code)
        if dimension == "education":
            return self.education.get(code, code)
        return code


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def balance_rows(
    report: dict[str, Any],
    names: _Names | None = None,
    targets: Mapping[tuple[str, str], int] | None = None,
) -> dict[str, list[BalanceRow]]:
    """The report as rows per dimension, largest group first, with the groups that get
    proposals markedly less often than the pool as a whole flagged `behind`, and beside each
    group its recruitment target (`targets`: {(dimension, group): friends}, the year's) when
    one is set. A group with a target and nobody in the pool gets a row of its own."""
    targets = targets or {}
    totals = report.get("totals") or {}
    overall = _share(totals.get("proposed", 0), totals.get("waiting", 0))
    names = names or _Names()
    rows: dict[str, list[BalanceRow]] = {}
    empty = {"waiting": 0, "proposed": 0, "friends": 0, "places": 0}
    for dim in DIMENSIONS:
        found = []
        groups = dict(report.get(dim) or {})
        for (target_dim, code), _friends in targets.items():
            if target_dim == dim:
                groups.setdefault(code, empty)
        for code, row in groups.items():
            share = _share(row["proposed"], row["waiting"])
            behind = overall is not None and share is not None and overall - share >= UNFAIR_POINTS
            found.append(
                BalanceRow(
                    names.label(dim, code),
                    row["waiting"],
                    row["proposed"],
                    row["friends"],
                    row["places"],
                    share,
                    behind,
                    target=targets.get((dim, code)),
                )
            )
        found.sort(key=lambda r: (-r.waiting, -r.friends, r.group))
        rows[dim] = found
    return rows


def balance_gaps(
    report: dict[str, Any],
    targets: Mapping[tuple[str, str], int] | None = None,
    year: int | None = None,
) -> list[str]:
    """What the pool lacks, in plain Swedish sentences for the coordinator; with the year's
    `targets`, also each group with a target and no language friend in the pool."""
    names = _Names()
    gaps = []
    for (dim, code), friends in sorted((targets or {}).items()):
        if not (report.get(dim) or {}).get(code, {}).get("friends"):
            gaps.append(
                ngettext(
                    "The target for %(year)s is %(n)s language friend in the group "
                    "%(group)s; there is none in the pool",
                    "The target for %(year)s is %(n)s language friends in the group "
                    "%(group)s; there is none in the pool",
                    friends,
                )
                % {"year": year, "n": friends, "group": names.label(dim, code)}
            )
    for code, row in sorted((report.get("language") or {}).items()):
        if code != UNKNOWN and row["waiting"] and not row["friends"]:
            name = names.label("language", code)
            gaps.append(
                ngettext(
                    "%(n)s participant who speaks %(language)s is waiting, no language friend "
                    "speaks %(language)s",
                    "%(n)s participants who speak %(language)s are waiting, no language friend "
                    "speaks %(language)s",
                    row["waiting"],
                )
                % {"n": row["waiting"], "language": name}
            )
    for gender, wanting in sorted((report.get("same_gender") or {}).items()):
        places = (report.get("gender") or {}).get(gender, {}).get("places", 0)
        if wanting > places:
            gaps.append(
                ngettext(
                    "%(n)s participant (%(gender)s) wants a friend of the same gender, "
                    "%(places)s places with such friends are free",
                    "%(n)s participants (%(gender)s) want a friend of the same gender, "
                    "%(places)s places with such friends are free",
                    wanting,
                )
                % {"n": wanting, "gender": names.label("gender", gender).lower(), "places": places}
            )
    totals = report.get("totals") or {}
    if totals.get("waiting", 0) > totals.get("places", 0):
        gaps.append(
            ngettext(
                "%(waiting)s participants are waiting and language friends have %(places)s place",
                "%(waiting)s participants are waiting and language friends have %(places)s places",
                totals.get("places", 0),
            )
            % {"waiting": totals["waiting"], "places": totals.get("places", 0)}
        )
    if totals.get("without_consent"):
        gaps.append(
            ngettext(
                "%(n)s person in the pool has no consent to matching: they cannot be proposed",
                "%(n)s persons in the pool have no consent to matching: they cannot be proposed",
                totals["without_consent"],
            )
            % {"n": totals["without_consent"]}
        )
    for dim, rows in balance_rows(report, names).items():
        for row in rows:
            if row.behind and dim != "language":
                gaps.append(
                    _("%(group)s get proposals less often: %(proposed)s of %(waiting)s")
                    % {"group": row.group, "proposed": row.proposed, "waiting": row.waiting}
                )
    return gaps
