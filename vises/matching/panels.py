"""What matching shows on pages other apps own (vises.common.panels): the coordinator's start
page (the waiting pool, proposals without an answer, pairs to call, pairs where it is not
going well, follow-ups due) and a
person's page (their pairs and follow-ups, their limits)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vises.common import audit
from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.matching.models import Limits
from vises.matching.selectors import pairs as pair_selectors
from vises.matching.selectors.pool import pool_counts
from vises.partnerships.access import Role

OPERATIONS = (Role.COORDINATOR, Role.MANAGER)
LIST_LIMIT = 10


def _partnership(request: HttpRequest) -> Any:
    return request.partnership  # type: ignore[attr-defined]  # set by partnership_view


def start(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    partnership = _partnership(request)
    counts = pool_counts(partnership=partnership)
    returned = list(pair_selectors.proposals_returned(partnership=partnership)[:LIST_LIMIT])
    to_call = list(pair_selectors.pairs_to_call(partnership=partnership)[:LIST_LIMIT])
    due = list(pair_selectors.followups_due(partnership=partnership)[:LIST_LIMIT])
    struggling = list(pair_selectors.pairs_struggling(partnership=partnership)[:LIST_LIMIT])
    waiting = pair_selectors.proposals_waiting(partnership=partnership).count()
    if (
        not (counts["participants"] or counts["friends"] or returned or to_call or due or waiting)
        and not struggling
    ):
        return None
    if returned or to_call or due or struggling:
        # The panel names people of the register (DESIGN §6).
        audit.log(request.user, "matching.pair.listed", partnership=partnership)
    return {
        "counts": counts,
        "returned": returned,
        "to_call": to_call,
        "due": due,
        "struggling": struggling,
        "waiting_answers": waiting,
    }


def person(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    pairs = pair_selectors.pairs_of_person(person=obj)
    limits = (
        Limits.objects.filter(person=obj)
        .prefetch_related("refuses_languages", "unreachable_districts")
        .first()
    )
    has_role = hasattr(obj, "participant") or hasattr(obj, "language_friend")
    if not pairs and limits is None and not has_role:
        return None
    return {
        "person": obj,
        "pairs": pairs,
        "limits": limits,
        "next_followup": next_followup(obj, pairs),
    }


def next_followup(person: Any, pairs: list[Any]) -> Any:
    """The person's own next follow-up not yet sent, of a pair that goes on (from the
    prefetched follow-ups: no query)."""
    coming = [
        followup
        for pair in pairs
        if pair.status in (pair.Status.CONFIRMED, pair.Status.ACTIVE)
        for followup in pair.followups.all()
        if followup.person_id == person.pk and followup.sent_at is None
    ]
    return min(coming, key=lambda followup: (followup.due_on, followup.pk), default=None)


def register() -> None:
    register_panel(
        Panel(
            "matching.start",
            tuple(f"start.{role}" for role in OPERATIONS),
            30,
            "matching/panels/start.html",
            start,
        )
    )
    register_panel(
        Panel("matching.person", ("people.person",), 30, "matching/panels/person.html", person)
    )
