"""Factories for the people register (shared by every test of the app; append, don't fork)."""

from __future__ import annotations

import factory

from vises.partnerships.models import District
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    LanguageFriend,
    Participant,
    Person,
    Volunteer,
)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Stadsdel {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    # 070-1 7x xx xx: valid Swedish mobile numbers, unique per sequence.
    phone = factory.Sequence(lambda n: f"+46701{n:06d}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    language = "sv"
    gender = Person.Gender.WOMAN
    birth_year = 1990


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    person = factory.SubFactory(PersonFactory)


class LanguageFriendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LanguageFriend

    person = factory.SubFactory(PersonFactory)
    capacity = 1


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    person = factory.SubFactory(PersonFactory)


class ConsentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentText
        django_get_or_create = ("partnership", "purpose", "language", "version")

    partnership = factory.SubFactory(PartnershipFactory)
    purpose = ConsentPurpose.REGISTER
    language = "sv"
    version = 1
    text = factory.LazyAttribute(lambda text: f"Jag samtycker ({text.purpose}).")


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentPurpose.REGISTER
    text = factory.SubFactory(
        ConsentTextFactory,
        partnership=factory.SelfAttribute("..person.partnership"),
        purpose=factory.SelfAttribute("..purpose"),
    )
    language = "sv"
    channel = ConsentChannel.WEB
