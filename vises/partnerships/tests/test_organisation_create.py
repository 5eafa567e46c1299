"""An organisation's org.nr is checked with python-stdnum and stored as NNNNNN-NNNN; a sole
trader's number (a personnummer) is refused, since we never store one (DESIGN §6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vises.common.models import AuditEvent
from vises.common.validators import normalise_org_number
from vises.partnerships.models import Organisation
from vises.partnerships.services import organisation_create

INVALID_SV = "Skriv ett giltigt svenskt organisationsnummer, till exempel 212000-0449."
DUPLICATE_SV = "Det finns redan en organisation med det här organisationsnumret."
PERSONNUMMER_SV = (
    "Det här är ett personnummer (en enskild firmas). Lämna organisationsnumret tomt i "
    "stället – vi sparar inte personnummer."
)


def codes(error: ValidationError) -> list[str | None]:
    """The codes of the errors on the org.nr field (what a form shows beside that field)."""
    assert list(error.error_dict) == ["org_number"]
    return [item.code for item in error.error_dict["org_number"]]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("212000-0449", "212000-0449"),  # Linköpings kommun
        ("2120000449", "212000-0449"),
        (" 212000 0449 ", "212000-0449"),
        ("822002-1318", "822002-1318"),  # Linköpings södra rödakorskrets
        ("8220021318", "822002-1318"),
        ("556016-0680", "556016-0680"),  # a limited company
    ],
)
def test_a_valid_number_is_stored_as_six_digits_dash_four(db, typed, stored):
    organisation = organisation_create(
        name="Part", kind=Organisation.Kind.NONPROFIT, org_number=typed, actor="system:test"
    )

    assert Organisation.objects.get(pk=organisation.pk).org_number == stored
    assert normalise_org_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "212000-0448",
        "822002-1319",
        "21200004",
        "212000-04490",
        "abcdef-ghij",
        "19850101-1236",  # a personnummer with its century is no org.nr either
    ],
)
def test_a_number_that_fails_the_check_is_refused_in_swedish(db, typed):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        organisation_create(
            name="Part", kind=Organisation.Kind.NONPROFIT, org_number=typed, actor="system:test"
        )

    assert codes(refused.value) == ["invalid"]
    assert refused.value.message_dict == {"org_number": [INVALID_SV]}
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("typed", ["8501011236", "850101-1236", "850101 1236"])
def test_a_personal_identity_number_is_refused(db, typed):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        organisation_create(
            name="Enskild firma",
            kind=Organisation.Kind.COMPANY,
            org_number=typed,
            actor="system:test",
        )

    assert codes(refused.value) == ["personal_identity_number"]
    assert refused.value.message_dict == {"org_number": [PERSONNUMMER_SV]}
    assert not Organisation.objects.exists()


def test_the_model_refuses_a_personal_identity_number_too(db):
    organisation = Organisation(
        name="Enskild firma", kind=Organisation.Kind.COMPANY, org_number="850101-1236"
    )

    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()

    assert [error.code for error in refused.value.error_dict["org_number"]] == [
        "personal_identity_number"
    ]


def test_a_sole_trader_is_stored_without_a_number(db):
    organisation = organisation_create(
        name="Enskild firma", kind=Organisation.Kind.COMPANY, org_number="", actor="system:test"
    )

    assert Organisation.objects.get(pk=organisation.pk).org_number == ""


def test_creation_is_audited_without_the_number(db):
    organisation = organisation_create(
        name="Linköpings kommun",
        kind=Organisation.Kind.MUNICIPALITY,
        org_number="2120000449",
        actor="system:test",
    )

    event = AuditEvent.objects.get()
    assert (event.chain, event.action, event.object_id, event.fields) == (
        "global",
        "partnerships.organisation.created",
        str(organisation.pk),
        ["kind", "name"],
    )


def test_the_same_number_twice_is_refused(db):
    organisation_create(
        name="Linköpings kommun",
        kind=Organisation.Kind.MUNICIPALITY,
        org_number="212000-0449",
        actor="system:test",
    )

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        organisation_create(
            name="Kommunen",
            kind=Organisation.Kind.MUNICIPALITY,
            org_number="2120000449",
            actor="system:test",
        )

    assert codes(refused.value) == ["duplicate"]
    assert refused.value.message_dict == {"org_number": [DUPLICATE_SV]}
    assert Organisation.objects.count() == 1
