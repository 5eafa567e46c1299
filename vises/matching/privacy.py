"""What matching stores about a person, and how export and erasure handle it (declarations
read by vises.common.privacy; see people/privacy.py).

A person's pairs are exported with their answers and follow-ups (not the other person's
details: those are the other's). On erasure an open pair ends ("left the programme": the
other side is free again, a participant goes back to the pool), the free texts and reasons
are blanked, and the person's draft proposals and limits are cleared; statuses, dates and
answers stay, without identity, for the statistics (pairs made, how long they lasted).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vises.common.privacy import (
    EXPORT_STATISTIC,
    PersonSection,
    classify,
    not_personal,
    personal,
    register_section,
)
from vises.matching.models import FollowUp, Limits, Pair, Proposal
from vises.people.models import Person

DRAFT = "a coordinator's working draft about the person: deleted with the person's erasure"

classify("matching.Limits", {"refuses_languages": personal(), "unreachable_districts": personal()})
classify(
    "matching.MatchRun",
    {
        "status": not_personal("the state of a coordinator's run, about no one"),
        "balance": not_personal("counts per language, age band, gender, education: names nobody"),
    },
)
classify(
    "matching.RecruitmentTarget",
    {
        "dimension": not_personal("a dimension of the partnership's yearly target, about no one"),
        "group": not_personal("a language, age band, gender or level code: names nobody"),
    },
)
classify("matching.Proposal", {"reasons": personal(DRAFT)})
classify(
    "matching.Pair",
    {
        "status": personal(EXPORT_STATISTIC),
        "participant_answer": personal(EXPORT_STATISTIC),
        "friend_answer": personal(EXPORT_STATISTIC),
        "decline_code": personal(EXPORT_STATISTIC),
        "end_reason": personal(EXPORT_STATISTIC),
        "reasons": personal(),
        "decline_reason": personal(),
        "end_note": personal(),
    },
)
classify(
    "matching.FollowUp",
    {
        "side": personal(EXPORT_STATISTIC),
        "meetings": personal(EXPORT_STATISTIC),
        "going": personal(EXPORT_STATISTIC),
        "wants_to_continue": personal(EXPORT_STATISTIC),
    },
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _pairs_export(person: Person) -> list[dict[str, Any]]:
    pairs = Pair.objects.filter(Q(participant=person) | Q(friend=person)).prefetch_related(
        "followups"
    )
    rows = []
    for pair in pairs.order_by("proposed_at", "pk"):
        side = pair.side_of(person)
        rows.append(
            {
                "role": side,
                "status": pair.status,
                "reasons": pair.reasons,
                "participant_answer": pair.participant_answer,
                "friend_answer": pair.friend_answer,
                "decline_code": pair.decline_code,
                "decline_reason": pair.decline_reason,
                "proposed_at": _iso(pair.proposed_at),
                "confirmed_at": _iso(pair.confirmed_at),
                "ended_at": _iso(pair.ended_at),
                "end_reason": pair.end_reason,
                "end_note": pair.end_note,
                "followups": [
                    {
                        "month": followup.month,
                        "side": followup.side,
                        "meetings": followup.meetings,
                        "going": followup.going,
                        "wants_to_continue": followup.wants_to_continue,
                        "answered_at": _iso(followup.answered_at),
                    }
                    for followup in pair.followups.all()
                    if followup.person_id == person.pk
                ],
            }
        )
    return rows


def _pairs_strip(person: Person) -> None:
    from vises.matching.services.pairs import pair_end

    mine = Pair.objects.filter(Q(participant=person) | Q(friend=person))
    for pair in mine.filter(status__in=Pair.OPEN).order_by("pk"):
        # The friend leaving: the participant waits for a new friend.
        rematch = pair.friend_id == person.pk
        pair_end(pair=pair, reason=Pair.EndReason.LEFT, actor="system:erasure", rematch=rematch)
    mine.update(reasons=[], decline_reason="", end_note="")
    Proposal.objects.filter(Q(participant=person) | Q(friend=person)).delete()


def _limits_export(person: Person) -> dict[str, Any] | None:
    limits = Limits.objects.filter(person=person).first()
    if limits is None:
        return None
    return {
        "refuses_languages": sorted(str(lang) for lang in limits.refuses_languages.all()),
        "unreachable_districts": sorted(str(d) for d in limits.unreachable_districts.all()),
    }


def _limits_strip(person: Person) -> None:
    for limits in Limits.objects.filter(person=person):
        limits.refuses_languages.clear()
        limits.unreachable_districts.clear()


register_section(
    PersonSection("language_friend_pairs", _pairs_export, _pairs_strip, _("Language friends"))
)
register_section(
    PersonSection("matching_limits", _limits_export, _limits_strip, _("Your limits for a pair"))
)
# FollowUp rows are exported inside the pairs; they hold answers (statistics) only.
__all__ = ["FollowUp"]
