"""Balance and fairness of a run (issue "Language friends", point 6): the pool and the
proposals over language, age band, gender and education, and what the pool lacks, against
the agreement's "en jämn tillströmning av språkvänner både avseende språk, ålder, kön och
utbildningsnivå" (seeds/001)."""

from __future__ import annotations

from datetime import date

import pytest

from vises.matching.selectors.balance import age_band, balance_gaps, balance_rows
from vises.matching.services.runs import run_create
from vises.matching.tests.factories import friend_with_room, waiting_participant
from vises.people.models import Person

pytestmark = pytest.mark.django_db
ACTOR = "system:test"


def test_age_bands():
    today = date(2026, 12, 3)
    assert [age_band(year, today) for year in (2004, 2001, 1992, 1982, 1961, 1950, None)] == [
        "–24",
        "25–34",
        "25–34",
        "35–44",
        "65–",
        "65–",
        "?",
    ]


def test_the_page_says_what_the_pool_lacks(partnership):
    for name in ("Bisrat", "Dawit", "Semhar"):
        waiting_participant(partnership, first_name=name, languages=("ti",))
    waiting_participant(partnership, first_name="Amal", languages=("ar",))
    friend_with_room(partnership, first_name="Eva", languages=("ar",))

    run = run_create(partnership=partnership, actor=ACTOR)

    gaps = balance_gaps(run.balance)
    assert gaps[0] == "3 deltagare som talar tigrinja väntar, ingen språkvän talar tigrinja"
    assert "4 deltagare väntar och språkvännerna har 1 plats" in gaps
    rows = {row.group: row for row in balance_rows(run.balance)["language"]}
    assert (rows["tigrinja"].waiting, rows["tigrinja"].proposed, rows["tigrinja"].friends) == (
        3,
        0,
        0,
    )
    assert (rows["arabiska"].waiting, rows["arabiska"].proposed, rows["arabiska"].share) == (
        1,
        1,
        100,
    )
    assert rows["tigrinja"].behind is True


def test_same_gender_wishes_against_the_places(partnership):
    for name in ("Amal", "Hodan"):
        waiting_participant(
            partnership, first_name=name, gender=Person.Gender.WOMAN, same_gender=True
        )
    friend_with_room(partnership, first_name="Lars", gender=Person.Gender.MAN, capacity=2)

    run = run_create(partnership=partnership, actor=ACTOR)

    assert run.proposals.count() == 0
    gaps = balance_gaps(run.balance)
    assert (
        "2 deltagare (kvinna) vill ha en språkvän av samma kön, "
        "0 platser hos sådana språkvänner är lediga" in gaps
    )
    genders = {row.group: row for row in balance_rows(run.balance)["gender"]}
    assert (genders["Kvinna"].waiting, genders["Man"].places) == (2, 2)


def test_people_without_consent_are_counted_not_proposed(partnership):
    waiting_participant(partnership, first_name="Amal", consent=False)
    friend_with_room(partnership, first_name="Eva")

    run = run_create(partnership=partnership, actor=ACTOR)

    assert run.proposals.count() == 0
    assert (
        "1 person i poolen har inget samtycke till matchning: hen kan inte få förslag"
        in balance_gaps(run.balance)
    )


def test_the_report_names_nobody(partnership):
    waiting_participant(partnership, first_name="Zainab", last_name="Qasimi", languages=("prs",))
    friend_with_room(partnership, first_name="Ingrid", last_name="Holm")

    run = run_create(partnership=partnership, actor=ACTOR)

    stored = str(run.balance)
    assert "Zainab" not in stored and "Qasimi" not in stored and "Ingrid" not in stored
