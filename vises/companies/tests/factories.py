from __future__ import annotations

import factory

from vises.companies.models import Company, CompanyContact
from vises.partnerships.tests.factories import PartnershipFactory


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Företaget {n} AB")
    stage = Company.Stage.AGREED
    address = "Storgatan 1, Linköping"


class CompanyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyContact

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.Sequence(lambda n: f"contact{n}@company.example.org")
