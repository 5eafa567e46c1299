"""Five years of café activity for the demo (issue 12, point 10), so that every table, chart
and report of the statistics has content: held cafés at the demo host companies in each of the
last four calendar years and in the current year up to two months ago (the coming and recent
cafés of the cafés step stay as they are), with their attendances, no-shows, the employees
present and a volunteer's hours; the language friends' profiles spread over the same years.

Written directly (the services take no dates in the past), repeatable by seed, in a few bulk
inserts whatever the size.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vises.cafes.demo import ACTOR, CAFES, FIKA
from vises.cafes.models import Cafe, CafeVolunteer, EmployeeCount, Registration
from vises.common import audit
from vises.companies.models import Company
from vises.partnerships.models import Partnership
from vises.people.models import LanguageFriend, Person, Volunteer

YEARS = 5
MONTHS = (2, 3, 5, 9, 10, 11)  # no cafés in the summer and the Christmas weeks
RECENT = timedelta(days=60)  # the cafés step's own past cafés are within this of today
DEMO_VOLUNTEER = "demo-volunteer"  # keeps their "My cafés" as the cafés step made it


@transaction.atomic
def load(*, partnership: Partnership, seed: int = 0, now: datetime | None = None) -> list[Cafe]:
    """The history; nothing when the partnership already has a café held before the recent
    window or the demo companies are missing. Returns the cafés created."""
    now = now or timezone.now()
    cutoff = now - RECENT
    if Cafe.objects.filter(partnership=partnership, starts_at__lt=cutoff).exists():
        return []
    names = list(dict.fromkeys(demo.company for demo in CAFES))
    companies = {c.name: c for c in Company.objects.filter(partnership=partnership, name__in=names)}
    if len(companies) != len(names):
        return []
    rng = random.Random(seed + 1)  # noqa: S311 - synthetic data, repeatable by seed
    participants = list(
        Person.objects.filter(
            partnership=partnership, participant__isnull=False, anonymised_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    volunteers = list(
        Volunteer.objects.filter(person__partnership=partnership, is_active=True)
        .exclude(user__username=DEMO_VOLUNTEER)
        .order_by("pk")
    )
    if not participants:
        return []
    this_year = timezone.localdate(now).year
    starts = [
        timezone.make_aware(datetime(year, month, 8 + 3 * number, 10, 0))
        for year in range(this_year - YEARS + 1, this_year + 1)
        for number, month in enumerate(MONTHS)
    ]
    starts = [moment for moment in starts if moment < cutoff]
    cafes = Cafe.objects.bulk_create(
        [
            Cafe(
                partnership=partnership,
                company=companies[names[number % len(names)]],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1, minutes=30),
                signup_deadline=starts_at - timedelta(days=1),
                capacity=10,
                expected_employees=6,
                place="Personalrummet",
                address=companies[names[number % len(names)]].address,
                fika=FIKA,
                description="Fika med de anställda.",
                status=Cafe.Status.FOLLOWED_UP,
            )
            for number, starts_at in enumerate(starts)
        ]
    )
    if not cafes[0].pk:  # databases that give no ids back from a bulk insert
        cafes = list(
            Cafe.objects.filter(partnership=partnership, starts_at__in=starts).order_by("starts_at")
        )
    web, coordinator = Registration.Source.WEB, Registration.Source.COORDINATOR
    registrations = []
    for cafe in cafes:
        came = rng.sample(participants, min(len(participants), rng.randint(5, 9)))
        for number, person_id in enumerate(came):
            attended = number < len(came) - 1  # one of them did not come
            registrations.append(
                Registration(
                    cafe=cafe,
                    person_id=person_id,
                    status=Registration.Status.CONFIRMED,
                    source=web if number % 3 else coordinator,
                    confirmed_at=cafe.starts_at - timedelta(days=rng.randint(2, 14)),
                    attendance=Registration.Attendance.ATTENDED
                    if attended
                    else Registration.Attendance.NO_SHOW,
                    checked_in_at=cafe.starts_at + timedelta(minutes=rng.randint(-10, 15))
                    if attended
                    else None,
                )
            )
    Registration.objects.bulk_create(registrations)
    EmployeeCount.objects.bulk_create(
        [EmployeeCount(cafe=cafe, present=rng.randint(4, 9)) for cafe in cafes]
    )
    if volunteers:
        CafeVolunteer.objects.bulk_create(
            [
                CafeVolunteer(
                    cafe=cafe,
                    volunteer=volunteers[number % len(volunteers)],
                    role=CafeVolunteer.Role.HOST,
                    hours=Decimal("2.5"),
                )
                for number, cafe in enumerate(cafes)
            ]
        )
    _spread_friends(partnership=partnership, rng=rng, this_year=this_year, cutoff=cutoff)
    audit.log(ACTOR, "cafes.demo.history_loaded", partnership)
    return cafes


def _spread_friends(
    *, partnership: Partnership, rng: random.Random, this_year: int, cutoff: datetime
) -> None:
    """The language friends recruited over the five years, not all on the day the demo ran:
    each in a month of one of the years, in at most one update per month whatever the size."""
    friends = LanguageFriend.objects.filter(person__partnership=partnership).order_by("pk")
    months: dict[tuple[int, int], list[int]] = {}
    for number, pk in enumerate(friends.values_list("pk", flat=True)):
        year = this_year - YEARS + 1 + number % YEARS
        months.setdefault((year, rng.randint(1, 11)), []).append(pk)
    for (year, month), pks in sorted(months.items()):
        moment = min(timezone.make_aware(datetime(year, month, 15, 12)), cutoff)
        LanguageFriend.objects.filter(pk__in=pks).update(created_at=moment)
