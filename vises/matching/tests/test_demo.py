"""`vises demo` also loads language friends: pairs in every state with follow-ups, and a
waiting pool left over for the coordinator's own run; only once (DESIGN §9)."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from vises.common.models import AuditEvent
from vises.matching import demo as matching_demo
from vises.matching.models import FollowUp, MatchRun, Pair, Proposal
from vises.matching.selectors.pairs import (
    followups_due,
    pairs_to_call,
    proposals_returned,
    proposals_waiting,
)
from vises.matching.selectors.pool import pool_counts, waiting_pool
from vises.partnerships.models import Partnership


@pytest.fixture
def demo(db, settings) -> Partnership:
    settings.VISES_DEV = True
    settings.VISES_DEMO_PASSWORD = "a-demo-password-for-tests"
    with translation.override("en"):
        call_command("demo", stdout=StringIO())
    return Partnership.objects.get()


def run_pairs():
    """The pairs of the demo's match runs (not the earlier years' pairs dated directly by
    vises.matching.demo_history, which came before any run)."""
    return Pair.objects.filter(run__isnull=False)


def test_pairs_in_every_state_from_three_published_runs(demo):
    statuses = Counter(run_pairs().values_list("status", flat=True))

    assert set(statuses) == set(Pair.Status.values)
    assert all(count >= 1 for count in statuses.values())
    assert set(run_pairs().filter(status="ended").values_list("end_reason", flat=True)) >= {
        "declined",
        "no_answer",
        "withdrawn",
        "completed",
        "lost_contact",
        "not_working",
    }
    runs = MatchRun.objects.filter(partnership=demo)
    assert runs.count() == 3
    assert set(runs.values_list("status", flat=True)) == {"published"}
    assert Proposal.objects.filter(run__partnership=demo).count() == run_pairs().count()
    now = timezone.now()
    for pair in run_pairs().select_related("run"):
        assert pair.run is not None and pair.proposed_at == pair.run.published_at
        moments = [pair.proposed_at, pair.reminded_at, pair.returned_at, pair.confirmed_at]
        assert all(moment is None or moment <= now for moment in moments)
        if pair.confirmed_at:
            assert pair.proposed_at < pair.confirmed_at
        if pair.activated_at:
            assert pair.confirmed_at and pair.confirmed_at < pair.activated_at <= now
        if pair.ended_at:
            assert pair.proposed_at < pair.ended_at <= now


def test_the_start_page_has_something_in_each_list(demo):
    assert proposals_returned(partnership=demo).count() >= 1
    assert proposals_waiting(partnership=demo).exists()
    assert Pair.objects.filter(status="proposed", reminded_at__isnull=False).exists()
    assert pairs_to_call(partnership=demo).count() >= 1
    assert followups_due(partnership=demo).exists()


def test_follow_ups_answered_and_sent_without_answer(demo):
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    unanswered = FollowUp.objects.filter(sent_at__isnull=False, answered_at__isnull=True)

    assert answered.filter(answered_by_phone=False).exists()
    assert answered.filter(answered_by_phone=True).exists()
    assert unanswered.exists()
    assert not FollowUp.objects.filter(sent_at__gt=timezone.now()).exists()
    for followup in answered.select_related("pair"):
        assert followup.sent_at and followup.sent_at < followup.answered_at <= timezone.now()
        assert followup.pair.confirmed_at
        assert followup.due_on > timezone.localdate(followup.pair.confirmed_at)


def test_a_waiting_pool_with_both_sides_is_left_over(demo):
    counts = pool_counts(partnership=demo)
    pool = waiting_pool(partnership=demo)

    assert counts["participants"] > 0 and counts["friends"] > 0 and counts["places"] > 0
    assert sum(p.consented for p in pool.participants) >= 5
    assert sum(f.consented for f in pool.friends) >= 5
    # Ends that give the wish back put the participant in the pool again.
    back = run_pairs().filter(end_reason__in=["lost_contact", "not_working", "no_answer"])
    assert back.exists()
    waiting = set(pool.participant_ids())
    assert all(pair.participant_id in waiting for pair in back)
    completed = run_pairs().get(end_reason="completed")
    assert completed.participant_id not in waiting


def test_the_history_is_audited_without_personal_data(demo):
    assert AuditEvent.objects.filter(action="matching.demo.loaded").count() == 1
    assert AuditEvent.objects.filter(action="matching.matchrun.published").count() == 1
    assert AuditEvent.objects.filter(action="matching.pair.confirmed").exists()


def test_loading_again_adds_nothing(demo, settings):
    before = (Pair.objects.count(), FollowUp.objects.count(), MatchRun.objects.count())

    assert matching_demo.load(partnership=demo, size="small", seed=0) == []
    with translation.override("en"):
        call_command("demo", stdout=StringIO())

    assert (Pair.objects.count(), FollowUp.objects.count(), MatchRun.objects.count()) == before


def _load_again(partnership: Partnership, seed: int) -> list[tuple[int, int, str, str]]:
    """Load the step afresh on the same register, and roll it back."""
    with transaction.atomic():
        FollowUp.objects.all().delete()
        Pair.objects.all().delete()
        MatchRun.objects.all().delete()
        pairs = matching_demo.load(partnership=partnership, size="small", seed=seed)
        found = [(p.participant_id, p.friend_id, p.status, p.end_reason) for p in pairs]
        transaction.set_rollback(True)
    return found


def test_the_same_seed_pairs_the_same_people(demo):
    first = _load_again(demo, 0)

    assert first and _load_again(demo, 0) == first
    assert _load_again(demo, 7) != first
