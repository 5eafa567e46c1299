"""Finding the whole name of a participant in a text others will read (the steering group's
minutes, the annual report): vises.people.selectors.participants_named_in."""

from __future__ import annotations

import pytest

from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.selectors import participants_named_in
from vises.people.tests.factories import (
    LanguageFriendFactory,
    ParticipantFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def participant(partnership, first, last, **person):
    return ParticipantFactory.create(
        person__partnership=partnership,
        person__first_name=first,
        person__last_name=last,
        **{f"person__{key}": value for key, value in person.items()},
    ).person


def names(partnership, text):
    return [
        f"{p.first_name} {p.last_name}"
        for p in participants_named_in(partnership=partnership, text=text)
    ]


def test_whole_names_are_found_in_any_case_and_across_lines(partnership):
    participant(partnership, "Hodan", "Warsame")
    participant(partnership, "Åsa", "Öberg")
    participant(partnership, "Mohammed Ali", "Al-Hassan")

    text = "Rapport: HODAN WARSAME kom.\nåsa\nöberg likaså, och Mohammed Ali Al-Hassan."

    assert names(partnership, text) == ["Hodan Warsame", "Åsa Öberg", "Mohammed Ali Al-Hassan"]


def test_a_first_name_alone_or_a_name_in_pieces_is_not_a_name(partnership):
    participant(partnership, "Hodan", "Warsame")
    participant(partnership, "Sara", "")

    text = "Hodan var där. Warsame är ett vanligt namn. Sara kom också. Warsame Hodan."

    assert names(partnership, text) == []


def test_only_the_partnership_s_participants_in_the_register_count(partnership):
    other = PartnershipFactory.create()
    participant(other, "Hodan", "Warsame")
    LanguageFriendFactory.create(
        person__partnership=partnership, person__first_name="Eva", person__last_name="Berg"
    )
    PersonFactory.create(partnership=partnership, first_name="Bo", last_name="Ek")
    erased = participant(partnership, "Amal", "Noor")
    type(erased).objects.filter(pk=erased.pk).update(anonymised_at="2025-01-01T00:00Z")

    assert names(partnership, "Hodan Warsame, Eva Berg, Bo Ek och Amal Noor") == []
