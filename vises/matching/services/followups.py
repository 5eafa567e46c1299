"""Follow-ups at 1, 3 and 6 months after a pair is confirmed: three short questions to each
side in their own language (how often did you meet, how is it going, go on?).

A pair whose follow-up nobody answered within CALL_AFTER_DAYS is flagged for a call
(selectors.pairs.pairs_to_call); the coordinator then records the answers given on the phone.
A pair where someone answered "no" to "go on?" or "not so good" is listed for the
coordinator (selectors.pairs.pairs_struggling); ending it with a rematch puts the participant
back in the pool.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.matching.answers import Continue, Going, Meetings
from vises.matching.models import FollowUp, Pair
from vises.matching.services.pairs import pair_activate

# Sent while the pair goes on; a paused pair is asked when it resumes.
ASKED_STATUSES = (Pair.Status.CONFIRMED, Pair.Status.ACTIVE)
SYSTEM = "system:followups"


class FollowUpRefused(ValidationError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def followups_schedule(*, pair: Pair) -> list[FollowUp]:
    """Create the six follow-ups of a confirmed pair (three months × two sides)."""
    start = timezone.localdate(pair.confirmed_at) if pair.confirmed_at else timezone.localdate()
    created = []
    for month in FollowUp.MONTHS:
        for side, person_id in (
            (FollowUp.Side.PARTICIPANT, pair.participant_id),
            (FollowUp.Side.FRIEND, pair.friend_id),
        ):
            followup, made = FollowUp.objects.get_or_create(
                pair=pair,
                side=side,
                month=month,
                defaults={"person_id": person_id, "due_on": months_after(start, month)},
            )
            if made:
                created.append(followup)
    return created


@transaction.atomic
def followups_send_due(*, today: date | None = None) -> int:
    """The daily job: send every follow-up that is due, of pairs that go on, once."""
    from vises.matching.messages import followup_request_enqueue

    today = today or timezone.localdate()
    due = (
        FollowUp.objects.select_for_update()
        .filter(
            due_on__lte=today,
            sent_at__isnull=True,
            answered_at__isnull=True,
            pair__status__in=ASKED_STATUSES,
        )
        .order_by("pk")
    )
    sent = 0
    now = timezone.now()
    for followup in due:
        followup.sent_at = now
        followup.save(update_fields=["sent_at"])
        audit.log(
            SYSTEM,
            "matching.followup.sent",
            followup,
            partnership=followup.pair.partnership,
            fields=["sent_at"],
        )
        followup_request_enqueue(followup)
        sent += 1
    return sent


@transaction.atomic
def followup_answer(
    *,
    followup: FollowUp,
    meetings: str,
    going: str,
    wants_to_continue: str,
    actor: audit.Actor,
    by_phone: bool = False,
) -> FollowUp:
    """Record one side's answers (through their link, or by the coordinator after a call).

    The first answer that they have met makes a confirmed pair active. Raises
    FollowUpRefused for an unknown choice or a pair that has ended.
    """
    followup = FollowUp.objects.select_for_update().select_related("pair").get(pk=followup.pk)
    if followup.pair.status == Pair.Status.ENDED:
        raise FollowUpRefused(_("This language-friend pair has ended."), "ended")
    if (
        meetings not in Meetings.values
        or going not in Going.values
        or wants_to_continue not in Continue.values
    ):
        raise FollowUpRefused(_("Please answer all three questions."), "choice")
    followup.meetings = meetings
    followup.going = going
    followup.wants_to_continue = wants_to_continue
    followup.answered_at = timezone.now()
    followup.answered_by_phone = by_phone
    if followup.sent_at is None:
        followup.sent_at = followup.answered_at
    followup.full_clean()
    followup.save()
    audit.log(
        actor,
        "matching.followup.answered",
        followup,
        partnership=followup.pair.partnership,
        fields=["meetings", "going", "wants_to_continue"],
    )
    if followup.pair.status == Pair.Status.CONFIRMED and meetings != Meetings.NOT_MET:
        pair_activate(pair=followup.pair, actor=actor)
    return followup
