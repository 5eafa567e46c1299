"""A small world for the annual report's tests: one held café in 2025 with three women and six
men checked in, a language friend, a cost entry, and the agreement covering 2022–2025."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyFactory
from vises.economy.models import CostEntry
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import agreement_for
from vises.people.models import Person
from vises.people.tests.factories import DistrictFactory, PersonFactory

YEAR = 2025


@dataclass
class World:
    partnership: Partnership
    people: list[Person]


def at(y: int, m: int, d: int, h: int = 12) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h))


def build(partnership: Partnership) -> World:
    agreement_for(partnership, extensions=1)
    district = DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    company = CompanyFactory.create(partnership=partnership, district=district)
    cafe = CafeFactory.create(
        company=company, partnership=partnership, starts_at=at(YEAR, 3, 4), status=Cafe.Status.HELD
    )
    people = []
    for n, gender in enumerate([Person.Gender.WOMAN] * 3 + [Person.Gender.MAN] * 6):
        person = PersonFactory.create(
            partnership=partnership,
            first_name=f"Zelmira{n}x",
            last_name=f"Quistorpsson{n}",
            phone=f"+4670199{n:04d}",
            email=f"zelmira{n}@quistorp.example",
            gender=gender,
            birth_year=1990,
        )
        RegistrationFactory.create(
            cafe=cafe, person=person, attendance=Registration.Attendance.ATTENDED
        )
        people.append(person)
    CostEntry.objects.create(
        partnership=partnership,
        category="lokaler",
        spent_on=date(YEAR, 3, 1),
        amount=Decimal("12345.60"),
        description="Hyra",
    )
    return World(partnership=partnership, people=people)


def secrets(people: list[Person]) -> list[str]:
    """Every name, phone number and e-mail address of the register's people, as they might be
    printed (the phone also in its national form)."""
    found: list[str] = []
    for person in people:
        found += [person.first_name, person.last_name, person.email, person.phone]
        found.append("0" + person.phone.removeprefix("+46"))
    return found
