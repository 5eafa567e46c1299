"""Five years of language-friend pairs for the demo (issue 12, point 10): pairs confirmed in
each of the last four calendar years and ended some months later (lost contact, other), so
that the pairs started, ended and their duration have content every year.

They are earlier pairs of the people the matching step paired now (a participant whose first
friendship ended and who was matched again), so the waiting pool and the current pairs stay
exactly as that step made them. Written directly, repeatable by seed, in one bulk insert.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.matching.demo import ACTOR
from vises.matching.models import Pair
from vises.partnerships.models import Partnership

YEARS = 4  # the current year's pairs are the matching step's
# Ends that are true of a participant matched again since (not "completed" or "moved").
REASONS = (Pair.EndReason.LOST_CONTACT, Pair.EndReason.OTHER)


@transaction.atomic
def load(*, partnership: Partnership, seed: int = 0, now: datetime | None = None) -> list[Pair]:
    """The history; nothing when the partnership has no pairs yet or already has an ended
    pair confirmed before this year. Returns the pairs created."""
    now = now or timezone.now()
    this_year = timezone.localdate(now).year
    first_of_year = timezone.make_aware(datetime(this_year, 1, 1))
    if Pair.objects.filter(
        partnership=partnership, status=Pair.Status.ENDED, confirmed_at__lt=first_of_year
    ).exists():
        return []
    current = list(
        Pair.objects.filter(partnership=partnership, status__in=Pair.OPEN)
        .order_by("pk")
        .values_list("participant_id", "friend_id")
    )
    if not current:
        return []
    rng = random.Random(seed + 2)  # noqa: S311 - synthetic data, repeatable by seed
    participants = [participant for participant, _friend in current]
    friends = [friend for _participant, friend in current]
    made = []
    for number, participant in enumerate(participants):
        year = this_year - 1 - number % YEARS
        confirmed = timezone.make_aware(datetime(year, 1, 10)) + timedelta(days=rng.randint(0, 250))
        ended = min(confirmed + timedelta(days=rng.randint(40, 420)), first_of_year)
        # Another friend than today's: the first friendship of a participant matched again.
        friend = friends[(number + 1) % len(friends)]
        made.append(
            Pair(
                partnership=partnership,
                participant_id=participant,
                friend_id=friend,
                status=Pair.Status.ENDED,
                participant_answer=Pair.Answer.ACCEPTED,
                friend_answer=Pair.Answer.ACCEPTED,
                proposed_at=confirmed - timedelta(days=rng.randint(3, 10)),
                confirmed_at=confirmed,
                activated_at=confirmed + timedelta(days=rng.randint(3, 14)),
                ended_at=ended,
                end_reason=REASONS[number % len(REASONS)],
            )
        )
    pairs = Pair.objects.bulk_create(made)
    audit.log(ACTOR, "matching.demo.history_loaded", partnership)
    return pairs
