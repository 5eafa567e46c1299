from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from vises.partnerships.access import Role
from vises.partnerships.models import Agreement, Membership, Organisation, Partnership

TEST_PASSWORD = "a-long-test-password-42"

# Valid Swedish organisation numbers (Luhn) for factories, none a personal identity number.
ORG_NUMBERS = ["556016-0680", "802002-4280", "212000-0449", "822002-1318", "556036-0793"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: object, create: bool, results: object = None) -> None:
        if create:
            instance.save()  # type: ignore[attr-defined]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.NONPROFIT
    org_number = ""


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnerskap {n}")
    slug = factory.Sequence(lambda n: f"partnerskap-{n}")
    public_authority = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.MUNICIPALITY)
    authority_body = "arbetsmarknadsnämnden"
    organisation = factory.SubFactory(OrganisationFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.COORDINATOR


def agreement_for(partnership: Partnership, *, extensions: int = 0) -> Agreement:
    """The Vi Ses! agreement (2022–2023, two extensions of two years) on the partnership, with
    the first `extensions` of them exercised, recorded through the services."""
    from datetime import date

    from vises.partnerships.services import agreement_create, agreement_extend

    agreement = agreement_create(
        partnership=partnership,
        title="Vi Ses!",
        signed_on=date(2021, 12, 15),
        authority_signatory="Helena Paulsson, avdelningschef",
        organisation_signatory="Kerstin Aldstedt, ordförande",
        starts_on=date(2022, 1, 1),
        initial_ends_on=date(2023, 12, 31),
        actor="system:test",
    )
    for decided_on in [date(2023, 10, 17), date(2025, 10, 21)][:extensions]:
        agreement_extend(agreement=agreement, decided_on=decided_on, actor="system:test")
    return agreement
