"""The pair lifecycle (docs/pair-states.md): proposed → confirmed → active ⇄ paused → ended,
each transition one service with its audit event; answers, reminders and the return to the
coordinator (issue "Language friends", points 4 and 5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vises.common.models import AuditEvent
from vises.matching.models import FollowUp, Pair
from vises.matching.selectors.pool import pool_counts
from vises.matching.services.pairs import (
    PairRefused,
    pair_activate,
    pair_answer,
    pair_end,
    pair_pause,
    pair_resume,
    proposals_follow_up,
)
from vises.matching.tests.factories import PairFactory, friend_with_room, waiting_participant

pytestmark = pytest.mark.django_db
ACTOR = "system:test"


@pytest.fixture
def pair(partnership) -> Pair:
    amal = waiting_participant(partnership, first_name="Amal", waiting_since=date(2026, 2, 1))
    eva = friend_with_room(partnership, first_name="Eva")
    return PairFactory.create(participant=amal, friend=eva, waiting_since=date(2026, 2, 1))


def actions(pair: Pair) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="matching.pair", object_id=str(pair.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def queued() -> list[tuple[str, str]]:
    return sorted(
        (path.rsplit(".", 1)[1], kwargs["args"][1])
        for path, kwargs in DBTaskResult.objects.values_list("task_path", "args_kwargs")
    )


def test_both_accept_confirms_and_introduces_them(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    pair.refresh_from_db()
    assert (pair.status, queued()) == ("proposed", [])

    with django_capture_on_commit_callbacks(execute=True):
        pair_answer(pair=pair, side="friend", accept=True, actor=ACTOR)

    pair.refresh_from_db()
    assert pair.status == "confirmed"
    assert queued() == [
        ("send_pair_introduction", "friend"),
        ("send_pair_introduction", "participant"),
    ]
    assert FollowUp.objects.filter(pair=pair).count() == 6
    due = sorted({f.due_on - timezone.localdate(pair.confirmed_at) for f in pair.followups.all()})
    assert [d.days // 28 for d in due] == [1, 3, 6]
    assert actions(pair) == [
        "matching.pair.participant_accepted",
        "matching.pair.friend_accepted",
        "matching.pair.confirmed",
    ]


def test_answering_twice_the_same_way_changes_nothing(pair):
    pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    assert actions(pair) == ["matching.pair.participant_accepted"]


def test_a_decline_ends_it_with_the_reason_and_both_wait_again(
    pair, partnership, django_capture_on_commit_callbacks
):
    pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    with django_capture_on_commit_callbacks(execute=True):
        pair_answer(
            pair=pair,
            side="friend",
            accept=False,
            decline_code="no_time",
            decline_reason="  Jobbar kvällar i vår ",
            actor=ACTOR,
        )

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason, pair.decline_code, pair.decline_reason) == (
        "ended",
        "declined",
        "no_time",
        "Jobbar kvällar i vår",
    )
    # The participant waits again from the day they first began; the friend has room again.
    pair.participant.participant.refresh_from_db()
    assert pair.participant.participant.waiting_since == date(2026, 2, 1)
    assert pool_counts(partnership=partnership)["participants"] == 1
    assert pool_counts(partnership=partnership)["places"] == 1
    assert queued() == [("send_pair_not_going_ahead", "participant")]
    with pytest.raises(PairRefused):
        pair_answer(pair=pair, side="participant", accept=False, actor=ACTOR)


def test_no_longer_wanting_takes_the_person_out_of_the_pool(pair, partnership):
    pair_answer(pair=pair, side="participant", accept=False, decline_code="no_longer", actor=ACTOR)

    pair.participant.participant.refresh_from_db()
    assert pair.participant.participant.wants_language_friend is False
    assert pool_counts(partnership=partnership)["participants"] == 0
    assert pool_counts(partnership=partnership)["places"] == 1


def test_a_friend_no_longer_wanting_is_made_inactive_and_the_participant_waits(pair, partnership):
    pair_answer(pair=pair, side="friend", accept=False, decline_code="no_longer", actor=ACTOR)

    pair.friend.language_friend.refresh_from_db()
    assert pair.friend.language_friend.is_active is False
    assert pool_counts(partnership=partnership) == {
        "participants": 1,
        "friends": 0,
        "places": 0,
        "without_consent": 0,
    }


def test_the_whole_lifecycle(pair):
    pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    pair_answer(pair=pair, side="friend", accept=True, actor=ACTOR)
    pair_activate(pair=pair, actor=ACTOR)
    pair_pause(pair=pair, actor=ACTOR)
    with pytest.raises(PairRefused) as refused:
        pair_pause(pair=pair, actor=ACTOR)
    assert str(refused.value.messages[0]) == "Det går inte medan paret är pausat."
    pair_resume(pair=pair, actor=ACTOR)
    pair_end(pair=pair, reason=Pair.EndReason.COMPLETED, note="Har fått jobb", actor=ACTOR)

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason, pair.end_note) == ("ended", "completed", "Har fått jobb")
    assert actions(pair)[-5:] == [
        "matching.pair.confirmed",
        "matching.pair.activated",
        "matching.pair.paused",
        "matching.pair.resumed",
        "matching.pair.ended",
    ]
    # Completed: the wish is fulfilled, the participant does not wait again.
    pair.participant.participant.refresh_from_db()
    assert pair.participant.participant.wants_language_friend is False


def test_rematch_puts_the_participant_back_in_the_pool(pair, partnership):
    pair_answer(pair=pair, side="participant", accept=True, actor=ACTOR)
    pair_answer(pair=pair, side="friend", accept=True, actor=ACTOR)

    pair_end(pair=pair, reason=Pair.EndReason.MOVED, rematch=True, actor=ACTOR)

    assert pool_counts(partnership=partnership)["participants"] == 1
    pair.participant.participant.refresh_from_db()
    assert pair.participant.participant.waiting_since == date(2026, 2, 1)


def test_an_unknown_end_reason_is_refused(pair):
    with pytest.raises(PairRefused):
        pair_end(pair=pair, reason="because", actor=ACTOR)
    pair.refresh_from_db()
    assert pair.status == "proposed"


def test_no_answer_reminds_once_after_7_days_then_returns_to_the_coordinator(
    pair, django_capture_on_commit_callbacks
):
    pair_answer(pair=pair, side="friend", accept=True, actor=ACTOR)
    start = pair.proposed_at

    assert proposals_follow_up(now=start + timedelta(days=6)) == {"reminded": 0, "returned": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert proposals_follow_up(now=start + timedelta(days=7)) == {"reminded": 1, "returned": 0}
    # Only the side that has not answered is reminded, once.
    assert queued() == [("send_pair_reminder", "participant")]
    assert proposals_follow_up(now=start + timedelta(days=13)) == {"reminded": 0, "returned": 0}
    assert proposals_follow_up(now=start + timedelta(days=14)) == {"reminded": 0, "returned": 1}
    assert proposals_follow_up(now=start + timedelta(days=30)) == {"reminded": 0, "returned": 0}
    pair.refresh_from_db()
    assert (pair.status, pair.returned_at) == ("proposed", start + timedelta(days=14))
