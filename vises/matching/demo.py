"""Demo language friends for `vises demo`: pairs in every state, follow-ups, and a waiting
pool left over for the coordinator's own run (DESIGN §9).

The people demo (step 20) already fills the pool: participants who want a language friend
(most with the matching consent) and language friends with room. This step takes a sample
of them, seeded by `seed`, and pairs them through the real services: a run computed by the
engine, published (the stale check and the partnership lock as in use), then the answers,
the confirmations, the follow-up answers, a pause and the ends with their reasons, so the
pool, the audit trail and the statuses agree as they would in use. Whoever is not in the
sample keeps waiting, and ends that send a participant back to the pool add to it.

The services stamp everything "now", so the history is then dated directly, counted from
today (three runs: about 100, 17 and 3 days ago), recorded by one audit event without
personal data ("matching.demo.loaded"): a reminded proposal and one returned to the
coordinator without an answer, follow-ups answered and one sent and unanswered for weeks
(the start page's "pairs to call"), follow-ups due in the coming days. The messages the
services queue (proposals, introductions, "will not go ahead") go to the demo persons'
fictional addresses; those of pairs that moved on are skipped when the task runs.

The run is computed over the sample only: the engine over the whole pool of the large size
(some 30 000 on each side) would take far too long for a demo. `large` pairs three times as
many as `small`. A partnership that already has pairs is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.matching.answers import Continue, DeclineReason, Going, Meetings
from vises.matching.models import FollowUp, MatchRun, Pair
from vises.matching.selectors.balance import balance_report
from vises.matching.selectors.pairs import CALL_AFTER_DAYS
from vises.matching.selectors.pool import waiting_participants, waiting_pool
from vises.matching.services.followups import followup_answer, months_after
from vises.matching.services.pairs import pair_activate, pair_answer, pair_end, pair_pause
from vises.matching.services.runs import _compute, run_exclude, run_publish
from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.people.models import ConsentPurpose, ConsentRecord, LanguageFriend

ACTOR = "system:demo"
SCALE = {"small": 1, "large": 3}
# The three runs: days before today.
OLD, RECENT, FRESH = -100, -17, -3


@dataclass(frozen=True)
class Story:
    """What happens to one proposal. Days are counted from its run's day."""

    name: str
    run: int  # OLD, RECENT or FRESH
    participant: str = ""  # "accept", "decline" or "" (no answer)
    friend: str = ""
    decline_code: str = ""
    confirmed: int | None = None  # days after the proposal
    reminded: bool = False  # no answer after 7 days: reminded (and returned 7 days later)
    met: str = ""  # "coordinator" (pair_activate) or "followup" (a follow-up says they met)
    met_after: int = 10  # days after the confirmation
    # Month-1 follow-up answers: "both", "participant", "friend", "phone" or "" (none).
    answers: str = ""
    going: str = Going.GOOD
    paused: int | None = None  # days before today
    end: str = ""  # an end reason (a decline ends by itself)
    ended: int | None = None  # days before today


