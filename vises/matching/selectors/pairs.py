"""Reads of pairs and follow-ups for the coordinator's pages, the person page and the start
page. Each is a fixed number of queries, whatever the number of pairs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from vises.matching.answers import Continue, Going
from vises.matching.models import FollowUp, MatchRun, Pair
from vises.partnerships.models import Partnership
from vises.people.models import Person

# A follow-up nobody of the pair answered this many days after it went out: call them.
CALL_AFTER_DAYS = 14
# The start page shows the follow-ups going out in the coming week.
DUE_SOON_DAYS = 7


def pairs_list(*, partnership: Partnership, status: str = "") -> QuerySet[Pair]:
    pairs = Pair.objects.filter(partnership=partnership).select_related("participant", "friend")
    if status:
        pairs = pairs.filter(status=status)
    return pairs.order_by("-proposed_at", "-pk")


def pair_counts(*, partnership: Partnership) -> dict[str, int]:
    """Pairs per status, every status present (0 when none)."""
    found = dict(
        Pair.objects.filter(partnership=partnership)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {str(status): found.get(str(status), 0) for status in Pair.Status.values}


def pair_detail(*, partnership: Partnership, pk: int) -> Pair:
    """The pair with both persons and its follow-ups; Pair.DoesNotExist for another
    partnership's pair."""
    return (
        Pair.objects.select_related("participant", "friend", "run")
        .prefetch_related(Prefetch("followups", FollowUp.objects.order_by("month", "side")))
        .get(partnership=partnership, pk=pk)
    )


def pairs_of_person(*, person: Person) -> list[Pair]:
    """Every pair the person is or was in, newest first, with both sides and follow-ups."""
    return list(
        Pair.objects.filter(Q(participant=person) | Q(friend=person))
        .select_related("participant", "friend")
        .prefetch_related(Prefetch("followups", FollowUp.objects.order_by("month", "side")))
        .order_by("-proposed_at", "-pk")
    )


def proposals_returned(*, partnership: Partnership) -> QuerySet[Pair]:
    """Proposals nobody answered after the reminder: the coordinator decides."""
    return pairs_list(partnership=partnership, status=Pair.Status.PROPOSED).filter(
        returned_at__isnull=False
    )


def proposals_waiting(*, partnership: Partnership) -> QuerySet[Pair]:
    return pairs_list(partnership=partnership, status=Pair.Status.PROPOSED).filter(
        returned_at__isnull=True
    )


def _unanswered_month(now: datetime) -> QuerySet[FollowUp]:
    answered_sibling = FollowUp.objects.filter(
        pair=OuterRef("pair"), month=OuterRef("month"), answered_at__isnull=False
    )
    return FollowUp.objects.filter(
        sent_at__lte=now - timedelta(days=CALL_AFTER_DAYS), answered_at__isnull=True
    ).exclude(Exists(answered_sibling))


def pairs_to_call(*, partnership: Partnership, now: datetime | None = None) -> QuerySet[Pair]:
    """Open pairs with a follow-up that neither of them answered within CALL_AFTER_DAYS."""
    now = now or timezone.now()
    unanswered = _unanswered_month(now).filter(pair=OuterRef("pk"))
    return (
        pairs_list(partnership=partnership)
        .filter(status__in=[Pair.Status.CONFIRMED, Pair.Status.ACTIVE])
        .filter(Exists(unanswered))
    )


def pairs_struggling(*, partnership: Partnership) -> QuerySet[Pair]:
    """Pairs that go on although, in the latest month anyone answered, one of them said it is
    "not so good" or does not want to go on: the coordinator should talk to them (and may end
    the pair with a rematch)."""
    latest = (
        FollowUp.objects.filter(pair=OuterRef("pk"), answered_at__isnull=False)
        .order_by("-month")
        .values("month")[:1]
    )
    worried = FollowUp.objects.filter(
        pair=OuterRef("pk"), month=OuterRef("latest_month"), answered_at__isnull=False
    ).filter(Q(going=Going.HARD) | Q(wants_to_continue=Continue.NO))
    return (
        pairs_list(partnership=partnership)
        .filter(status__in=[Pair.Status.CONFIRMED, Pair.Status.ACTIVE, Pair.Status.PAUSED])
        .annotate(latest_month=Subquery(latest))
        .filter(Exists(worried))
    )


def followups_to_call(*, pair: Pair, now: datetime | None = None) -> list[FollowUp]:
    """The pair's follow-ups the coordinator may answer on the phone."""
    now = now or timezone.now()
    return list(_unanswered_month(now).filter(pair=pair).order_by("month", "side"))


def followups_due(
    *, partnership: Partnership, today: date | None = None, days: int = DUE_SOON_DAYS
) -> QuerySet[FollowUp]:
    """Follow-ups of pairs that go on, not yet sent, due within `days`."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            pair__partnership=partnership,
            pair__status__in=[Pair.Status.CONFIRMED, Pair.Status.ACTIVE],
            sent_at__isnull=True,
            due_on__lte=today + timedelta(days=days),
        )
        .select_related("pair", "person")
        .order_by("due_on", "pk")
    )


def runs_list(*, partnership: Partnership) -> QuerySet[MatchRun]:
    return (
        MatchRun.objects.filter(partnership=partnership)
        .select_related("created_by")
        .annotate(proposal_count=Count("proposals"))
        .order_by("-created_at", "-pk")
    )


def run_detail(*, partnership: Partnership, pk: int) -> MatchRun:
    return MatchRun.objects.select_related("created_by").get(partnership=partnership, pk=pk)
