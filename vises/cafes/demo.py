"""Demo cafés for `vises demo`: seven cafés at the demo companies, around today (DESIGN §9).

Two were held in the past (one followed up with feedback, one held and waiting for its
follow-up), three are open for sign-up (one full, with a waitlist), one is planned and one
was cancelled with a reason. Dates are counted from today so the demo always looks alive;
everything else (who signs up where, who came) is drawn from a random generator seeded by
`seed`, so the same seed gives the same cafés.

Coming cafés go through the real services (cafe_create, cafe_open, registration_create,
invitation_create, cafe_volunteer_assign, cafe_cancel), so seats, the waitlist, the
open ↔ full status and the audit trail agree as they would in use; the receipts they
enqueue go to the demo persons' fictional addresses and numbers. The services refuse
dates in the past, so the two held cafés, their registrations with attendance, the
employees counted and the feedback are written directly, recorded by one audit event
without personal data ("cafes.demo.loaded").

The demo volunteer (the `demo-volunteer` user's Volunteer) is assigned to the held café
and to a coming one. The size does not matter: `large` loads the same seven cafés, its
bulk is the register of persons (vises.people.demo). A partnership that already has cafés
is left alone, so `vises demo` can run again without doubling anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vises.cafes.models import (
    Cafe,
    CafeDescription,
    CafeFeedback,
    CafeVolunteer,
    EmployeeCount,
    FeedbackRequest,
    Registration,
)
from vises.cafes.services.cafes import (
    cafe_cancel,
    cafe_create,
    cafe_description_set,
    cafe_open,
    cafe_volunteer_assign,
)
from vises.cafes.services.invitations import invitation_create
from vises.cafes.services.registrations import registration_create
from vises.common import audit
from vises.companies.models import Company
from vises.partnerships.models import Partnership
from vises.people.models import Person, Volunteer

ACTOR = "system:demo"
DEMO_VOLUNTEER = "demo-volunteer"


@dataclass(frozen=True)
class DemoCafe:
    company: str
    days: int  # from today; negative: held in the past
    start: time
    status: str
    capacity: int
    sign_ups: int  # registrations (past: confirmed; coming: through registration_create)
    invitations: int
    place: str
    bus_stop: str
    languages: tuple[str, ...]
    sv: str
    en: str
    demo_volunteer: bool = False
    employees: int = 0
    attended: int = 0  # past cafés: how many came (the rest of those marked did not)
    marked: int = 0  # past cafés: how many have their attendance marked
    cancelled_reason: str = ""


CAFES = (
    DemoCafe(
        "Stångådalens Bygg AB",
        -20,
        time(9, 30),
        Cafe.Status.FOLLOWED_UP,
        8,
        7,
        0,
        "Byggboden vid infarten",
        "Skäggetorp centrum",
        ("sv", "ar", "so"),
        "Fika med snickare och elektriker. Hör hur det är att jobba i byggbranschen och "
        "vilka utbildningar som leder dit.",
        "Coffee with carpenters and electricians. Hear what working in construction is "
        "like and which courses lead there.",
        employees=6,
        attended=5,
        marked=7,
    ),
    DemoCafe(
        "Östgöta Verkstad AB",
        -6,
        time(14, 0),
        Cafe.Status.HELD,
        8,
        8,
        0,
        "Personalrummet, plan 2",
        "Tornby",
        ("sv", "ar", "prs", "ti"),
        "Fikarast i verkstaden. Träffa montörer och svetsare och se hur en arbetsdag ser ut.",
        "A coffee break at the workshop. Meet fitters and welders and see what a working "
        "day looks like.",
        demo_volunteer=True,
        employees=9,
        attended=5,
        marked=6,
    ),
    DemoCafe(
        "Berga Omsorg AB",
        4,
        time(14, 30),
        Cafe.Status.OPEN,
        8,
        5,
        1,
        "Samlingsrummet, entréplan",
        "Berga centrum",
        ("sv", "so", "uk"),
        "Fika med undersköterskor och vårdbiträden. Prata om jobb i vård och omsorg och "
        "om vägen via komvux.",
        "Coffee with assistant nurses and care assistants. Talk about jobs in health care "
        "and the way there through adult education.",
        demo_volunteer=True,
    ),
    DemoCafe(
        "Östgöta Verkstad AB",
        9,
        time(14, 0),
        Cafe.Status.FULL,
        6,
        8,
        0,
        "Personalrummet, plan 2",
        "Tornby",
        ("sv", "ar", "uk"),
        "Vi bjuder in igen! Fika med verkstadens anställda och en kort visning av produktionen.",
        "We invite you again! Coffee with the workshop's staff and a short tour of the production.",
    ),
    DemoCafe(
        "Rydsvägens Livs AB",
        15,
        time(10, 0),
        Cafe.Status.OPEN,
        10,
        3,
        0,
        "Kafferummet bakom butiken",
        "Ryds centrum",
        ("sv", "fa", "ti"),
        "Fika i butiken. Hör hur det är att jobba i handeln, med kassa, lager och kundmöten.",
        "Coffee at the shop. Hear what working in retail is like: the till, the stock room "
        "and the customers.",
    ),
    DemoCafe(
        "Berga Omsorg AB",
        35,
        time(14, 30),
        Cafe.Status.PLANNED,
        8,
        0,
        0,
        "Samlingsrummet, entréplan",
        "Berga centrum",
        ("sv", "so"),
        "Andra fikat hos Berga Omsorg: mer om sommarjobb och timanställning.",
        "The second coffee at Berga Omsorg: more about summer jobs and hourly work.",
    ),
    DemoCafe(
        "Stångådalens Bygg AB",
        11,
        time(9, 30),
        Cafe.Status.CANCELLED,
        8,
        2,
        0,
        "Byggboden vid infarten",
        "Skäggetorp centrum",
        ("sv", "ar"),
        "Fika med byggarna igen, nu på det nya bygget i Skäggetorp.",
        "Coffee with the builders again, now at the new building site in Skäggetorp.",
        cancelled_reason="Bygget är stängt den dagen för en besiktning; vi bokar ett nytt datum.",
    ),
)
FIKA = "Kaffe, te, kanelbullar och frukt (bullarna innehåller gluten, mjölk och ägg)."
ACCESSIBILITY = "Ingång utan trappsteg; toalett anpassad för rullstol."


def _starts(demo: DemoCafe, now: datetime) -> datetime:
    day = timezone.localdate(now) + timedelta(days=demo.days)
    return timezone.make_aware(datetime.combine(day, demo.start))


@transaction.atomic
def load(*, partnership: Partnership, size: str = "small", seed: int = 0) -> list[Cafe]:
    """Create the demo cafés at the demo companies; nothing when the partnership already has
    cafés or the demo companies are missing. Returns the cafés created."""
    del size  # the same cafés for every size (module docstring)
    if Cafe.objects.filter(partnership=partnership).exists():
        return []
    companies = {c.name: c for c in Company.objects.filter(partnership=partnership)}
    if not all(demo.company in companies for demo in CAFES):
        return []
    rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable by seed
    now = timezone.now()
    participants = list(
        Person.objects.filter(
            partnership=partnership, participant__isnull=False, anonymised_at__isnull=True
        ).order_by("pk")
    )
    volunteers = list(
        Volunteer.objects.filter(person__partnership=partnership, is_active=True)
        .select_related("person", "user")
        .order_by("pk")
    )
    demo_volunteer = next(
        (v for v in volunteers if v.user is not None and v.user.username == DEMO_VOLUNTEER), None
    )
    others = [v for v in volunteers if v is not demo_volunteer]
    cafes: list[Cafe] = []
    for demo in CAFES:
        people = rng.sample(participants, min(len(participants), demo.sign_ups + demo.invitations))
        helpers = [demo_volunteer] if demo.demo_volunteer and demo_volunteer else []
        helpers += rng.sample(others, min(len(others), 1))
        company = companies[demo.company]
        if demo.days < 0:
            cafe = _past(demo, company, people, helpers, rng=rng, now=now)
        else:
            cafe = _coming(demo, company, people, helpers, now=now)
        cafes.append(cafe)
    audit.log(ACTOR, "cafes.demo.loaded", partnership)
    return cafes


def _details(demo: DemoCafe, company: Company, starts_at: datetime) -> dict[str, object]:
    return {
        "ends_at": starts_at + timedelta(hours=1, minutes=30),
        "signup_deadline": starts_at - timedelta(days=1),
        "capacity": demo.capacity,
        "expected_employees": max(demo.employees, 6),
        "place": demo.place,
        "address": company.address,
        "bus_stop": demo.bus_stop,
        "entrance": "Huvudentrén; vi möter er i receptionen.",
        "accessibility": ACCESSIBILITY,
        "children_welcome": demo.days % 2 == 0,
        "fika": FIKA,
        "description": demo.sv,
    }


def _coming(
    demo: DemoCafe,
    company: Company,
    people: list[Person],
    helpers: list[Volunteer],
    *,
    now: datetime,
) -> Cafe:
    """A coming café through the services, as the coordinator and participants would."""
    starts_at = _starts(demo, now)
    details = _details(demo, company, starts_at)
    cafe = cafe_create(
        partnership=company.partnership,
        company=company,
        starts_at=starts_at,
        languages=demo.languages,
        actor=ACTOR,
        now=now,
        **details,  # type: ignore[arg-type]
    )
    cafe_description_set(cafe=cafe, language="en", text=demo.en, actor=ACTOR)
    for helper in helpers:
        cafe_volunteer_assign(
            cafe=cafe,
            volunteer=helper,
            role=CafeVolunteer.Role.HOST if helper is helpers[0] else CafeVolunteer.Role.CHECK_IN,
            actor=ACTOR,
        )
    if demo.status != Cafe.Status.PLANNED:
        cafe = cafe_open(cafe=cafe, actor=ACTOR, now=now)
    invited, signing_up = people[: demo.invitations], people[demo.invitations :]
    for person in invited:
        invitation_create(cafe=cafe, person=person, actor=ACTOR, now=now)
    for number, person in enumerate(signing_up):
        source = Registration.Source.COORDINATOR if number % 3 == 2 else Registration.Source.WEB
        registration_create(cafe=cafe, person=person, source=source, actor=ACTOR, now=now)
    if demo.status == Cafe.Status.CANCELLED:
        cafe = cafe_cancel(cafe=cafe, reason=demo.cancelled_reason, actor=ACTOR)
    cafe.refresh_from_db()
    return cafe


def _past(
    demo: DemoCafe,
    company: Company,
    people: list[Person],
    helpers: list[Volunteer],
    *,
    rng: random.Random,
    now: datetime,
) -> Cafe:
    """A held café, written directly: the services take no dates in the past."""
    starts_at = _starts(demo, now)
    cafe = Cafe.objects.create(
        partnership=company.partnership,
        company=company,
        starts_at=starts_at,
        status=demo.status,
        **_details(demo, company, starts_at),
    )
    cafe.languages.set(demo.languages)  # type: ignore[arg-type]  # codes are the pks
    CafeDescription.objects.create(cafe=cafe, language="en", text=demo.en)
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                cafe=cafe,
                person=person,
                status=Registration.Status.CONFIRMED,
                source=Registration.Source.WEB if number % 3 else Registration.Source.COORDINATOR,
                confirmed_at=starts_at
                - timedelta(days=rng.randint(2, 14), hours=rng.randint(0, 9)),
                attendance=(
                    Registration.Attendance.ATTENDED
                    if number < demo.attended
                    else Registration.Attendance.NO_SHOW
                )
                if number < demo.marked
                else Registration.Attendance.UNKNOWN,
                checked_in_at=starts_at + timedelta(minutes=rng.randint(-10, 15))
                if number < demo.attended
                else None,
            )
            for number, person in enumerate(people)
        ]
    )
    EmployeeCount.objects.create(cafe=cafe, present=demo.employees)
    CafeVolunteer.objects.bulk_create(
        [
            CafeVolunteer(
                cafe=cafe,
                volunteer=helper,
                role=CafeVolunteer.Role.HOST if number == 0 else CafeVolunteer.Role.CHECK_IN,
                hours=Decimal("2.5") if number == 0 else None,
            )
            for number, helper in enumerate(helpers)
        ]
    )
    if demo.status == Cafe.Status.FOLLOWED_UP:
        came = registrations[: demo.attended]
        FeedbackRequest.objects.create(
            cafe=cafe, sent_at=starts_at + timedelta(hours=3), participants=len(came), contacts=1
        )
        CafeFeedback.objects.bulk_create(
            [
                CafeFeedback(
                    registration=registration,
                    workplace=rng.choice((2, 3, 3)),
                    study_paths=rng.choice((1, 2, 2, 3)),
                    wants_language_friend=rng.random() < 0.4,
                    answered_at=starts_at + timedelta(hours=rng.randint(4, 48)),
                )
                for registration in came[: max(1, len(came) - 1)]
            ]
        )
    return cafe
