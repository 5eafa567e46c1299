"""Match runs: compute proposals over the waiting pool, let the coordinator lock, exclude and
swap, compute again with the locks kept, and publish (docs/matching.md, "In the app").

Publishing turns each proposal into a pair in state proposed and asks both sides; it is
all or nothing: a run that is stale (someone was paired, withdrew or lost their room since)
is refused with the proposals to review, and nothing changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.matching import engine
from vises.matching.models import MatchRun, Pair, Proposal
from vises.matching.selectors.balance import balance_report
from vises.matching.selectors.pool import WaitingPool, waiting_pool
from vises.partnerships.models import Partnership
from vises.people.models import Person

# Publishing takes the partnership's row lock, so two publishes never count the same room
# (switched off only by the test that shows the lock is what holds).
PUBLISH_LOCKING = True


class RunRefused(ValidationError):
    """The run cannot be changed or published; `code` says why."""

    def __init__(self, message: str, code: str, names: list[str] | None = None) -> None:
        super().__init__(message, code=code)
        self.names = names or []


def _reasons(pair: engine.Pair) -> list[dict[str, object]]:
    return [{"code": r.code, "text": r.text, "points": round(r.points, 6)} for r in pair.reasons]


def _check_draft(run: MatchRun) -> None:
    if run.status != MatchRun.Status.DRAFT:
        raise RunRefused(_("This run is published or discarded: start a new run."), "not_draft")


def _compute(run: MatchRun, pool: WaitingPool) -> None:
    """Replace the run's unlocked proposals with the engine's optimum over the pool, the
    locked ones kept (their people and places taken out of the pool first)."""
    locked = list(run.proposals.filter(locked=True))
    locked_participants = {p.participant_id for p in locked}
    taken: dict[int, int] = {}
    for proposal in locked:
        taken[proposal.friend_id] = taken.get(proposal.friend_id, 0) + 1
    participants = [p for p in pool.participants if int(p.id) not in locked_participants]
    friends = []
    for friend in pool.friends:
        room = friend.capacity - taken.get(int(friend.id), 0)
        if room > 0:
            friends.append(engine.Friend(**{**friend.__dict__, "capacity": room}))
    result = engine.match(participants, friends, pool.settings)
    run.proposals.filter(locked=False).delete()
    Proposal.objects.bulk_create(
        Proposal(
            run=run,
            participant_id=int(pair.participant),
            friend_id=int(pair.friend),
            score=pair.score,
            reasons=_reasons(pair),
        )
        for pair in result.pairs
    )
    run.waiting_participants = len(pool.participants)
    run.waiting_friends = len(pool.friends)
    run.balance = balance_report(pool=pool, proposals=list(run.proposals.all()))
    run.computed_at = timezone.now()
    run.save(update_fields=["waiting_participants", "waiting_friends", "balance", "computed_at"])


@transaction.atomic
def run_create(*, partnership: Partnership, actor: audit.Actor) -> MatchRun:
    """A new draft run with the engine's proposals over everyone waiting now."""
    user = actor if isinstance(actor, User) else None
    run = MatchRun.objects.create(partnership=partnership, created_by=user)
    _compute(run, waiting_pool(partnership=partnership))
    audit.log(actor, "matching.matchrun.created", run, fields=["status"])
    return run


def _excluded(run: MatchRun) -> set[int]:
    return set(run.excluded.values_list("pk", flat=True))


@transaction.atomic
def run_recompute(*, run: MatchRun, actor: audit.Actor) -> MatchRun:
    """Compute the run again over the pool as it is now: locked proposals stay (unless one
    of its two left the pool), excluded people stay out, the rest is optimised afresh."""
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    _check_draft(run)
    pool = waiting_pool(partnership=run.partnership, excluded=_excluded(run))
    waiting = {int(p.id) for p in pool.participants}
    room = {int(f.id): f.capacity for f in pool.friends}
    for proposal in run.proposals.filter(locked=True).order_by("pk"):
        left = room.get(proposal.friend_id, 0)
        if proposal.participant_id not in waiting or left <= 0:
            proposal.delete()
        else:
            room[proposal.friend_id] = left - 1
    _compute(run, pool)
    audit.log(actor, "matching.matchrun.recomputed", run, fields=["computed_at"])
    return run


@transaction.atomic
def proposal_lock(*, proposal: Proposal, locked: bool, actor: audit.Actor) -> Proposal:
    """Lock (keep on re-run) or unlock a proposal of a draft run."""
    _check_draft(proposal.run)
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    audit.log(
        actor,
        "matching.proposal.locked" if locked else "matching.proposal.unlocked",
        proposal,
        partnership=proposal.run.partnership,
        fields=["locked"],
    )
    return proposal


@transaction.atomic
def run_exclude(*, run: MatchRun, person: Person, actor: audit.Actor) -> MatchRun:
    """Leave the person out of this run: their proposals go; a re-run fills the gap."""
    _check_draft(run)
    if person.partnership_id != run.partnership_id:
        raise RunRefused(_("This person is not in the partnership's register."), "person")
    run.excluded.add(person)
    run.proposals.filter(participant=person).delete()
    run.proposals.filter(friend=person).delete()
    audit.log(actor, "matching.matchrun.person_excluded", run, fields=["excluded"])
    return run


@transaction.atomic
def run_include(*, run: MatchRun, person: Person, actor: audit.Actor) -> MatchRun:
    """Take an excluded person back into the run (a re-run proposes them again)."""
    _check_draft(run)
    run.excluded.remove(person)
    audit.log(actor, "matching.matchrun.person_included", run, fields=["excluded"])
    return run


