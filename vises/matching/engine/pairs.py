"""One pair at a time: is it allowed, and what does it score, component by component.

This is the reference the whole-pool computation in `pool.py` must agree with (the tests
compare them on random pools), and what every proposal's reasons are made of.
"""

from __future__ import annotations

from datetime import date

from vises.matching.engine.model import Friend, Participant, Reason, Settings

# Swedish names of the languages most often spoken in the register (people/data/languages.csv);
# Settings.language_names adds or overrides. An unknown code is shown as it is.
LANGUAGE_NAMES = {
    "en": "engelska",
    "ar": "arabiska",
    "prs": "dari",
    "fa": "persiska",
    "so": "somaliska",
    "ti": "tigrinja",
    "uk": "ukrainska",
    "am": "amhariska",
    "ps": "pashto",
    "ku": "kurdiska",
    "ckb": "centralkurdiska",
    "tr": "turkiska",
    "ru": "ryska",
    "pl": "polska",
    "ro": "rumänska",
    "bs": "bosniska",
    "hr": "kroatiska",
    "sr": "serbiska",
    "sq": "albanska",
    "es": "spanska",
    "fr": "franska",
    "de": "tyska",
    "fi": "finska",
}

DAYS = {
    "mon": "måndag",
    "tue": "tisdag",
    "wed": "onsdag",
    "thu": "torsdag",
    "fri": "fredag",
    "sat": "lördag",
    "sun": "söndag",
}
PARTS = {"am": "förmiddag", "pm": "eftermiddag", "eve": "kväll"}
DAY_ORDER = list(DAYS)
PART_ORDER = list(PARTS)


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def waiting_days(participant: Participant, today: date) -> int:
    if participant.waiting_days is not None:
        return max(0, participant.waiting_days)
    if participant.waiting_since is None:
        return 0
    return max(0, (today - participant.waiting_since).days)


def pair_allowed(participant: Participant, friend: Friend) -> bool:
    """The hard constraints of one pair (capacity is the solver's): docs/matching.md."""
    if not (participant.eligible and friend.eligible):
        return False
    if participant.wants_same_gender or friend.wants_same_gender:
        gender = participant.known_gender
        if gender is None or gender != friend.known_gender:
            return False
    if participant.needs_bridging_language and not shared_languages(participant, friend):
        return False
    if friend.district is not None and friend.district in participant.unreachable_districts:
        return False
    if participant.district is not None and participant.district in friend.unreachable_districts:
        return False
    return not (
        friend.id in participant.ended_badly_with or participant.id in friend.ended_badly_with
    )


def shared_languages(participant: Participant, friend: Friend) -> frozenset[str]:
    """Bridging languages both speak and neither refuses."""
    return (participant.bridging_languages - friend.refuses_languages) & (
        friend.bridging_languages - participant.refuses_languages
    )


def pair_reasons(
    participant: Participant, friend: Friend, settings: Settings, today: date
) -> tuple[Reason, ...]:
    """Every component with points above zero, in a fixed order; their sum is the score."""
    w = settings.weights
    reasons: list[Reason] = []

    cafes = sorted(participant.met_at_cafes & friend.met_at_cafes)
    if cafes and w.same_cafe > 0:
        names = sorted(settings.cafes[c] for c in cafes if c in settings.cafes)
        text = f"träffades på caféet hos {names[0]}" if names else "träffades på samma café"
        reasons.append(Reason("same_cafe", text, w.same_cafe))

    languages = shared_languages(participant, friend)
    if languages and w.shared_language > 0:
        names = sorted(
            settings.language_names.get(code) or LANGUAGE_NAMES.get(code, code)
            for code in languages
        )
        reasons.append(Reason("shared_language", f"båda talar {_and(names)}", w.shared_language))

    if participant.district is not None and participant.district == friend.district:
        if w.same_district > 0:
            reasons.append(Reason("district", "bor i samma stadsdel", w.same_district))
    elif (
        participant.district is not None
        and friend.district is not None
        and settings.are_near(participant.district, friend.district)
        and w.near_district > 0
    ):
        reasons.append(Reason("district", "bor i stadsdelar nära varandra", w.near_district))

    if (
        participant.occupation
        and friend.occupation
        and normalised(participant.occupation) == normalised(friend.occupation)
        and w.occupation > 0
    ):
        field = " ".join(participant.occupation.split())
        reasons.append(Reason("occupation", f"samma yrkesområde: {field}", w.occupation))

    interests = _common(participant.interests, friend.interests)
    counted = min(len(interests), settings.interests_cap)
    if counted and w.interest > 0:
        label = "gemensamt intresse" if len(interests) == 1 else "gemensamma intressen"
        reasons.append(
            Reason("interests", f"{label}: {', '.join(interests)}", w.interest * counted)
        )

    slots = sorted(_common(participant.availability, friend.availability), key=_slot_order)
    counted = min(len(slots), settings.availability_cap)
    if counted and w.availability > 0:
        text = "kan träffas: " + ", ".join(slot_name(slot) for slot in slots)
        reasons.append(Reason("availability", text, w.availability * counted))

    if participant.birth_year is not None and friend.birth_year is not None:
        apart = abs(participant.birth_year - friend.birth_year)
        points = w.age * max(0.0, 1.0 - apart / settings.age_span_years)
        if points > 0:
            text = "födda samma år" if apart == 0 else f"nära i ålder ({apart} års skillnad)"
            reasons.append(Reason("age", text, points))

    days = waiting_days(participant, today)
    points = w.waiting_per_30_days * min(days, settings.waiting_cap_days) / 30
    if points > 0:
        text = "väntat 1 dag" if days == 1 else f"väntat {days} dagar"
        reasons.append(Reason("waiting", text, points))
    return tuple(reasons)


def slot_name(slot: str) -> str:
    """ "mon-am" → "måndag förmiddag"; a slot in another form is shown as written."""
    day, _sep, part = slot.partition("-")
    if day in DAYS and part in PARTS:
        return f"{DAYS[day]} {PARTS[part]}"
    return slot


def _slot_order(slot: str) -> tuple[int, int, str]:
    day, _sep, part = slot.partition("-")
    if day in DAYS and part in PARTS:
        return (DAY_ORDER.index(day), PART_ORDER.index(part), slot)
    return (len(DAY_ORDER), 0, slot)


def _common(mine: frozenset[str], theirs: frozenset[str]) -> list[str]:
    """Items both have, compared without case, in the participant's spelling, sorted."""
    other = {normalised(item) for item in theirs}
    found = {normalised(item): item for item in sorted(mine) if normalised(item) in other}
    return [found[key] for key in sorted(found)]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
