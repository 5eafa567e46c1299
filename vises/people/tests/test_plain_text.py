"""Names are stored as plain text (issue 8): a U+202E in a name turned titles and lists
around, so characters that reorder text are removed on the way in, and text no database can
store (a NUL) is refused on its field in the user's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from vises.companies.services import company_create
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.services.persons import person_create, person_update

pytestmark = pytest.mark.django_db


def test_bidi_controls_are_removed_from_a_persons_names(partnership):
    person = person_create(
        partnership=partnership,
        actor="system:test",
        first_name="\u202eanimA",
        last_name="Yu\u2066suf\u2069",
        phone="0701234567",
    )
    person_update(person=person, actor="system:test", occupation="\u200fundersköterska")

    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("animA", "Yusuf")
    assert person.occupation == "undersköterska"


def test_a_nul_in_a_name_is_refused_on_its_field(partnership):
    with pytest.raises(ValidationError) as refused:
        person_create(
            partnership=partnership, actor="system:test", first_name="A\x00", phone="0701234567"
        )

    assert refused.value.message_dict == {
        "first_name": ["Ta bort det osynliga nolltecknet ur texten."]
    }


def test_the_staff_list_shows_the_name_as_written_in_order(partnership):
    person_create(
        partnership=partnership, actor="system:test", first_name="Sara\u202e", phone="0701234567"
    )
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )

    page = client.get(f"/p/{partnership.slug}/people/").content.decode()

    assert "\u202e" not in page
    assert ">Sara</a>" in page


def test_a_company_name_loses_its_bidi_controls(partnership):
    company = company_create(partnership=partnership, actor="system:test", name="\u202eBageriet AB")

    assert company.name == "Bageriet AB"
