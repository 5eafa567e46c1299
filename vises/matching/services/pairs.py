"""A pair's lifecycle: proposed → confirmed → active ⇄ paused → ended (docs/pair-states.md).

Each transition is one service with its audit event `matching.pair.<verb>`. Contact details
are shared only when both sides have accepted (the introduction message to each). A decline
ends the proposal with the reason noted and sends both back to the pool (the same two are
never proposed again); a proposal nobody answers is reminded once after 7 days and returned
to the coordinator 7 days later.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.matching.answers import DeclineReason
from vises.matching.models import Pair
from vises.people.models import LanguageFriend, Participant
from vises.people.services.persons import language_friend_set, participant_set

ANSWER_DAYS = 7  # a reminder after 7 days without an answer, the coordinator 7 days later
SYSTEM = "system:matching"
# Ends after which the participant's wish stands: they go back to the pool.
BACK_TO_POOL = (
    Pair.EndReason.DECLINED,
    Pair.EndReason.NO_ANSWER,
    Pair.EndReason.WITHDRAWN,
    Pair.EndReason.LOST_CONTACT,
    Pair.EndReason.NOT_WORKING,
)


class PairRefused(ValidationError):
    """The transition is not possible from the pair's state; `code` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)


def _lock(pair: Pair) -> Pair:
    return Pair.objects.select_for_update().select_related("participant", "friend").get(pk=pair.pk)


def _require(pair: Pair, *statuses: str) -> None:
    if pair.status not in statuses:
        raise PairRefused(
            _("This is not possible while the pair is %(status)s.")
            % {"status": pair.get_status_display().lower()},
            "state",
        )


def _save(pair: Pair, actor: audit.Actor, verb: str, fields: list[str]) -> Pair:
    pair.full_clean()
    pair.save(update_fields=fields)
    audit.log(actor, f"matching.pair.{verb}", pair, fields=fields)
    return pair


@transaction.atomic
def pair_answer(
    *,
    pair: Pair,
    side: str,
    accept: bool,
    actor: audit.Actor,
    decline_code: str = "",
    decline_reason: str = "",
) -> Pair:
    """One side's answer to a proposal. Both accepted → confirmed (pair_confirm). A decline
    ends the proposal (reason noted), both go back to the pool. Answering again the same way
    changes nothing; raises PairRefused when the proposal is no longer open."""
    from vises.matching.messages import pair_proposal_answered_notice

    pair = _lock(pair)
    answer_field = f"{side}_answer"
    if side not in ("participant", "friend"):
        raise ValueError("side is participant or friend")
    wanted = Pair.Answer.ACCEPTED if accept else Pair.Answer.DECLINED
    if getattr(pair, answer_field) == wanted:
        return pair
    _require(pair, Pair.Status.PROPOSED)
    setattr(pair, answer_field, wanted)
    if not accept:
        if decline_code and decline_code not in DeclineReason.values:
            raise PairRefused(_("Choose one of the reasons."), "reason")
        pair.decline_code = decline_code or DeclineReason.OTHER
        pair.decline_reason = decline_reason.strip()[:300]
        _save(
            pair,
            actor,
            f"{side}_declined",
            [answer_field, "decline_code", "decline_reason"],
        )
        pair_end(pair=pair, reason=Pair.EndReason.DECLINED, actor=actor, declined_by=side)
        pair_proposal_answered_notice(pair)
        return pair
    _save(pair, actor, f"{side}_accepted", [answer_field])
    if pair.participant_answer == pair.friend_answer == Pair.Answer.ACCEPTED:
        pair_confirm(pair=pair, actor=actor)
    return pair


@transaction.atomic
def pair_confirm(*, pair: Pair, actor: audit.Actor, now: datetime | None = None) -> Pair:
    """Both accepted: the pair is confirmed, each side gets the other's contact details
    (the introduction), and the follow-ups at 1, 3 and 6 months are scheduled."""
    from vises.matching.messages import pair_introduction_enqueue
    from vises.matching.services.followups import followups_schedule

    pair = _lock(pair)
    _require(pair, Pair.Status.PROPOSED)
    pair.status = Pair.Status.CONFIRMED
    pair.confirmed_at = now or timezone.now()
    pair.returned_at = None
    _save(pair, actor, "confirmed", ["status", "confirmed_at", "returned_at"])
    followups_schedule(pair=pair)
    pair_introduction_enqueue(pair)
    return pair


@transaction.atomic
def pair_activate(*, pair: Pair, actor: audit.Actor) -> Pair:
    """They have met: confirmed → active (also from a follow-up that says they met)."""
    pair = _lock(pair)
    _require(pair, Pair.Status.CONFIRMED)
    pair.status = Pair.Status.ACTIVE
    pair.activated_at = timezone.now()
    return _save(pair, actor, "activated", ["status", "activated_at"])


