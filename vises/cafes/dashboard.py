"""Reads of cafés for pages that other apps own: the start pages, the company portal, a
company's page and a person's page (their panels are registered in vises.cafes.panels).

Each read runs a fixed number of queries, whatever the number of cafés or people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from vises.cafes.checkin.selectors import volunteer_hours
from vises.cafes.models import Cafe, CafeFeedback, CafeVolunteer, LanguageFriendLead, Registration
from vises.cafes.selectors.cafes import annotated_seats_left, cafes_with_seats
from vises.companies.models import Company
from vises.partnerships.models import Partnership

# An invitation expiring within this time is on the coordinator's list of things to do.
INVITATION_EXPIRY_SOON = timedelta(hours=24)
# Leads this recent are new: the coordinator has not followed them up yet.
NEW_LEAD_DAYS = 30
# How many upcoming cafés the start page lists (the café list has them all).
START_PAGE_CAFES = 5


@dataclass(frozen=True)
class UpcomingCafe:
    cafe: Cafe
    confirmed: int
    seats_left: int
    waitlisted: int


def upcoming_cafes(
    *, partnership: Partnership, now: datetime | None = None, limit: int = START_PAGE_CAFES
) -> list[UpcomingCafe]:
    """The partnership's next cafés that are not over or cancelled, soonest first, with their
    confirmed seats, seats left (as a new sign-up sees them) and waitlist (one query)."""
    now = now or timezone.now()
    cafes = (
        cafes_with_seats(now=now)
        .filter(partnership=partnership, ends_at__gte=now)
        .exclude(status=Cafe.Status.CANCELLED)
        .annotate(
            confirmed=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
                distinct=True,
            ),
        )
        .select_related("company")
        .order_by("starts_at", "pk")[:limit]
    )
    return [
        UpcomingCafe(
            cafe=cafe,
            confirmed=cafe.confirmed,
            seats_left=annotated_seats_left(cafe),
            waitlisted=cafe.waitlisted,
        )
        for cafe in cafes
    ]


def cafes_with_invitations_expiring(
    *, partnership: Partnership, now: datetime | None = None
) -> QuerySet[Cafe]:
    """Cafés with invitations that still hold a seat but expire within 24 hours, each with
    `expiring` (how many) and `expires_first`, soonest expiry first (one query)."""
    now = now or timezone.now()
    expiring = Q(
        registrations__status=Registration.Status.INVITED,
        registrations__invited_until__gt=now,
        registrations__invited_until__lte=now + INVITATION_EXPIRY_SOON,
    )
    return (
        Cafe.objects.filter(partnership=partnership)
        .annotate(
            expiring=Count("registrations", filter=expiring),
            expires_first=Min("registrations__invited_until", filter=expiring),
        )
        .filter(expiring__gt=0)
        .select_related("company")
        .order_by("expires_first", "pk")
    )


@dataclass(frozen=True)
class FeedbackSummary:
    cafe: Cafe
    answers: int
    workplace_yes: int  # "Yes, a lot" on learning about the workplace
    study_paths_yes: int
    wants_friend: int


def cafes_to_follow_up(*, partnership: Partnership) -> list[FeedbackSummary]:
    """Held cafés that are not followed up yet, with what their feedback answers say (none
    yet is a count of 0), oldest café first: the coordinator reads the answers and marks the
    café followed up (one query)."""
    yes = CafeFeedback.Smiley.YES
    cafes = (
        Cafe.objects.filter(partnership=partnership, status=Cafe.Status.HELD)
        .annotate(
            answers=Count("registrations__feedback"),
            workplace_yes=Count(
                "registrations__feedback", filter=Q(registrations__feedback__workplace=yes)
            ),
            study_paths_yes=Count(
                "registrations__feedback", filter=Q(registrations__feedback__study_paths=yes)
            ),
            wants_friend=Count(
                "registrations__feedback",
                filter=Q(registrations__feedback__wants_language_friend=True),
            ),
        )
        .select_related("company")
        .order_by("starts_at", "pk")
    )
    return [
        FeedbackSummary(
            cafe=cafe,
            answers=cafe.answers,
            workplace_yes=cafe.workplace_yes,
            study_paths_yes=cafe.study_paths_yes,
            wants_friend=cafe.wants_friend,
        )
        for cafe in cafes
    ]


def companies_with_new_leads(
    *, partnership: Partnership, now: datetime | None = None
) -> QuerySet[Company]:
    """Companies whose employees offered to become language friends in the last 30 days,
    each with `new_leads` (how many), most leads first (one query). Names are on the
    company's page, which audits the reading."""
    now = now or timezone.now()
    recent = Q(friend_leads__created_at__gte=now - timedelta(days=NEW_LEAD_DAYS))
    return (
        Company.objects.filter(partnership=partnership)
        .annotate(new_leads=Count("friend_leads", filter=recent))
        .filter(new_leads__gt=0)
        .order_by("-new_leads", "name", "pk")
    )


