"""The waiting pool of a partnership, as the engine takes it.

Waiting: participants who want a language friend, are active, and have no open pair;
language friends who are active and have room (capacity minus open pairs). Whoever lacks an
active "matching" consent is in the pool (the balance report counts them) but the engine
pairs nobody without one (DESIGN §7: "both active and consented"). Café data ("met at the
same café") comes through the café selectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vises.cafes.selectors.cafes import cafe_host_names, cafes_where_friendship_wished
from vises.matching import engine
from vises.matching.models import Limits, Pair
from vises.partnerships.models import Partnership
from vises.people.models import (
    ConsentPurpose,
    ConsentRecord,
    LanguageFriend,
    Participant,
    Person,
)

OPEN_STATUSES = [str(status) for status in Pair.OPEN]
# Interests and availability are written as lists: "fotboll, matlagning; promenader".
LIST_SEPARATORS = re.compile(r"[,;/\n]+")


def _items(text: str) -> frozenset[str]:
    return frozenset(item.strip() for item in LIST_SEPARATORS.split(text or "") if item.strip())


def _consented() -> Exists:
    return Exists(
        ConsentRecord.objects.filter(
            person=OuterRef("person"),
            purpose=ConsentPurpose.MATCHING,
            withdrawn_at__isnull=True,
        )
    )


def waiting_participants(
    *, partnership: Partnership, only: set[int] | None = None
) -> QuerySet[Participant]:
    """Participants waiting for a friend: wants one, active, in the register, no open pair
    (of the persons `only`, when given)."""
    open_pair = Pair.objects.filter(participant=OuterRef("person"), status__in=OPEN_STATUSES)
    return (
        Participant.objects.filter(
            person__partnership=partnership,
            person__anonymised_at__isnull=True,
            wants_language_friend=True,
            is_active=True,
        )
        .filter(**({"person_id__in": only} if only is not None else {}))
        .exclude(Exists(open_pair))
        .annotate(consented=_consented())
        .select_related("person", "person__education_level")
        .order_by("waiting_since", "pk")
    )


def open_pairs_per_friend(
    *, person_ids: list[int] | None = None, partnership: Partnership
) -> dict[int, int]:
    """Friend person id → the number of open pairs they are in."""
    pairs = Pair.objects.filter(partnership=partnership, status__in=OPEN_STATUSES)
    if person_ids is not None:
        pairs = pairs.filter(friend_id__in=person_ids)
    return dict(pairs.values("friend_id").annotate(n=Count("pk")).values_list("friend_id", "n"))


def friends_with_room(
    *, partnership: Partnership, only: set[int] | None = None
) -> list[tuple[LanguageFriend, int, bool]]:
    """(friend, room left, consented) for every active language friend with room (of the
    persons `only`, when given)."""
    friends = list(
        LanguageFriend.objects.filter(
            person__partnership=partnership, person__anonymised_at__isnull=True, is_active=True
        )
        .filter(**({"person_id__in": only} if only is not None else {}))
        .annotate(consented=_consented())
        .select_related("person", "person__education_level")
        .order_by("pk")
    )
    taken = open_pairs_per_friend(
        partnership=partnership,
        person_ids=[f.person_id for f in friends] if only is not None else None,
    )
    rows: list[tuple[LanguageFriend, int, bool]] = []
    for friend in friends:
        room = friend.capacity - taken.get(friend.person_id, 0)
        if room > 0:
            rows.append((friend, room, bool(friend.consented)))
    return rows


def never_again(*, person_ids: list[int]) -> dict[int, set[int]]:
    """Person id → the persons on the other side never to be proposed to them again: a pair
    that did not work, or a proposal one of them declined."""
    ended = Pair.objects.filter(
        Q(participant_id__in=person_ids) | Q(friend_id__in=person_ids),
        status=Pair.Status.ENDED,
        end_reason__in=[Pair.EndReason.NOT_WORKING, Pair.EndReason.DECLINED],
    ).values_list("participant_id", "friend_id")
    found: dict[int, set[int]] = {}
    for participant_id, friend_id in ended:
        found.setdefault(participant_id, set()).add(friend_id)
        found.setdefault(friend_id, set()).add(participant_id)
    return found


@dataclass
class PoolPerson:
    """A person of the pool, for pages and the balance report (never sent anywhere)."""

    person: Person
    side: str  # "participant" or "friend"
    consented: bool
    room: int = 1
    waiting_since: date | None = None
    languages: tuple[str, ...] = ()


@dataclass
class WaitingPool:
    participants: list[engine.Participant] = field(default_factory=list)
    friends: list[engine.Friend] = field(default_factory=list)
    settings: engine.Settings = field(default_factory=engine.Settings)
    people: dict[int, PoolPerson] = field(default_factory=dict)

    def participant_ids(self) -> list[int]:
        return [int(p.id) for p in self.participants]


def _side_values(person: Person, limits: Limits | None) -> dict[str, object]:
    refuses = frozenset(lang.code for lang in limits.refuses_languages.all()) if limits else ()
    unreachable = frozenset(str(d.pk) for d in limits.unreachable_districts.all()) if limits else ()
    return {
        "id": person.pk,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "languages": frozenset(lang.code for lang in person.languages.all()),
        "refuses_languages": frozenset(refuses),
        "district": str(person.district_id) if person.district_id else None,
        "unreachable_districts": frozenset(unreachable),
        "occupation": person.occupation or None,
        "interests": _items(person.interests),
        "availability": _items(person.availability),
    }


def waiting_pool(
    *,
    partnership: Partnership,
    today: date | None = None,
    excluded: set[int] | None = None,
    only: set[int] | None = None,
) -> WaitingPool:
    """Everyone waiting in the partnership, as engine inputs, plus what pages show of them.

    `excluded` (person ids) are left out; `only` (person ids) restricts the pool to them (a
    publish checks its proposals' people, not the whole register). A fixed number of
    queries, whatever the pool's size.
    """
    today = today or timezone.localdate()
    excluded = excluded or set()
    participants = [
        p
        for p in waiting_participants(partnership=partnership, only=only)
        if p.person_id not in excluded
    ]
    friends = [
        row
        for row in friends_with_room(partnership=partnership)
        if row[0].person_id not in excluded
    ]
    person_ids = [p.person_id for p in participants] + [f.person_id for f, _r, _c in friends]
    persons = {
        person.pk: person
        for person in Person.objects.filter(pk__in=person_ids)
        .select_related("education_level")
        .prefetch_related("languages")
    }
    limits = {
        limit.person_id: limit
        for limit in Limits.objects.filter(person_id__in=person_ids).prefetch_related(
            "refuses_languages", "unreachable_districts"
        )
    }
    wished = cafes_where_friendship_wished(person_ids=person_ids)
    cafe_ids = {cafe for cafes in wished.values() for cafe in cafes}
    cafe_names = {str(k): v for k, v in cafe_host_names(cafe_ids=cafe_ids).items()}
    avoid = never_again(person_ids=person_ids)

    pool = WaitingPool(settings=engine.Settings(today=today, cafes=cafe_names))
    for participant in participants:
        person = persons[participant.person_id]
        consented = bool(participant.consented)  # type: ignore[attr-defined]
        values = _side_values(person, limits.get(person.pk))
        pool.participants.append(
            engine.Participant(
                **values,  # type: ignore[arg-type]
                wants_same_gender=participant.wants_friend_same_gender,
                met_at_cafes=frozenset(str(c) for c in wished.get(person.pk, ())),
                ended_badly_with=frozenset(avoid.get(person.pk, ())),
                active=True,
                consented=consented,
                needs_bridging_language=person.swedish_level == Person.SwedishLevel.NONE,
                waiting_since=participant.waiting_since or today,
            )
        )
        pool.people[person.pk] = PoolPerson(
            person,
            "participant",
            consented,
            waiting_since=participant.waiting_since,
            languages=tuple(sorted(values["languages"])),  # type: ignore[call-overload]
        )
    for friend, room, consented in friends:
        person = persons[friend.person_id]
        values = _side_values(person, limits.get(person.pk))
        pool.friends.append(
            engine.Friend(
                **values,  # type: ignore[arg-type]
                wants_same_gender=friend.wants_same_gender,
                met_at_cafes=frozenset(str(c) for c in wished.get(person.pk, ())),
                ended_badly_with=frozenset(avoid.get(person.pk, ())),
                active=True,
                consented=consented,
                capacity=room,
            )
        )
        pool.people[person.pk] = PoolPerson(
            person,
            "friend",
            consented,
            room=room,
            languages=tuple(sorted(values["languages"])),  # type: ignore[call-overload]
        )
    return pool


def pool_counts(*, partnership: Partnership) -> dict[str, int]:
    """How many wait: participants, friends with room, places (room summed), and how many of
    them have no matching consent (in the pool, but never proposed)."""
    waiting = waiting_participants(partnership=partnership)
    participants = list(waiting.values_list("consented", flat=True))  # type: ignore[misc]
    friends = friends_with_room(partnership=partnership)
    return {
        "participants": len(participants),
        "friends": len(friends),
        "places": sum(room for _f, room, _c in friends),
        "without_consent": participants.count(False)
        + sum(1 for _f, _r, consented in friends if not consented),
    }
