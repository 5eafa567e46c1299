"""What the matching app tells people: the proposal with its answer link, one reminder, the
introduction with the other's contact details (only once both accepted), the news that a
proposal will not go ahead, and the follow-up questions.

Each message is queued as a task with ids only (DESIGN §6); the task builds the context at
send time, in the recipient's language, through the outbox (vises.people.outbox).
The other person's contact details appear in the introduction only, never in a payload.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_noop

from vises.matching.links import answer_link, followup_link
from vises.matching.models import FollowUp, Pair
from vises.people.outbox.links import absolute_url
from vises.people.outbox.service import SKIPPED_GONE, Basis, Message, message_deliver

ACTOR = "system:matching"
SKIPPED_STATUS = "skipped:status"
SIDES = ("participant", "friend")

PAIR_PROPOSAL = Message(
    "pair_proposal",
    gettext_noop("We have found a language friend for you"),
    Basis.NECESSARY,
    "matching.pair.proposal_sent",
)
PAIR_REMINDER = Message(
    "pair_reminder",
    gettext_noop("Reminder: would you like to meet %(other)s?"),
    Basis.REGISTRATION,
    "matching.pair.reminder_sent",
)
PAIR_INTRODUCTION = Message(
    "pair_introduction",
    gettext_noop("You and %(other)s are language friends"),
    Basis.NECESSARY,
    "matching.pair.introduction_sent",
)
PAIR_NOT_GOING_AHEAD = Message(
    "pair_not_going_ahead",
    gettext_noop("The language-friend proposal will not go ahead"),
    Basis.NECESSARY,
    "matching.pair.not_going_ahead_sent",
)
FOLLOWUP_REQUEST = Message(
    "followup_request",
    gettext_noop("How is it going with %(other)s?"),
    Basis.REGISTRATION,
    "matching.followup.request_sent",
)


def _other(pair: Pair, side: str):  # noqa: ANN202 - a Person
    return pair.friend if side == "participant" else pair.participant


def _pair(pair_id: int) -> Pair | None:
    return (
        Pair.objects.select_related("participant", "friend", "partnership")
        .filter(pk=pair_id)
        .first()
    )


def _enqueue_both(task_name: str, pair: Pair, sides: tuple[str, ...] = SIDES) -> None:
    from vises.matching import tasks

    task = getattr(tasks, task_name)
    for side in sides:
        transaction.on_commit(partial(task.enqueue, pair.pk, side))


def pair_proposal_enqueue(pair: Pair) -> None:
    _enqueue_both("send_pair_proposal", pair)


def pair_reminder_enqueue(pair: Pair) -> None:
    pending = tuple(side for side in SIDES if not getattr(pair, f"{side}_answer"))
    _enqueue_both("send_pair_reminder", pair, pending)


def pair_introduction_enqueue(pair: Pair) -> None:
    _enqueue_both("send_pair_introduction", pair)


def pair_proposal_answered_notice(pair: Pair) -> None:
    """After a decline, the other side is told the proposal will not go ahead."""
    declined = [side for side in SIDES if getattr(pair, f"{side}_answer") == Pair.Answer.DECLINED]
    _enqueue_both("send_pair_not_going_ahead", pair, tuple(s for s in SIDES if s not in declined))


def followup_request_enqueue(followup: FollowUp) -> None:
    from vises.matching.tasks import send_followup_request

    transaction.on_commit(partial(send_followup_request.enqueue, followup.pk))


def _send(
    pair_id: int,
    side: str,
    message: Message,
    statuses: tuple[str, ...],
    extra=None,  # noqa: ANN001 - (pair, other) -> more context
    about: FollowUp | None = None,
) -> str:
    pair = _pair(pair_id)
    if pair is None or side not in SIDES:
        return SKIPPED_GONE
    if pair.status not in statuses:
        return SKIPPED_STATUS
    person = getattr(pair, side)
    other = _other(pair, side)

    def context() -> dict[str, object]:
        values: dict[str, object] = {
            "other": other.first_name,
            "side": side,
            "answer_url": absolute_url(answer_link(pair, side)),
            "subject_params": {"other": other.first_name},
        }
        if extra:
            values.update(extra(pair, other))
        return values

    delivery = message_deliver(
        person=person, message=message, about=about or pair, context=context, actor=ACTOR
    )
    return delivery.outcome


def pair_proposal_send(*, pair_id: int, side: str) -> str:
    """Send one side the proposal with the link to accept or decline, in their language."""
    return _send(pair_id, side, PAIR_PROPOSAL, (Pair.Status.PROPOSED,))


def pair_reminder_send(*, pair_id: int, side: str) -> str:
    pair = _pair(pair_id)
    if pair is not None and side in SIDES and getattr(pair, f"{side}_answer"):
        return SKIPPED_STATUS
    return _send(pair_id, side, PAIR_REMINDER, (Pair.Status.PROPOSED,))


def _contact(pair: Pair, other) -> dict[str, object]:  # noqa: ANN001
    return {"other_phone": other.phone, "other_email": other.email}


def pair_introduction_send(*, pair_id: int, side: str) -> str:
    """Both accepted: send one side the other's first name, phone and e-mail."""
    return _send(
        pair_id,
        side,
        PAIR_INTRODUCTION,
        (Pair.Status.CONFIRMED, Pair.Status.ACTIVE),
        extra=_contact,
    )


def pair_not_going_ahead_send(*, pair_id: int, side: str) -> str:
    return _send(pair_id, side, PAIR_NOT_GOING_AHEAD, (Pair.Status.ENDED,))


def followup_request_send(*, followup_id: int) -> str:
    """Send one side the follow-up questions of the month, unless answered or ended."""
    followup = FollowUp.objects.select_related("pair").filter(pk=followup_id).first()
    if followup is None:
        return SKIPPED_GONE
    if followup.answered_at is not None:
        return SKIPPED_STATUS
    url = absolute_url(followup_link(followup))
    return _send(
        followup.pair_id,
        followup.side,
        FOLLOWUP_REQUEST,
        (Pair.Status.CONFIRMED, Pair.Status.ACTIVE),
        extra=lambda pair, other: {"followup_url": url, "month": followup.month},
        about=followup,
    )