# A volunteer's own cafés ----------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerStart:
    today: list[CafeVolunteer]  # assignments at cafés that start today (check-in)
    next: list[CafeVolunteer]  # assignments at later cafés, soonest first
    hours_this_year: Decimal  # hours of this year's cafés that are over
    cafes_this_year: int


def _year_start(day: date) -> datetime:
    return datetime.combine(date(day.year, 1, 1), time.min, tzinfo=timezone.get_current_timezone())


def volunteer_start(
    *,
    partnership: Partnership,
    user: AbstractBaseUser | AnonymousUser,
    now: datetime | None = None,
    limit: int = START_PAGE_CAFES,
) -> VolunteerStart:
    """The user's assignments (their Volunteer profile's) from the start of this calendar
    year: today's cafés, the next ones, and the hours of those that are over, counted as on
    "My cafés" (logged, or the café's length plus preparation). Cancelled cafés give none.
    One query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not user.is_authenticated:
        return VolunteerStart([], [], Decimal("0.00"), 0)
    assignments = (
        CafeVolunteer.objects.filter(
            volunteer__user_id=user.pk,
            cafe__partnership=partnership,
            cafe__starts_at__gte=_year_start(today),
        )
        .exclude(cafe__status=Cafe.Status.CANCELLED)
        .select_related("cafe", "cafe__company")
        .order_by("cafe__starts_at", "pk")
    )
    todays, later, hours, held = [], [], Decimal("0.00"), 0
    for assignment in assignments:
        cafe = assignment.cafe
        if timezone.localdate(cafe.starts_at) == today:
            todays.append(assignment)
        elif cafe.starts_at > now:
            later.append(assignment)
        if cafe.ends_at < now:
            hours += volunteer_hours(assignment)
            held += 1
    return VolunteerStart(todays, later[:limit], hours, held)


# The company portal and a company's page ------------------------------------------------------


def portal_cafes(*, company: Company, now: datetime | None = None) -> QuerySet[Cafe]:
    """The company's coming cafés (not cancelled), with `signed_up`: a number, never names."""
    now = now or timezone.now()
    return (
        Cafe.objects.filter(company=company, ends_at__gte=now)
        .exclude(status=Cafe.Status.CANCELLED)
        .annotate(
            signed_up=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            )
        )
        .order_by("starts_at", "pk")
    )


def portal_cafe(*, company: Company, cafe_id: int) -> Cafe:
    """One café of the company; Cafe.DoesNotExist for any other company's café."""
    return portal_cafes(company=company).get(pk=cafe_id)


def company_cafes(*, company: Company) -> QuerySet[Cafe]:
    """The company's cafés, each with `confirmed` and `attended` counts (one query)."""
    return (
        Cafe.objects.filter(company=company)
        .annotate(
            confirmed=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            ),
            attended=Count(
                "registrations",
                filter=Q(registrations__attendance=Registration.Attendance.ATTENDED),
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def company_friend_leads(*, company: Company) -> QuerySet[LanguageFriendLead]:
    """Employees of the company's cafés who offered to become language friends."""
    return (
        LanguageFriendLead.objects.filter(cafe__company=company)
        .select_related("person", "cafe")
        .order_by("-created_at", "-pk")
    )
