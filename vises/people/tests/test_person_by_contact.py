"""The one rule for "the person with this contact" and the one contact cleaner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.selectors import (
    person_by_contact,
    persons_by_contact_in_each_partnership,
    persons_with_contact,
)
from vises.people.services.privacy import person_erase
from vises.people.tests.factories import PersonFactory
from vises.people.validation import Contact, contact_clean

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(partnership):
    return PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        phone="+46701234567",
        email="amina@example.org",
    )


def test_a_contact_finds_exactly_one_person(person, partnership):
    assert person_by_contact(partnership=partnership, email="AMINA@example.org") == person
    assert person_by_contact(partnership=partnership, phone="+46701234567") == person
    assert person_by_contact(partnership=partnership, email="nobody@example.org") is None
    assert person_by_contact(partnership=partnership) is None


def test_a_contact_of_another_partnership_is_not_found(person):
    other = PartnershipFactory.create()

    assert person_by_contact(partnership=other, email="amina@example.org") is None
    assert person_by_contact(partnership=other, phone="+46701234567") is None


def test_the_same_contact_in_another_partnership_does_not_make_it_ambiguous(person):
    other = PartnershipFactory.create()
    PersonFactory.create(partnership=other, phone="+46701234567", phone_is_shared=True)
    there = PersonFactory.create(partnership=other, email="amina@example.org")

    assert person_by_contact(partnership=person.partnership, phone="+46701234567") == person
    assert person_by_contact(partnership=other, email="amina@example.org") == there
    assert persons_by_contact_in_each_partnership(email="amina@example.org") == [person, there]


def test_a_shared_phone_names_nobody(person, partnership):
    PersonFactory.create(partnership=partnership, phone="+46701234567", phone_is_shared=True)

    assert person_by_contact(partnership=partnership, phone="+46701234567") is None  # whose?
    # The e-mail address still names her.
    assert person_by_contact(partnership=partnership, email="amina@example.org") == person


def test_two_persons_with_the_contact_are_none(person, partnership):
    PersonFactory.create(partnership=partnership, email="Amina@Example.org")

    assert person_by_contact(partnership=partnership, email="amina@example.org") is None


def test_phone_and_email_naming_two_different_persons_are_none(person, partnership):
    PersonFactory.create(partnership=partnership, phone="+46709999999", email="")

    assert (
        person_by_contact(partnership=partnership, phone="+46709999999", email="amina@example.org")
        is None
    )
    assert (
        person_by_contact(partnership=partnership, phone="+46701234567", email="amina@example.org")
        == person
    )


def test_an_anonymised_person_is_not_found(person, partnership):
    person_erase(person=person, actor="link:self_service")

    assert person_by_contact(partnership=partnership, email="amina@example.org") is None
    assert persons_by_contact_in_each_partnership(email="amina@example.org") == []


def test_the_commands_see_every_partnership_and_shared_phones(person):
    other = PartnershipFactory.create()
    shared = PersonFactory.create(partnership=other, phone="+46701234567", phone_is_shared=True)

    assert list(persons_with_contact(phone="+46701234567")) == [person, shared]
    assert list(persons_with_contact()) == []


def test_the_contact_cleaner_gives_e164_and_the_address_as_stored():
    assert contact_clean(phone=" 070-123 45 67 ", email=" Amina@EXAMPLE.org ") == Contact(
        phone="+46701234567", email="Amina@example.org"
    )
    assert contact_clean(phone="+47 412 34 567") == Contact(phone="+4741234567", email="")
    assert contact_clean(phone=None, email=None) == Contact()


def test_the_contact_cleaner_names_each_malformed_field():
    with pytest.raises(ValidationError) as raised:
        contact_clean(phone="070-12", email="amina@")

    errors = raised.value.error_dict
    assert [error.code for error in errors["phone"]] == ["invalid_phone"]
    assert [error.code for error in errors["email"]] == ["invalid_email"]
