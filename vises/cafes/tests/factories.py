from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from vises.cafes.models import Cafe, CafeVolunteer, Registration
from vises.companies.tests.factories import CompanyFactory
from vises.people.tests.factories import PersonFactory, VolunteerFactory


class CafeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cafe

    company = factory.SubFactory(CompanyFactory)
    partnership = factory.SelfAttribute("company.partnership")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda cafe: cafe.starts_at + timedelta(hours=1, minutes=30))
    signup_deadline = factory.LazyAttribute(lambda cafe: cafe.starts_at - timedelta(days=1))
    capacity = 8
    status = Cafe.Status.OPEN
    place = "Personalrummet, plan 2"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    cafe = factory.SubFactory(CafeFactory)
    person = factory.SubFactory(
        PersonFactory, partnership=factory.SelfAttribute("..cafe.partnership")
    )
    status = Registration.Status.CONFIRMED
    source = Registration.Source.WEB


class CafeVolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CafeVolunteer

    cafe = factory.SubFactory(CafeFactory)
    volunteer = factory.SubFactory(
        VolunteerFactory, person__partnership=factory.SelfAttribute("...cafe.partnership")
    )