# The first nine cover every state, so even a small sample shows them all.
STORIES = (
    Story("active", OLD, "accept", "accept", confirmed=3, met="followup", answers="both"),
    Story("waiting, one accepted", FRESH, "accept", ""),
    Story("confirmed, to call", OLD, "accept", "accept", confirmed=5),
    Story(
        "paused",
        OLD,
        "accept",
        "accept",
        confirmed=2,
        met="coordinator",
        answers="participant",
        paused=20,
    ),
    Story("declined", RECENT, "accept", "decline", decline_code=DeclineReason.NO_TIME),
    Story("returned without answer", RECENT, reminded=True),
    Story(
        "completed",
        OLD,
        "accept",
        "accept",
        confirmed=4,
        met="followup",
        answers="both",
        end=Pair.EndReason.COMPLETED,
        ended=10,
    ),
    Story("confirmed, not yet met", RECENT, "accept", "accept", confirmed=2),
    Story(
        "lost contact",
        OLD,
        "accept",
        "accept",
        confirmed=1,
        end=Pair.EndReason.LOST_CONTACT,
        ended=30,
    ),
    Story(
        "active, answered on the phone",
        OLD,
        "accept",
        "accept",
        confirmed=11,
        reminded=True,
        met="coordinator",
        answers="phone",
    ),
    Story(
        "no answer, ended",
        RECENT,
        "accept",
        "",
        reminded=True,
        end=Pair.EndReason.NO_ANSWER,
        ended=1,
    ),
    Story("withdrawn", FRESH, end=Pair.EndReason.WITHDRAWN, ended=1),
    Story("waiting", FRESH),
    Story(
        "did not work",
        OLD,
        "accept",
        "accept",
        confirmed=3,
        met="followup",
        answers="both",
        going=Going.HARD,
        end=Pair.EndReason.NOT_WORKING,
        ended=40,
    ),
    Story(
        "no longer wants one",
        RECENT,
        "decline",
        "",
        decline_code=DeclineReason.NO_LONGER,
    ),
    Story("active, friend answered", OLD, "accept", "accept", confirmed=6, answers="friend"),
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _coordinator(partnership: Partnership) -> Any:
    membership = (
        Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def load(*, partnership: Partnership, size: str = "small", seed: int = 0) -> list[Pair]:
    """Pair a sample of the demo pool in every state; nothing when the partnership already
    has pairs or nobody waits on one of the sides. Returns the pairs created."""
    if partnership is None or Pair.objects.filter(partnership=partnership).exists():
        return []
    rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable by seed
    stories = list(STORIES) * SCALE.get(size, 1)
    waiting = list(
        waiting_participants(partnership=partnership).values_list(  # type: ignore[misc]
            "person_id", "consented"
        )
    )
    # No pair yet, so every active language friend has room.
    friends = list(
        LanguageFriend.objects.filter(
            person__partnership=partnership, person__anonymised_at__isnull=True, is_active=True
        )
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    consenting = set(
        ConsentRecord.objects.filter(
            person__partnership=partnership,
            purpose=ConsentPurpose.MATCHING,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    consented = [pk for pk, ok in waiting if ok]
    with_room = [pk for pk in friends if pk in consenting]
    # A few more than the stories: the engine may leave some of the sample unpaired.
    sample = set(rng.sample(consented, min(len(consented), len(stories) + 4)))
    sample |= set(rng.sample(with_room, min(len(with_room), len(stories) + 4)))
    others = ({pk for pk, _ok in waiting} | set(friends)) - sample
    # The engine over the sample only (the module's docstring says why).
    pool = waiting_pool(partnership=partnership, excluded=others)
    if not pool.participants or not pool.friends:
        return []
    run = MatchRun.objects.create(partnership=partnership, created_by=_coordinator(partnership))
    _compute(run, pool)
    run.waiting_participants, run.waiting_friends = len(waiting), len(friends)
    run.save(update_fields=["waiting_participants", "waiting_friends"])
    audit.log(ACTOR, "matching.matchrun.created", run, fields=["status"])
    proposals = list(run.proposals.select_related("participant").order_by("pk"))
    for extra in proposals[len(stories) :]:
        run_exclude(run=run, person=extra.participant, actor=ACTOR)
    # Each run's balance, counted before the pool goes (publishing reads the whole pool).
    balances = {
        days: balance_report(
            pool=pool,
            proposals=[
                p for p, story in zip(proposals, stories, strict=False) if story.run == days
            ],
        )
        for days in (OLD, RECENT, FRESH)
    }
    del pool
    pairs = run_publish(run=run, actor=ACTOR)
    told = list(zip(pairs, stories, strict=False))
    for pair, story in told:
        _live(pair, story, rng)
    runs = _history(run, told, balances)
    for pair, story in told:
        _date(pair, story, runs[story.run], rng)
    audit.log(ACTOR, "matching.demo.loaded", partnership)
    for pair in pairs:
        pair.refresh_from_db()
    return pairs


def _live(pair: Pair, story: Story, rng: random.Random) -> None:
    """The story through the services, in the order it happens."""
    for side in ("participant", "friend"):
        answer = getattr(story, side)
        if answer == "accept":
            pair_answer(pair=pair, side=side, accept=True, actor=ACTOR)
        elif answer == "decline":
            pair_answer(
                pair=pair, side=side, accept=False, actor=ACTOR, decline_code=story.decline_code
            )
    if story.met == "coordinator":
        pair_activate(pair=pair, actor=ACTOR)
    if story.answers:
        sides = {
            "both": ("participant", "friend"),
            "phone": ("participant", "friend"),
            "participant": ("participant",),
            "friend": ("friend",),
        }[story.answers]
        for followup in FollowUp.objects.filter(pair=pair, month=1, side__in=sides):
            followup_answer(
                followup=followup,
                meetings=rng.choice([Meetings.WEEKLY, Meetings.FORTNIGHTLY, Meetings.MONTHLY])
                if story.going != Going.HARD
                else Meetings.RARELY,
                going=story.going
                if story.going == Going.HARD
                else rng.choice([Going.GOOD, Going.GOOD, Going.OKAY]),
                wants_to_continue=Continue.NO if story.going == Going.HARD else Continue.YES,
                actor=ACTOR,
                by_phone=story.answers == "phone",
            )
    if story.paused is not None:
        pair_pause(pair=pair, actor=ACTOR)
    if story.end:
        pair_end(pair=pair, reason=story.end, actor=ACTOR)


def _history(
    run: MatchRun, told: list[tuple[Pair, Story]], balances: dict[int, dict[str, Any]]
) -> dict[int, MatchRun]:
    """The published run becomes the freshest; the older ones are written as they were."""
    runs = {FRESH: run}
    for days in (OLD, RECENT):
        runs[days] = MatchRun.objects.create(
            partnership=run.partnership,
            status=MatchRun.Status.PUBLISHED,
            created_by=run.created_by,
            waiting_participants=run.waiting_participants,
            waiting_friends=run.waiting_friends,
        )
    for pair, story in told:
        if story.run != FRESH:
            target = runs[story.run]
            run.proposals.filter(participant_id=pair.participant_id).update(run=target)
            Pair.objects.filter(pk=pair.pk).update(run=target)
    today = timezone.localdate()
    for days, each in runs.items():
        started = _at(today + timedelta(days=days), 9)
        each.created_at = started
        each.computed_at = started + timedelta(minutes=12)
        each.published_at = started + timedelta(minutes=40)
        each.balance = balances[days]
        each.save(update_fields=["created_at", "computed_at", "published_at", "balance"])
    return runs


def _answered(confirmed: date, month: int, story: Story) -> datetime:
    """When a follow-up was answered: two days after it went out, or on the coordinator's
    call once the pair was flagged (CALL_AFTER_DAYS later)."""
    days = CALL_AFTER_DAYS + 1 if story.answers == "phone" else 2
    return _at(months_after(confirmed, month) + timedelta(days=days), 19)


def _date(pair: Pair, story: Story, run: MatchRun, rng: random.Random) -> None:
    """Move the pair's moments to where its story puts them (the services said "now")."""
    proposed = run.published_at or timezone.now()
    day = timezone.localdate(proposed)
    today = timezone.localdate()
    values: dict[str, Any] = {"proposed_at": proposed}
    if story.reminded:
        values["reminded_at"] = _at(day + timedelta(days=7), 9)
        if story.confirmed is None:
            values["returned_at"] = _at(day + timedelta(days=14), 9)
    confirmed = None
    if story.confirmed is not None:
        confirmed = day + timedelta(days=story.confirmed)
        values["confirmed_at"] = _at(confirmed, rng.randint(10, 20))
        if story.met == "coordinator":
            values["activated_at"] = _at(confirmed + timedelta(days=story.met_after), 18)
        elif story.answers:  # the first follow-up answer said they met
            values["activated_at"] = _answered(confirmed, 1, story)
    stop = today  # follow-ups go out until the pair pauses or ends
    if story.paused is not None:
        stop = today - timedelta(days=story.paused)
        values["paused_at"] = _at(stop, 12)
    if story.ended is not None:
        stop = today - timedelta(days=story.ended)
        values["ended_at"] = _at(stop, 12)
    elif pair.status == Pair.Status.ENDED:  # a decline
        values["ended_at"] = _at(day + timedelta(days=3), 19)
    Pair.objects.filter(pk=pair.pk).update(**values)
    if confirmed is None:
        return
    for followup in FollowUp.objects.filter(pair=pair):
        due = months_after(confirmed, followup.month)
        update: dict[str, Any] = {"due_on": due, "sent_at": None, "answered_at": None}
        if due <= stop:
            update["sent_at"] = _at(due, 10)
        if followup.answered_at is not None:
            update["sent_at"] = _at(due, 10)
            update["answered_at"] = _answered(confirmed, followup.month, story)
        FollowUp.objects.filter(pk=followup.pk).update(**update)
