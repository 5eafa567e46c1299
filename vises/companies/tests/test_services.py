"""The company registry and its pipeline: organisation numbers, stage moves, contacts."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from vises.common.models import AuditEvent
from vises.companies import services
from vises.companies.models import Company, CompanyContact
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.models import Membership
from vises.partnerships.tests.factories import MembershipFactory, UserFactory

Stage = Company.Stage
ALL_STAGES = list(Stage.values)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def field_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(e.code) for e in errors] for field, errors in error.error_dict.items()}


@pytest.fixture
def actor(partnership):
    return MembershipFactory.create(partnership=partnership).user


def test_create_normalises_the_org_number_and_is_audited(partnership, actor):
    company = services.company_create(
        partnership=partnership, actor=actor, name="Bageriet AB", org_number="5560160680"
    )

    assert (company.org_number, company.stage) == ("556016-0680", Stage.LEAD)
    event = AuditEvent.objects.get(action="companies.company.created")
    assert (event.object_id, event.fields) == (str(company.pk), ["name", "org_number", "stage"])


def test_an_empty_org_number_is_allowed_for_a_sole_trader(partnership, actor):
    first = services.company_create(partnership=partnership, actor=actor, name="Frisören")
    second = services.company_create(partnership=partnership, actor=actor, name="Snickaren")

    assert (first.org_number, second.org_number) == ("", "")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("556016-0681", "invalid"),  # wrong check digit
        ("12345", "invalid"),
        ("811228-9874", "personal_identity_number"),  # a personnummer: never stored
    ],
)
def test_a_bad_org_number_is_refused_with_a_field_error(partnership, actor, number, code):
    with pytest.raises(ValidationError) as caught:
        services.company_create(
            partnership=partnership, actor=actor, name="Firman", org_number=number
        )

    assert field_codes(caught.value) == {"org_number": [code]}
    assert Company.objects.count() == 0
    assert actions() == []


def test_a_duplicate_org_number_in_the_partnership_is_refused(partnership, actor):
    services.company_create(
        partnership=partnership, actor=actor, name="Första", org_number="556016-0680"
    )
    other = services.company_create(partnership=partnership, actor=actor, name="Andra")

    with pytest.raises(ValidationError) as created:
        services.company_create(
            partnership=partnership, actor=actor, name="Dubbel", org_number="5560160680"
        )
    with pytest.raises(ValidationError) as updated:
        services.company_update(company=other, actor=actor, org_number="556016-0680")

    assert field_codes(created.value) == {"org_number": ["duplicate"]}
    assert field_codes(updated.value) == {"org_number": ["duplicate"]}
    assert Company.objects.filter(org_number="556016-0680").count() == 1


def test_the_same_org_number_may_be_in_another_partnership(partnership, actor):
    elsewhere = CompanyFactory.create(org_number="556016-0680")

    company = services.company_create(
        partnership=partnership, actor=actor, name="Samma", org_number="556016-0680"
    )

    assert company.org_number == elsewhere.org_number


def test_update_audits_the_changed_field_names_only(partnership, actor):
    company = CompanyFactory.create(partnership=partnership, name="Gamla")

    services.company_update(company=company, actor=actor, name="Nya", address=company.address)
    services.company_update(company=company, actor=actor, name="Nya")

    company.refresh_from_db()
    assert company.name == "Nya"
    assert list(
        AuditEvent.objects.filter(action="companies.company.changed").values_list(
            "fields", flat=True
        )
    ) == [["name"]]


FORWARD = [
    (Stage.LEAD, Stage.CONTACTED),
    (Stage.LEAD, Stage.AGREED),
    (Stage.CONTACTED, Stage.AGREED),
    (Stage.AGREED, Stage.HOSTED),
    (Stage.HOSTED, Stage.RETURNING),
    (Stage.LEAD, Stage.RETURNING),
]
TO_DECLINED = [(stage, Stage.DECLINED) for stage in ALL_STAGES if stage != Stage.DECLINED]
ALLOWED = [*FORWARD, *TO_DECLINED, (Stage.DECLINED, Stage.LEAD)]
REFUSED = [
    (Stage.CONTACTED, Stage.LEAD),
    (Stage.HOSTED, Stage.AGREED),
    (Stage.RETURNING, Stage.HOSTED),
    (Stage.AGREED, Stage.AGREED),
    (Stage.DECLINED, Stage.CONTACTED),
    (Stage.DECLINED, Stage.DECLINED),
    (Stage.LEAD, "no-such-stage"),
]


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_allowed_stage_moves_are_saved_and_audited(partnership, actor, start, to):
    company = CompanyFactory.create(partnership=partnership, stage=start)

    services.company_stage_set(company=company, stage=to, actor=actor)

    company.refresh_from_db()
    assert company.stage == to
    event = AuditEvent.objects.get(action="companies.company.changed")
    assert (event.object_id, event.fields) == (str(company.pk), ["stage"])


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_other_stage_moves_are_refused(partnership, actor, start, to):
    company = CompanyFactory.create(partnership=partnership, stage=start)

    with pytest.raises(ValidationError) as caught:
        services.company_stage_set(company=company, stage=to, actor=actor)

    company.refresh_from_db()
    assert company.stage == start
    assert caught.value.code in {"stage_not_allowed", "unknown_stage"}
    assert actions() == []


def test_stage_moves_lists_what_the_service_allows():
    assert services.stage_moves(Company(stage=Stage.AGREED)) == [
        Stage.HOSTED,
        Stage.RETURNING,
        Stage.DECLINED,
    ]
    assert services.stage_moves(Company(stage=Stage.DECLINED)) == [Stage.LEAD]


def test_a_contact_has_its_phone_normalised(partnership, actor):
    company = CompanyFactory.create(partnership=partnership)

    contact = services.contact_create(
        company=company, actor=actor, first_name="Eva", phone="070-123 45 67", email="eva@AB.SE"
    )

    assert (contact.phone, contact.email) == ("+46701234567", "eva@ab.se")
    event = AuditEvent.objects.get(action="companies.contact.created")
    assert event.chain == f"partnership:{partnership.pk}"
    assert event.fields == ["email", "first_name", "phone"]


def test_a_contact_with_a_bad_phone_or_e_mail_is_refused(partnership, actor):
    company = CompanyFactory.create(partnership=partnership)

    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            company=company, actor=actor, first_name="Eva", phone="12", email="not-an-address"
        )

    assert field_codes(caught.value) == {"phone": ["invalid_phone"], "email": ["invalid_email"]}
    assert CompanyContact.objects.count() == 0


def test_contact_update_and_remove_are_audited(partnership, actor):
    contact = CompanyContactFactory.create(company__partnership=partnership, title="")

    services.contact_update(contact=contact, actor=actor, title="HR-chef")
    services.contact_remove(contact=contact, actor=actor)

    assert actions() == ["companies.contact.changed", "companies.contact.removed"]
    assert CompanyContact.objects.count() == 0


def test_login_enable_creates_a_code_login_user_with_the_company_role(partnership, actor):
    contact = CompanyContactFactory.create(company__partnership=partnership, email="eva@ab.se")

    user = services.contact_login_enable(contact=contact, actor=actor)

    contact.refresh_from_db()
    assert contact.user == user
    assert (user.email, user.has_usable_password()) == ("eva@ab.se", False)
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("eva@ab.se", True)
    ]
    membership = Membership.objects.get(user=user)
    assert (membership.partnership, membership.role) == (partnership, Role.COMPANY)


def test_login_enable_twice_keeps_one_user(partnership, actor):
    contact = CompanyContactFactory.create(company__partnership=partnership)

    first = services.contact_login_enable(contact=contact, actor=actor)
    second = services.contact_login_enable(contact=contact, actor=actor)

    assert first == second
    assert Membership.objects.filter(user=first).count() == 1
    assert EmailAddress.objects.filter(user=first).count() == 1


def test_login_enable_never_turns_a_staff_account_into_a_company_one(partnership, actor):
    staff = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    contact = CompanyContactFactory.create(company__partnership=partnership, email=staff.email)

    with pytest.raises(ValidationError):
        services.contact_login_enable(contact=contact, actor=actor)

    assert Membership.objects.get(user=staff).role == Role.COORDINATOR


def test_login_enable_needs_an_e_mail_address(partnership, actor):
    contact = CompanyContactFactory.create(company__partnership=partnership, email="")

    with pytest.raises(ValidationError) as caught:
        services.contact_login_enable(contact=contact, actor=actor)

    assert list(caught.value.error_dict) == ["email"]


def test_removing_a_contact_ends_their_company_login(partnership, actor):
    contact = CompanyContactFactory.create(company__partnership=partnership)
    user = services.contact_login_enable(contact=contact, actor=actor)

    services.contact_remove(contact=contact, actor=actor)

    assert Membership.objects.get(user=user).is_active is False
    assert UserFactory._meta.model.objects.filter(pk=user.pk).exists()
