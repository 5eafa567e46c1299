"""Reads of the steering group's pages, each in a fixed number of queries whatever the
number of meetings and action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from vises.partnerships.access import ROLE_PERMISSIONS, Perm
from vises.partnerships.models import Membership, Partnership
from vises.steering.models import ActionItem, SteeringMeeting

# "Styrgruppen sammanträder två gånger om året" (the signed agreement,
# seeds/001_4c89f7ac864d56f0.txt, "Organisation och Samverkan").
MEETINGS_PER_YEAR = 2
STEERING_ROLES = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.STEERING in perms]


def steering_members(*, partnership: Partnership) -> QuerySet[Membership]:
    """The active members whose role sits in the steering group, by name."""
    return (
        Membership.objects.filter(
            partnership=partnership, is_active=True, role__in=STEERING_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def meetings_of(*, partnership: Partnership) -> QuerySet[SteeringMeeting]:
    """Every meeting of the partnership, newest first, with its number of open action items.
    One query."""
    return (
        SteeringMeeting.objects.filter(partnership=partnership)
        .annotate(
            open_actions=Count(
                "action_items", filter=Q(action_items__status=ActionItem.Status.OPEN)
            )
        )
        .order_by("-starts_at", "-pk")
    )


@dataclass(frozen=True)
class YearCount:
    year: int
    held: int
    planned: int

    @property
    def total(self) -> int:
        return self.held + self.planned

    @property
    def short(self) -> bool:
        """Fewer than the two meetings a year the agreement asks for."""
        return self.total < MEETINGS_PER_YEAR


def year_counts(meetings: list[SteeringMeeting], now: datetime | None = None) -> list[YearCount]:
    """Held (begun) and planned meetings per local calendar year, newest year first."""
    now = now or timezone.now()
    counts: dict[int, list[int]] = {}
    for meeting in meetings:
        row = counts.setdefault(timezone.localdate(meeting.starts_at).year, [0, 0])
        row[0 if meeting.starts_at <= now else 1] += 1
    return [
        YearCount(year, held, planned)
        for year, (held, planned) in sorted(counts.items(), reverse=True)
    ]


def year_count(*, partnership: Partnership, year: int, now: datetime | None = None) -> YearCount:
    """Held and planned meetings of one calendar year. One query."""
    now = now or timezone.now()
    starts = list(
        SteeringMeeting.objects.filter(partnership=partnership).values_list("starts_at", flat=True)
    )
    in_year = [moment for moment in starts if timezone.localdate(moment).year == year]
    held = sum(1 for moment in in_year if moment <= now)
    return YearCount(year, held, len(in_year) - held)


def meeting_detail(*, partnership: Partnership, meeting_id: int) -> SteeringMeeting:
    """The meeting with its attendees, action items (with owners) and approval; raises
    SteeringMeeting.DoesNotExist for another partnership's meeting."""
    return (
        SteeringMeeting.objects.select_related("minutes_approved_by", "minutes_approved_at_meeting")
        .prefetch_related(
            Prefetch("attendees", queryset=Membership.objects.select_related("user")),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner__user").order_by(
                    F("due_on").asc(nulls_last=True), "pk"
                ),
            ),
        )
        .get(partnership=partnership, pk=meeting_id)
    )


def previous_meeting(*, meeting: SteeringMeeting) -> SteeringMeeting | None:
    """The latest meeting of the partnership before this one."""
    return (
        SteeringMeeting.objects.filter(partnership_id=meeting.partnership_id)
        .filter(
            Q(starts_at__lt=meeting.starts_at) | Q(starts_at=meeting.starts_at, pk__lt=meeting.pk)
        )
        .select_related("minutes_approved_by")
        .order_by("-starts_at", "-pk")
        .first()
    )


def open_actions(*, partnership: Partnership) -> QuerySet[ActionItem]:
    """The open action items of every meeting, the earliest due first (no day last). One
    query."""
    return (
        ActionItem.objects.filter(meeting__partnership=partnership, status=ActionItem.Status.OPEN)
        .select_related("meeting", "owner__user")
        .order_by(F("due_on").asc(nulls_last=True), "meeting__starts_at", "pk")
    )
