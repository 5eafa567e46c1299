"""Match runs in the app: who is in the pool, proposals with reasons, lock, exclude, swap,
re-run keeping locks, publish all or nothing (issue "Language friends", point 3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from vises.cafes.models import CafeFeedback, LanguageFriendLead, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.matching.models import MatchRun, Pair
from vises.matching.selectors.pool import pool_counts, waiting_pool
from vises.matching.services.pairs import pair_end
from vises.matching.services.runs import (
    RunRefused,
    proposal_lock,
    proposal_swap,
    run_create,
    run_discard,
    run_exclude,
    run_include,
    run_publish,
    run_recompute,
)
from vises.matching.tests.factories import PairFactory, friend_with_room, waiting_participant
from vises.people.models import Person

pytestmark = pytest.mark.django_db
ACTOR = "system:test"


def proposals(run: MatchRun) -> set[tuple[str, str]]:
    return {
        (p.participant.first_name, p.friend.first_name)
        for p in run.proposals.select_related("participant", "friend")
    }


def test_the_pool_holds_who_waits_and_who_has_room(partnership):
    waiting_participant(partnership, first_name="Amal")
    waiting_participant(partnership, first_name="Utan", consent=False)
    paired = waiting_participant(partnership, first_name="Parad")
    full = friend_with_room(partnership, first_name="Full", capacity=1)
    PairFactory.create(participant=paired, friend=full, status=Pair.Status.ACTIVE)
    friend_with_room(partnership, first_name="Eva", capacity=2)
    other = PairFactory.create().partnership  # another partnership's people never count
    waiting_participant(other, first_name="Annan")

    pool = waiting_pool(partnership=partnership)

    names = sorted(entry.person.first_name for entry in pool.people.values())
    assert names == ["Amal", "Eva", "Utan"]
    assert [p.consented for p in pool.participants] == [True, False]
    assert [f.capacity for f in pool.friends] == [2]
    assert pool_counts(partnership=partnership) == {
        "participants": 2,
        "friends": 1,
        "places": 2,
        "without_consent": 1,
    }


def test_a_run_proposes_the_best_pairs_with_reasons(partnership):
    waiting_participant(partnership, first_name="Amal", languages=("ar",), occupation="vård")
    waiting_participant(partnership, first_name="Bisrat", languages=("ti",))
    friend_with_room(partnership, first_name="Eva", languages=("ar",), occupation="Vård")
    friend_with_room(partnership, first_name="Lars")

    run = run_create(partnership=partnership, actor=ACTOR)

    assert proposals(run) == {("Amal", "Eva"), ("Bisrat", "Lars")}
    amal = run.proposals.get(participant__first_name="Amal")
    texts = [reason["text"] for reason in amal.reasons]
    assert "båda talar arabiska" in texts
    assert "samma yrkesområde: vård" in texts
    assert amal.score == pytest.approx(sum(reason["points"] for reason in amal.reasons))
    assert (run.waiting_participants, run.waiting_friends) == (2, 2)


def test_met_at_the_same_cafe_comes_from_the_cafe_app(partnership):
    cafe = CafeFactory.create(
        partnership=partnership, company__partnership=partnership, company__name="Valla Logistik"
    )
    amal = waiting_participant(partnership, first_name="Amal")
    registration = RegistrationFactory.create(cafe=cafe, person=amal)
    registration.attendance = Registration.Attendance.ATTENDED
    registration.save()
    CafeFeedback.objects.create(
        registration=registration, workplace=3, study_paths=3, wants_language_friend=True
    )
    eva = friend_with_room(partnership, first_name="Eva")
    LanguageFriendLead.objects.create(person=eva, cafe=cafe, company=cafe.company)
    friend_with_room(partnership, first_name="Lars", birth_year=1990)

    run = run_create(partnership=partnership, actor=ACTOR)

    proposal = run.proposals.get()
    assert proposal.friend == eva
    assert proposal.reasons[0]["text"] == "träffades på caféet hos Valla Logistik"


def test_lock_keeps_a_pair_through_a_re_run(partnership):
    waiting_participant(partnership, first_name="Amal", languages=("ar",))
    waiting_participant(partnership, first_name="Bisrat")
    friend_with_room(partnership, first_name="Eva", languages=("ar",))
    friend_with_room(partnership, first_name="Lars")
    run = run_create(partnership=partnership, actor=ACTOR)
    swapped = list(run.proposals.order_by("participant__first_name"))
    proposal_swap(first=swapped[0], second=swapped[1], actor=ACTOR)
    assert proposals(run) == {("Amal", "Lars"), ("Bisrat", "Eva")}

    run_recompute(run=run, actor=ACTOR)

    # Both are locked by the swap: the engine would have given Amal Eva again.
    assert proposals(run) == {("Amal", "Lars"), ("Bisrat", "Eva")}
    assert run.proposals.filter(locked=True).count() == 2
    proposal_lock(
        proposal=run.proposals.get(participant__first_name="Amal"), locked=False, actor=ACTOR
    )
    proposal_lock(
        proposal=run.proposals.get(participant__first_name="Bisrat"), locked=False, actor=ACTOR
    )
    run_recompute(run=run, actor=ACTOR)
    assert proposals(run) == {("Amal", "Eva"), ("Bisrat", "Lars")}


def test_a_swap_that_breaks_a_rule_is_refused_and_changes_nothing(partnership):
    waiting_participant(
        partnership, first_name="Amal", gender=Person.Gender.WOMAN, same_gender=True
    )
    waiting_participant(partnership, first_name="Omar", gender=Person.Gender.MAN)
    friend_with_room(partnership, first_name="Eva", gender=Person.Gender.WOMAN)
    friend_with_room(partnership, first_name="Lars", gender=Person.Gender.MAN)
    run = run_create(partnership=partnership, actor=ACTOR)
    assert ("Amal", "Eva") in proposals(run)
    first, second = run.proposals.order_by("participant__first_name")

    with pytest.raises(RunRefused) as refused:
        proposal_swap(first=first, second=second, actor=ACTOR)

    assert refused.value.code == "not_allowed"
    assert ("Amal", "Eva") in proposals(run)


def test_exclude_and_include_a_person(partnership):
    waiting_participant(partnership, first_name="Amal", languages=("ar",))
    waiting_participant(partnership, first_name="Bisrat")
    eva = friend_with_room(partnership, first_name="Eva", languages=("ar",))
    run = run_create(partnership=partnership, actor=ACTOR)
    assert proposals(run) == {("Amal", "Eva")}

    run_exclude(run=run, person=eva, actor=ACTOR)
    assert proposals(run) == set()
    run_recompute(run=run, actor=ACTOR)
    assert proposals(run) == set()

    run_include(run=run, person=eva, actor=ACTOR)
    run_recompute(run=run, actor=ACTOR)
    assert proposals(run) == {("Amal", "Eva")}


def test_publish_makes_proposed_pairs_and_asks_both_sides(
    partnership, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    waiting_participant(partnership, first_name="Amal", waiting_since=date(2026, 3, 1))
    friend_with_room(partnership, first_name="Eva")
    run = run_create(partnership=partnership, actor=ACTOR)

    with django_capture_on_commit_callbacks(execute=True):
        pairs = run_publish(run=run, actor=ACTOR)

    run.refresh_from_db()
    assert run.status == "published"
    assert [(p.status, p.waiting_since) for p in pairs] == [("proposed", date(2026, 3, 1))]
    sent = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    assert sorted((path, kwargs["args"][1]) for path, kwargs in sent) == [
        ("vises.matching.tasks.send_pair_proposal", "friend"),
        ("vises.matching.tasks.send_pair_proposal", "participant"),
    ]
    assert pool_counts(partnership=partnership)["participants"] == 0
    assert "matching.matchrun.published" in AuditEvent.objects.values_list("action", flat=True)
    with pytest.raises(RunRefused) as again:
        run_publish(run=run, actor=ACTOR)
    assert again.value.code == "not_draft"


def test_a_stale_run_is_refused_with_the_names_and_changes_nothing(partnership):
    waiting_participant(partnership, first_name="Amal", last_name="Haddad")
    waiting_participant(partnership, first_name="Bisrat", last_name="Tesfay")
    friend_with_room(partnership, first_name="Eva", last_name="Berg")
    friend_with_room(partnership, first_name="Lars", last_name="Lind")
    first = run_create(partnership=partnership, actor=ACTOR)
    second = run_create(partnership=partnership, actor=ACTOR)
    run_publish(run=first, actor=ACTOR)

    with pytest.raises(RunRefused) as refused:
        run_publish(run=second, actor=ACTOR)

    assert refused.value.code == "stale"
    assert sorted(name.split(":")[1].strip() for name in refused.value.names) == [
        "deltagaren väntar inte längre",
        "deltagaren väntar inte längre",
    ]
    assert any(name.startswith("Amal Haddad – ") for name in refused.value.names)
    second.refresh_from_db()
    assert second.status == "draft"
    assert Pair.objects.count() == 2


def test_a_withdrawn_friend_makes_the_run_stale(partnership):
    waiting_participant(partnership, first_name="Amal")
    eva = friend_with_room(partnership, first_name="Eva")
    run = run_create(partnership=partnership, actor=ACTOR)
    eva.language_friend.is_active = False
    eva.language_friend.save()

    with pytest.raises(RunRefused) as refused:
        run_publish(run=run, actor=ACTOR)

    assert refused.value.names == [
        f"{run.proposals.get().participant} – {eva}: språkvännen har ingen plats kvar"
    ]
    assert Pair.objects.count() == 0


def test_a_declined_pair_is_never_proposed_again(partnership):
    amal = waiting_participant(partnership, first_name="Amal", languages=("ar",))
    eva = friend_with_room(partnership, first_name="Eva", languages=("ar",))
    friend_with_room(partnership, first_name="Lars")
    pair = PairFactory.create(participant=amal, friend=eva)
    pair_end(pair=pair, reason=Pair.EndReason.DECLINED, actor=ACTOR)

    run = run_create(partnership=partnership, actor=ACTOR)

    assert proposals(run) == {("Amal", "Lars")}


def test_discard_and_nothing_to_publish(partnership):
    run = run_create(partnership=partnership, actor=ACTOR)
    with pytest.raises(RunRefused) as empty:
        run_publish(run=run, actor=ACTOR)
    assert empty.value.code == "empty"
    run_discard(run=run, actor=ACTOR)
    assert MatchRun.objects.get().status == "discarded"
    assert timezone.now() >= run.computed_at