@transaction.atomic
def pair_pause(*, pair: Pair, actor: audit.Actor) -> Pair:
    """A break (holidays, illness): no follow-up goes out while paused."""
    pair = _lock(pair)
    _require(pair, Pair.Status.CONFIRMED, Pair.Status.ACTIVE)
    pair.status = Pair.Status.PAUSED
    pair.paused_at = timezone.now()
    return _save(pair, actor, "paused", ["status", "paused_at"])


@transaction.atomic
def pair_resume(*, pair: Pair, actor: audit.Actor) -> Pair:
    pair = _lock(pair)
    _require(pair, Pair.Status.PAUSED)
    pair.status = Pair.Status.ACTIVE
    pair.paused_at = None
    if pair.activated_at is None:
        pair.activated_at = timezone.now()
    return _save(pair, actor, "resumed", ["status", "paused_at", "activated_at"])


def _back_to_pool(pair: Pair, actor: audit.Actor) -> None:
    """The participant waits again, from the day they first began to wait."""
    participant = Participant.objects.filter(person_id=pair.participant_id).first()
    if participant is None or pair.participant.anonymised_at is not None:
        return
    values: dict[str, object] = {"wants_language_friend": True}
    if pair.waiting_since is not None:
        values["waiting_since"] = pair.waiting_since
    elif participant.waiting_since is None:
        values["waiting_since"] = timezone.localdate()
    participant_set(person=pair.participant, actor=actor, **values)


def _out_of_pool(pair: Pair, side: str, actor: audit.Actor) -> None:
    """The person said they no longer want to take part in language friends."""
    if side == "participant":
        participant_set(
            person=pair.participant, actor=actor, wants_language_friend=False, waiting_since=None
        )
    elif LanguageFriend.objects.filter(person_id=pair.friend_id).exists():
        language_friend_set(person=pair.friend, actor=actor, is_active=False)


@transaction.atomic
def pair_end(
    *,
    pair: Pair,
    reason: str,
    actor: audit.Actor,
    note: str = "",
    rematch: bool = False,
    declined_by: str = "",
) -> Pair:
    """End an open pair (or withdraw a proposal) with a reason. The friend's place is free at
    once. The participant goes back to the pool when the reason says so (a decline, no
    answer, lost contact, it did not work) or `rematch` asks for a new friend; otherwise
    their wish is fulfilled. Raises PairRefused for an ended pair or an unknown reason."""
    pair = _lock(pair)
    _require(pair, *Pair.OPEN)
    if reason not in Pair.EndReason.values:
        raise PairRefused(_("Choose why the pair ends."), "reason")
    pair.status = Pair.Status.ENDED
    pair.ended_at = timezone.now()
    pair.end_reason = reason
    pair.end_note = note.strip()[:300]
    _save(pair, actor, "ended", ["status", "ended_at", "end_reason", "end_note"])
    if declined_by and pair.decline_code == DeclineReason.NO_LONGER:
        _out_of_pool(pair, declined_by, actor)
        if declined_by == "friend":
            _back_to_pool(pair, actor)
    elif rematch or reason in BACK_TO_POOL:
        _back_to_pool(pair, actor)
    else:
        participant_set(person=pair.participant, actor=actor, wants_language_friend=False)
    return pair


def _due(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment <= now - timedelta(days=ANSWER_DAYS)


def proposals_without_answer(*, now: datetime | None = None) -> tuple[list[int], list[int]]:
    """(pairs to remind, pairs to return to the coordinator) among proposals still waiting."""
    now = now or timezone.now()
    waiting = Pair.objects.filter(status=Pair.Status.PROPOSED, returned_at__isnull=True)
    remind = waiting.filter(
        reminded_at__isnull=True, proposed_at__lte=now - timedelta(days=ANSWER_DAYS)
    )
    back = waiting.filter(reminded_at__lte=now - timedelta(days=ANSWER_DAYS))
    return list(remind.values_list("pk", flat=True)), list(back.values_list("pk", flat=True))


@transaction.atomic
def proposals_follow_up(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: remind once whoever has not answered a proposal in 7 days; 7 days after
    that, return the proposal to the coordinator (start page, "no answer")."""
    from vises.matching.messages import pair_reminder_enqueue

    now = now or timezone.now()
    remind, back = proposals_without_answer(now=now)
    for pair in Pair.objects.filter(pk__in=remind).select_related("participant", "friend"):
        pair.reminded_at = now
        _save(pair, SYSTEM, "reminded", ["reminded_at"])
        pair_reminder_enqueue(pair)
    for pair in Pair.objects.filter(pk__in=back):
        pair.returned_at = now
        _save(pair, SYSTEM, "returned", ["returned_at"])
    return {"reminded": len(remind), "returned": len(back)}
