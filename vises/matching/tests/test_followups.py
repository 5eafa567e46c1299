"""Follow-ups at 1, 3 and 6 months: sent when due, answered by link or on the phone, a pair
nobody answers is flagged for a call (issue "Language friends", point 5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vises.matching.models import FollowUp, Pair
from vises.matching.selectors.pairs import (
    followups_due,
    followups_to_call,
    pairs_struggling,
    pairs_to_call,
)
from vises.matching.services.followups import (
    FollowUpRefused,
    followup_answer,
    followups_send_due,
    months_after,
)
from vises.matching.services.pairs import pair_answer, pair_end, pair_pause
from vises.matching.tests.factories import PairFactory, friend_with_room, waiting_participant

pytestmark = pytest.mark.django_db
ACTOR = "system:test"


@pytest.fixture
def pair(partnership) -> Pair:
    made = PairFactory.create(
        participant=waiting_participant(partnership, first_name="Amal"),
        friend=friend_with_room(partnership, first_name="Eva"),
    )
    pair_answer(pair=made, side="participant", accept=True, actor=ACTOR)
    pair_answer(pair=made, side="friend", accept=True, actor=ACTOR)
    made.refresh_from_db()
    return made


def test_months_after_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2026, 8, 15), 6) == date(2027, 2, 15)
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_due_follow_ups_are_sent_once_to_each_side(pair, django_capture_on_commit_callbacks):
    first = months_after(timezone.localdate(pair.confirmed_at), 1)

    assert followups_send_due(today=first - timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_send_due(today=first) == 2
    assert followups_send_due(today=first) == 0
    sent = FollowUp.objects.filter(sent_at__isnull=False)
    assert sorted(sent.values_list("month", "side")) == [(1, "friend"), (1, "participant")]


def test_a_paused_or_ended_pair_is_not_asked(pair):
    pair_pause(pair=pair, actor=ACTOR)
    assert followups_send_due(today=date(2030, 1, 1)) == 0
    pair_end(pair=pair, reason=Pair.EndReason.OTHER, actor=ACTOR)
    assert followups_send_due(today=date(2030, 1, 1)) == 0


def test_an_answer_that_they_met_makes_the_pair_active(pair):
    followup = pair.followups.get(month=1, side="participant")

    followup_answer(
        followup=followup, meetings="weekly", going="good", wants_to_continue="yes", actor=ACTOR
    )

    pair.refresh_from_db()
    followup.refresh_from_db()
    assert pair.status == "active"
    assert (followup.meetings, followup.going, followup.wants_to_continue) == (
        "weekly",
        "good",
        "yes",
    )


def test_an_incomplete_answer_is_refused_and_nothing_is_saved(pair):
    followup = pair.followups.get(month=1, side="friend")
    with pytest.raises(FollowUpRefused):
        followup_answer(
            followup=followup, meetings="weekly", going="", wants_to_continue="yes", actor=ACTOR
        )
    followup.refresh_from_db()
    assert (followup.answered_at, followup.meetings) == (None, "")


def test_nobody_answering_for_14_days_flags_the_pair_for_a_call(pair, partnership):
    first = months_after(timezone.localdate(pair.confirmed_at), 1)
    followups_send_due(today=first)
    sent = timezone.now()

    assert list(pairs_to_call(partnership=partnership, now=sent + timedelta(days=13))) == []
    assert list(pairs_to_call(partnership=partnership, now=sent + timedelta(days=14))) == [pair]
    to_call = followups_to_call(pair=pair, now=sent + timedelta(days=14))
    assert [(f.month, f.side) for f in to_call] == [(1, "friend"), (1, "participant")]

    # The coordinator calls and records the participant's answers: the flag goes.
    followup_answer(
        followup=to_call[1],
        meetings="monthly",
        going="okay",
        wants_to_continue="unsure",
        by_phone=True,
        actor=ACTOR,
    )
    assert list(pairs_to_call(partnership=partnership, now=sent + timedelta(days=15))) == []
    assert FollowUp.objects.get(pk=to_call[1].pk).answered_by_phone is True


def test_follow_ups_due_within_a_week(pair, partnership):
    first = months_after(timezone.localdate(pair.confirmed_at), 1)
    assert followups_due(partnership=partnership, today=first - timedelta(days=8)).count() == 0
    assert followups_due(partnership=partnership, today=first - timedelta(days=7)).count() == 2


def test_a_pair_that_is_not_going_well_is_listed_until_a_better_answer(pair, partnership):
    one = pair.followups.get(month=1, side="friend")
    followup_answer(
        followup=one, meetings="rarely", going="hard", wants_to_continue="unsure", actor=ACTOR
    )
    assert list(pairs_struggling(partnership=partnership)) == [pair]

    three = pair.followups.get(month=3, side="participant")
    followup_answer(
        followup=three, meetings="weekly", going="good", wants_to_continue="yes", actor=ACTOR
    )
    assert list(pairs_struggling(partnership=partnership)) == []
