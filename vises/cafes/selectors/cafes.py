"""Reads of cafés and their seats: the public calendar, the coordinator's list and page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from vises.cafes.models import Cafe, CafeFeedback, CafeVolunteer, LanguageFriendLead, Registration
from vises.partnerships.models import Partnership

SIGNUP_STATUSES = (Cafe.Status.OPEN, Cafe.Status.FULL)


def pending_invitations(*, now: datetime | None = None) -> Q:
    """Invitations that still hold a seat at `now`."""
    now = now or timezone.now()
    return Q(status=Registration.Status.INVITED, invited_until__gt=now)


def free_seats(*, cafe: Cafe, now: datetime | None = None) -> int:
    """Capacity minus confirmed registrations minus invitations still awaiting an answer."""
    taken = Registration.objects.filter(cafe=cafe).filter(
        Q(status=Registration.Status.CONFIRMED) | pending_invitations(now=now)
    )
    return max(0, cafe.capacity - taken.count())


def waitlist_length(*, cafe: Cafe) -> int:
    return Registration.objects.filter(cafe=cafe, status=Registration.Status.WAITLISTED).count()


def seats_left(*, cafe: Cafe, now: datetime | None = None) -> int:
    """What a new sign-up can get (DESIGN §9): free seats, but 0 while anyone waits."""
    if waitlist_length(cafe=cafe):
        return 0
    return free_seats(cafe=cafe, now=now)


def cafes_with_seats(*, now: datetime | None = None) -> QuerySet[Cafe]:
    """Cafés annotated with `taken` (confirmed + pending invitations) and `waiting`, so a list
    computes seats_left for every café in one query."""
    now = now or timezone.now()
    return Cafe.objects.annotate(
        taken=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.CONFIRMED)
            | Q(
                registrations__status=Registration.Status.INVITED,
                registrations__invited_until__gt=now,
            ),
            distinct=True,
        ),
        waiting=Exists(
            Registration.objects.filter(cafe=OuterRef("pk"), status=Registration.Status.WAITLISTED)
        ),
    )


def annotated_seats_left(cafe: Cafe) -> int:
    """seats_left for a café from cafes_with_seats() (no query)."""
    if cafe.waiting:  # type: ignore[attr-defined]
        return 0
    return max(0, cafe.capacity - cafe.taken)  # type: ignore[attr-defined]


def upcoming_public_cafes(
    *, partnership: Partnership | None = None, now: datetime | None = None
) -> QuerySet[Cafe]:
    """Cafés that accept sign-ups now (open, or full = waitlist), soonest first, with the
    company and district loaded and seats annotated."""
    now = now or timezone.now()
    cafes = (
        cafes_with_seats(now=now)
        .filter(status__in=SIGNUP_STATUSES, starts_at__gt=now)
        .filter(Q(signup_deadline__isnull=True) | Q(signup_deadline__gt=now))
        .select_related("company", "company__district", "partnership")
        .order_by("starts_at", "pk")
    )
    if partnership is not None:
        cafes = cafes.filter(partnership=partnership)
    return cafes


def cafes_for_staff(
    *, partnership: Partnership, status: str = "", now: datetime | None = None
) -> QuerySet[Cafe]:
    """The partnership's cafés, upcoming first (soonest first), then the past ones (latest
    first), with the company, seats (`taken`, `waiting`, see cafes_with_seats) and
    `waitlisted` (how many wait) — one query whatever the number of cafés."""
    now = now or timezone.now()
    cafes = (
        cafes_with_seats(now=now)
        .filter(partnership=partnership)
        .annotate(
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
                distinct=True,
            ),
            is_past=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at")), default=None),
        )
        .select_related("company")
        .order_by("is_past", "upcoming_start", "-starts_at", "pk")
    )
    if status:
        cafes = cafes.filter(status=status)
    return cafes


def cafe_for_staff(*, partnership: Partnership, pk: int) -> Cafe:
    """One café of the partnership with its company, languages, descriptions and volunteers
    loaded. Raises Cafe.DoesNotExist (also for another partnership's café)."""
    return (
        Cafe.objects.select_related("company", "company__district", "partnership")
        .prefetch_related(
            "languages",
            "descriptions",
            Prefetch(
                "volunteers",
                # An erased volunteer's hours still count; their nameless row is not listed.
                queryset=CafeVolunteer.objects.filter(volunteer__person__anonymised_at__isnull=True)
                .select_related("volunteer__person")
                .order_by("volunteer__person__first_name", "pk"),
            ),
        )
        .get(partnership=partnership, pk=pk)
    )


def cafes_where_friendship_wished(*, person_ids: Iterable[int]) -> dict[int, set[int]]:
    """For matching ("met at the same café and both want it"): person id → the cafés where
    that person said they want to go on as language friends: a participant who came and
    answered yes to "would you like a language friend?", an employee who signed up as a
    friend through the café's link. Two queries, whatever the number of persons."""
    ids = list(person_ids)
    wished: dict[int, set[int]] = {}
    participants = CafeFeedback.objects.filter(
        registration__person_id__in=ids,
        wants_language_friend=True,
        registration__attendance=Registration.Attendance.ATTENDED,
    ).values_list("registration__person_id", "registration__cafe_id")
    leads = LanguageFriendLead.objects.filter(person_id__in=ids).values_list("person_id", "cafe_id")
    for person_id, cafe_id in [*participants, *leads]:
        wished.setdefault(person_id, set()).add(cafe_id)
    return wished


def cafe_host_names(*, cafe_ids: Iterable[int]) -> dict[int, str]:
    """Café id → the host company's name (the reasons say "träffades på caféet hos …")."""
    return dict(Cafe.objects.filter(pk__in=list(cafe_ids)).values_list("pk", "company__name"))
