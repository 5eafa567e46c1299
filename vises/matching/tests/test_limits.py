"""A person's limits for a language friend: the form on its own page, saved through
services.limits.limits_set with an audit event that names the fields, never the values."""

from __future__ import annotations

import pytest
from django.test import Client

from vises.common.models import AuditEvent
from vises.matching.models import Limits
from vises.matching.services.limits import limits_set
from vises.partnerships.access import Role
from vises.partnerships.models import District, Partnership
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import Language
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_of(partnership: Partnership, role: str = Role.COORDINATOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory.create()


def url(person) -> str:
    return f"/p/{person.partnership.slug}/matching/people/{person.pk}/limits/"


def test_the_form_offers_the_languages_and_the_partnerships_districts(partnership):
    person = PersonFactory.create(partnership=partnership, first_name="Sara", last_name="Berg")
    District.objects.create(partnership=partnership, name="Skäggetorp")
    District.objects.create(partnership=PartnershipFactory.create(), name="Annanstans")

    response = client_of(partnership).get(url(person))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Begränsningar för en språkvän: <bdi>Sara Berg</bdi>" in html
    assert "språk hen inte vill använda" in html
    assert "Skäggetorp" in html and "Annanstans" not in html
    assert "arabiska" in html


def test_saving_sets_the_limits_and_audits_the_fields_only(partnership):
    person = PersonFactory.create(partnership=partnership)
    district = District.objects.create(partnership=partnership, name="Ryd")
    client = client_of(partnership)

    response = client.post(
        url(person),
        {"refuses_languages": ["en", "ar"], "unreachable_districts": [district.pk]},
        follow=True,
    )

    limits = Limits.objects.get(person=person)
    assert sorted(limits.refuses_languages.values_list("code", flat=True)) == ["ar", "en"]
    assert list(limits.unreachable_districts.all()) == [district]
    assert response.redirect_chain == [(f"/p/{partnership.slug}/people/{person.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Begränsningarna är sparade."]
    event = AuditEvent.objects.get(action="matching.limits.changed")
    assert event.fields == ["refuses_languages", "unreachable_districts"]
    assert (event.object_type, event.object_id) == ("matching.limits", str(limits.pk))
    assert "arabiska, engelska" in response.content.decode()  # the person page's panel shows them

    client.post(url(person), {"refuses_languages": ["en", "ar"]})
    latest = AuditEvent.objects.filter(action="matching.limits.changed").order_by("pk").last()
    assert latest.fields == ["unreachable_districts"]
    assert not Limits.objects.get(person=person).unreachable_districts.exists()


def test_another_partnerships_district_is_refused(partnership):
    person = PersonFactory.create(partnership=partnership)
    elsewhere = District.objects.create(partnership=PartnershipFactory.create(), name="Borta")

    response = client_of(partnership).post(url(person), {"unreachable_districts": [elsewhere.pk]})

    assert response.status_code == 200
    assert not Limits.objects.filter(person=person).exists()
    with pytest.raises(ValueError, match="another partnership"):
        limits_set(
            person=person,
            refuses_languages=[],
            unreachable_districts=[elsewhere],
            actor="system:test",
        )


def test_saving_nothing_new_writes_no_event(partnership):
    person = PersonFactory.create(partnership=partnership)
    limits_set(
        person=person,
        refuses_languages=Language.objects.filter(code="en"),
        unreachable_districts=[],
        actor="system:test",
    )

    client_of(partnership).post(url(person), {"refuses_languages": ["en"]})

    assert AuditEvent.objects.filter(action="matching.limits.changed").count() == 1


def test_another_partnerships_person_is_not_found_and_a_volunteer_is_refused(partnership):
    other = PersonFactory.create()
    person = PersonFactory.create(partnership=partnership)

    assert (
        client_of(partnership)
        .get(url(other).replace(other.partnership.slug, partnership.slug))
        .status_code
        == 404
    )
    assert (
        client_of(partnership)
        .post(url(other).replace(other.partnership.slug, partnership.slug))
        .status_code
        == 404
    )
    assert client_of(partnership, Role.VOLUNTEER).get(url(person)).status_code == 403
