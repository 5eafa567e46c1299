"""Two coordinators publishing at once never pair a language friend beyond their capacity
(issue "Language friends", point 7), on the database the suite runs on: a SQLite file
database, or PostgreSQL with DATABASE_URL.

Each round, two draft runs each propose a different participant to the same friend, who has
room for one. Both are published in their own threads and connections, released together.
Exactly one publish goes through and the other is refused as stale, naming the proposal.
The same race with the publish lock switched off pairs the friend twice, or fails: so the
lock is what holds.
"""

from __future__ import annotations

import pytest

from vises.common.tests.concurrency import locking_off, run_at_once
from vises.matching.models import Pair
from vises.matching.services import runs as run_services
from vises.matching.services.runs import (
    RunRefused,
    run_create,
    run_exclude,
    run_publish,
    run_recompute,
)
from vises.matching.tests.factories import friend_with_room, waiting_participant
from vises.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def two_runs_for_one_place() -> tuple[int, list]:
    partnership = PartnershipFactory.create()
    amal = waiting_participant(partnership, first_name="Amal")
    bisrat = waiting_participant(partnership, first_name="Bisrat")
    eva = friend_with_room(partnership, first_name="Eva", capacity=1)
    first = run_create(partnership=partnership, actor="system:first")
    run_recompute(
        run=run_exclude(run=first, person=bisrat, actor="system:first"), actor="system:first"
    )
    second = run_create(partnership=partnership, actor="system:second")
    run_recompute(
        run=run_exclude(run=second, person=amal, actor="system:second"), actor="system:second"
    )
    assert first.proposals.get().friend == second.proposals.get().friend == eva

    def publish(run):
        def call() -> str:
            try:
                run_publish(run=run, actor="system:test")
            except RunRefused as refused:
                return f"{refused.code}: {'; '.join(refused.names)}"
            return "published"

        return call

    return eva.pk, [publish(first), publish(second)]


def test_two_publishes_at_once_never_exceed_a_friends_capacity() -> None:
    for round_number in range(ROUNDS):
        friend_id, calls = two_runs_for_one_place()

        outcome = run_at_once(calls)

        assert outcome.errors == [], f"round {round_number}: {outcome.errors[:3]}"
        results = sorted(outcome.statuses)
        assert results[0] == "published", f"round {round_number}: {results}"
        assert results[1].startswith("stale: "), f"round {round_number}: {results}"
        assert results[1].endswith(": språkvännen har ingen plats kvar")
        assert Pair.objects.filter(friend_id=friend_id).count() == 1


def test_without_the_lock_the_same_race_pairs_a_friend_twice_or_fails() -> None:
    broken = 0
    with locking_off(run_services, "PUBLISH_LOCKING"):
        for _round in range(ROUNDS):
            friend_id, calls = two_runs_for_one_place()
            outcome = run_at_once(calls)
            if outcome.errors or Pair.objects.filter(friend_id=friend_id).count() != 1:
                broken += 1
                break

    assert broken == 1, "without the lock two publishes should have overbooked or failed"
