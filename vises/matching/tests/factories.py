"""Builders of the waiting pool and of pairs for the matching tests (append, don't fork)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from vises.matching.models import FollowUp, Pair
from vises.partnerships.models import Partnership
from vises.people.models import (
    ConsentPurpose,
    Language,
    LanguageFriend,
    Participant,
    Person,
)
from vises.people.tests.factories import ConsentRecordFactory, PersonFactory


def _consent(person: Person) -> None:
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MATCHING)


def _languages(person: Person, codes: tuple[str, ...]) -> None:
    if codes:
        person.languages.set(Language.objects.filter(code__in=codes))


def waiting_participant(
    partnership: Partnership,
    *,
    languages: tuple[str, ...] = (),
    consent: bool = True,
    waiting_since: date | None = date(2026, 6, 1),
    same_gender: bool = False,
    **person: Any,
) -> Person:
    """A participant who wants a language friend (with the matching consent unless told)."""
    made = PersonFactory.create(partnership=partnership, **person)
    Participant.objects.create(
        person=made,
        wants_language_friend=True,
        wants_friend_same_gender=same_gender,
        waiting_since=waiting_since,
    )
    _languages(made, languages)
    if consent:
        _consent(made)
    return made


def friend_with_room(
    partnership: Partnership,
    *,
    capacity: int = 1,
    languages: tuple[str, ...] = (),
    consent: bool = True,
    **person: Any,
) -> Person:
    made = PersonFactory.create(partnership=partnership, **person)
    LanguageFriend.objects.create(person=made, capacity=capacity)
    _languages(made, languages)
    if consent:
        _consent(made)
    return made


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    participant = factory.SubFactory(PersonFactory)
    friend = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..participant.partnership")
    )
    partnership = factory.SelfAttribute("participant.partnership")
    status = Pair.Status.PROPOSED


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    pair = factory.SubFactory(PairFactory)
    person = factory.SelfAttribute("pair.participant")
    side = FollowUp.Side.PARTICIPANT
    month = 1
    due_on = date(2026, 7, 1)
