"""Words on the café pages say what happened: a person who called off their own place is
"Avbokad", a café called off is "Inställt"; a button is a verb; two people of the same name are
told apart by birth year, district and the last digits of their phone (issue 7, point 9)."""

from __future__ import annotations

import pytest
from django.test import Client

from vises.cafes.links.registrations import registration_link
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.tests.factories import DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db


def coordinator_client(partnership) -> Client:
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )
    return client


def test_a_persons_own_cancellation_is_avbokad_and_a_cancelled_cafe_installt():
    cafe = CafeFactory.create()
    person = PersonFactory.create(partnership=cafe.partnership, first_name="Sara", last_name="")
    own = RegistrationFactory.create(cafe=cafe, person=person, status=Registration.Status.CANCELLED)
    called_off = CafeFactory.create(company=cafe.company, status=Cafe.Status.CANCELLED)
    client = coordinator_client(cafe.partnership)

    cafe_page = client.get(f"/p/{cafe.partnership.slug}/cafes/{cafe.pk}/").content.decode()
    person_page = client.get(f"/p/{cafe.partnership.slug}/people/{person.pk}/").content.decode()
    own_link_page = Client().get(registration_link(own)).content.decode()
    cancelled_page = client.get(
        f"/p/{cafe.partnership.slug}/cafes/{called_off.pk}/"
    ).content.decode()

    assert ": Avbokad</li>" in cafe_page
    assert "Avbokad" in person_page and "Inställt" not in person_page
    assert "Avbokad" in own_link_page
    assert '<span class="status status--off">Inställt</span>' in cancelled_page


def test_the_button_that_opens_a_cafe_is_a_verb():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    page = (
        coordinator_client(cafe.partnership)
        .get(f"/p/{cafe.partnership.slug}/cafes/{cafe.pk}/")
        .content.decode()
    )

    assert '<button type="submit" class="button--small">Öppna för anmälan</button>' in page
    # The state itself is still an adjective.
    assert '<span class="status status--warn">Planerat</span>' in page


def test_two_people_of_the_same_name_are_told_apart_on_the_cafe_page():
    cafe = CafeFactory.create()
    berga = DistrictFactory.create(partnership=cafe.partnership, name="Berga")
    ryd = DistrictFactory.create(partnership=cafe.partnership, name="Ryd")
    for year, district, phone in ((1988, berga, "+46701234567"), (1995, ryd, "+46707654321")):
        person = PersonFactory.create(
            partnership=cafe.partnership,
            first_name="Ali",
            last_name="Hassan",
            birth_year=year,
            district=district,
            phone=phone,
        )
        RegistrationFactory.create(cafe=cafe, person=person)

    page = (
        coordinator_client(cafe.partnership)
        .get(f"/p/{cafe.partnership.slug}/cafes/{cafe.pk}/")
        .content.decode()
    )

    assert 'Ali Hassan <span class="muted">(f. 1988 · Berga · …45 67)</span>' in page
    assert 'Ali Hassan <span class="muted">(f. 1995 · Ryd · …43 21)</span>' in page


def test_the_person_list_shows_the_birth_year_beside_the_name(partnership):
    for year in (1988, 1995):
        PersonFactory.create(
            partnership=partnership, first_name="Ali", last_name="Hassan", birth_year=year
        )

    page = coordinator_client(partnership).get(f"/p/{partnership.slug}/people/").content.decode()

    assert page.count('Ali Hassan</a> <span class="muted">f. 1988</span>') == 1
    assert page.count('Ali Hassan</a> <span class="muted">f. 1995</span>') == 1