def _pair_of(pool: WaitingPool, participant_id: int, friend_id: int) -> engine.Pair | None:
    participant = next((p for p in pool.participants if p.id == participant_id), None)
    friend = next((f for f in pool.friends if f.id == friend_id), None)
    if participant is None or friend is None or not engine.pair_allowed(participant, friend):
        return None
    today = pool.settings.today or timezone.localdate()
    reasons = engine.pair_reasons(participant, friend, pool.settings, today)
    score = round(math.fsum(r.points for r in reasons), 6)
    return engine.Pair(participant_id, friend_id, score, reasons)


@transaction.atomic
def proposal_swap(*, first: Proposal, second: Proposal, actor: audit.Actor) -> None:
    """Give the two proposals each other's friend and lock both (the coordinator decided).

    Raises RunRefused (code "not_allowed") when one of the new pairs breaks a hard rule:
    a wish for the same gender, a language or district limit, a pair that ended badly.
    """
    run = first.run
    _check_draft(run)
    if second.run_id != run.pk or first.pk == second.pk:
        raise RunRefused(_("Choose two different proposals of this run."), "same")
    # Only the four people concerned: the rules of two pairs, not the whole pool.
    four = {first.participant_id, first.friend_id, second.participant_id, second.friend_id}
    pool = waiting_pool(partnership=run.partnership, excluded=_excluded(run), only=four)
    one = _pair_of(pool, first.participant_id, second.friend_id)
    other = _pair_of(pool, second.participant_id, first.friend_id)
    if one is None or other is None:
        raise RunRefused(
            _(
                "These two cannot swap: one of the new pairs breaks a rule (same gender, "
                "a language or district limit, or an earlier pair that did not work)."
            ),
            "not_allowed",
        )
    for proposal, pair in ((first, one), (second, other)):
        proposal.friend_id = int(pair.friend)
        proposal.score = pair.score
        proposal.reasons = _reasons(pair)
        proposal.locked = True
        proposal.save(update_fields=["friend", "score", "reasons", "locked"])
    audit.log(actor, "matching.matchrun.swapped", run, fields=["proposals"])


@transaction.atomic
def run_discard(*, run: MatchRun, actor: audit.Actor) -> MatchRun:
    _check_draft(run)
    run.status = MatchRun.Status.DISCARDED
    run.save(update_fields=["status"])
    audit.log(actor, "matching.matchrun.discarded", run, fields=["status"])
    return run


@dataclass(frozen=True)
class Stale:
    proposal: Proposal
    why: str


def _stale(run: MatchRun, proposals: list[Proposal]) -> list[Stale]:
    """Proposals that no longer hold: the participant no longer waits, the friend has no
    room left for all of this run's proposals to them, or one of them left the pool."""
    people = {p.participant_id for p in proposals} | {p.friend_id for p in proposals}
    pool = waiting_pool(partnership=run.partnership, only=people)
    waiting = {int(p.id): p for p in pool.participants}
    room = {int(f.id): f for f in pool.friends}
    wanted: dict[int, int] = {}
    for proposal in proposals:
        wanted[proposal.friend_id] = wanted.get(proposal.friend_id, 0) + 1
    stale = []
    for proposal in proposals:
        participant = waiting.get(proposal.participant_id)
        friend = room.get(proposal.friend_id)
        if participant is None or not participant.eligible:
            stale.append(Stale(proposal, _("the participant no longer waits")))
        elif friend is None or not friend.eligible or wanted[proposal.friend_id] > friend.capacity:
            stale.append(Stale(proposal, _("the language friend has no room left")))
        elif not engine.pair_allowed(participant, friend):
            stale.append(Stale(proposal, _("the pair breaks a rule now")))
    return stale


def _lock_partnership(run: MatchRun) -> None:
    if PUBLISH_LOCKING:
        Partnership.objects.select_for_update().filter(pk=run.partnership_id).first()


@transaction.atomic
def run_publish(*, run: MatchRun, actor: audit.Actor) -> list[Pair]:
    """Publish the run: each proposal becomes a pair in state proposed, and both sides get
    the proposal with a link to accept or decline, in their own language.

    Raises RunRefused: the run is not a draft ("not_draft"), has no proposals ("empty"), or
    is stale ("stale", with `names`: "Participant – Friend: why" for each proposal to
    review); then nothing is changed.
    """
    from vises.matching.messages import pair_proposal_enqueue

    _lock_partnership(run)
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    _check_draft(run)
    proposals = list(run.proposals.select_related("participant", "friend").order_by("pk"))
    if not proposals:
        raise RunRefused(_("There is nothing to publish: the run has no proposals."), "empty")
    stale = _stale(run, proposals)
    if stale:
        names = [f"{s.proposal.participant} – {s.proposal.friend}: {s.why}" for s in stale]
        raise RunRefused(
            _(
                "The run is out of date: someone was paired, withdrew or lost their room "
                "since it was computed. Review these proposals, then compute it again."
            ),
            "stale",
            names,
        )
    now = timezone.now()
    waiting_since = dict(
        run.partnership.persons.filter(pk__in=[p.participant_id for p in proposals]).values_list(
            "pk", "participant__waiting_since"
        )
    )
    pairs = []
    for proposal in proposals:
        pair = Pair(
            partnership=run.partnership,
            run=run,
            participant=proposal.participant,
            friend=proposal.friend,
            score=proposal.score,
            reasons=proposal.reasons,
            waiting_since=waiting_since.get(proposal.participant_id),
            proposed_at=now,
        )
        pair.full_clean()
        pair.save()
        audit.log(actor, "matching.pair.proposed", pair, fields=["status"])
        pair_proposal_enqueue(pair)
        pairs.append(pair)
    run.status = MatchRun.Status.PUBLISHED
    run.published_at = now
    run.save(update_fields=["status", "published_at"])
    audit.log(actor, "matching.matchrun.published", run, fields=["status"])
    return pairs
