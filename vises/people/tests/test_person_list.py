"""The register's search page: filters with exact counts, pages of 25, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    LanguageFriendFactory,
    ParticipantFactory,
    PersonFactory,
    VolunteerFactory,
)
from vises.people.tests.persons_support import ROLE_STATUS, event_text, staff_client


def url(partnership, query: str = "") -> str:
    return f"/p/{partnership.slug}/people/{query}"


def names(response) -> list[str]:
    return [str(person) for person in response.context["page"].object_list]


@pytest.fixture
def coordinator(partnership) -> Client:
    return staff_client(partnership)


@pytest.fixture
def register(partnership):
    """Six persons of the partnership, one anonymised, one of another partnership."""
    skaggetorp = DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    berga = DistrictFactory.create(partnership=partnership, name="Berga")
    amina = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        district=skaggetorp,
    )
    amina.languages.set(["so", "sv"])
    amir = PersonFactory.create(
        partnership=partnership, first_name="Amir", last_name="Hassan", district=berga
    )
    amir.languages.set(["ar"])
    asa = PersonFactory.create(
        partnership=partnership, first_name="Åsa", last_name="Lind", phone="+46739876543"
    )
    sara = PersonFactory.create(
        partnership=partnership, first_name="Sara", last_name="Amini", district=skaggetorp
    )
    sara.languages.set(["so"])
    oleh = PersonFactory.create(partnership=partnership, first_name="Oleh", last_name="Bondar")
    nur = PersonFactory.create(partnership=partnership, first_name="Nur", last_name="")
    ParticipantFactory.create(person=amina)
    ParticipantFactory.create(person=sara)
    ParticipantFactory.create(person=oleh, is_active=False)
    LanguageFriendFactory.create(person=asa)
    VolunteerFactory.create(person=nur)
    PersonFactory.create(partnership=partnership, first_name="Amanda", anonymised_at=timezone.now())
    PersonFactory.create(first_name="Amelie", phone="+46701234567")  # another partnership
    return {"skaggetorp": skaggetorp, "berga": berga}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Amina Yusuf", "Amir Hassan", "Nur", "Oleh Bondar", "Sara Amini", "Åsa Lind"]),
        ("?q=am", ["Amina Yusuf", "Amir Hassan", "Sara Amini"]),  # first or last name
        ("?q=AMI", ["Amina Yusuf", "Amir Hassan", "Sara Amini"]),  # any case
        ("?q=åsa", ["Åsa Lind"]),  # non-ASCII letters in any case, on SQLite too
        ("?q=ÅSA", ["Åsa Lind"]),
        ("?q=amina+yusuf", ["Amina Yusuf"]),  # every word must match
        ("?q=mina", []),  # the start of a name, not the middle
        ("?q=070-123+45+67", ["Amina Yusuf"]),  # a number that parses: compared in E.164
        ("?q=%2B46+70+123+45+67", ["Amina Yusuf"]),
        ("?q=0701234", ["Amina Yusuf"]),  # the start of a number as typed at home
        ("?q=876", ["Åsa Lind"]),  # digits anywhere in the number
        ("?language=so", ["Amina Yusuf", "Sara Amini"]),
        ("?language=ar", ["Amir Hassan"]),
        ("?language=ti", []),
        ("?role=participant", ["Amina Yusuf", "Sara Amini"]),  # Oleh's profile is inactive
        ("?role=language_friend", ["Åsa Lind"]),
        ("?role=volunteer", ["Nur"]),
        ("?q=am&language=so&role=participant", ["Amina Yusuf", "Sara Amini"]),
    ],
)
def test_each_filter_finds_exactly_the_persons_it_should(
    coordinator, partnership, register, query, expected
):
    response = coordinator.get(url(partnership, query))

    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["page"].paginator.count == len(expected)


def test_the_district_filter(coordinator, partnership, register):
    skaggetorp, berga = register["skaggetorp"], register["berga"]

    assert names(coordinator.get(url(partnership, f"?district={skaggetorp.pk}"))) == [
        "Amina Yusuf",
        "Sara Amini",
    ]
    assert names(coordinator.get(url(partnership, f"?district={berga.pk}"))) == ["Amir Hassan"]
    both = coordinator.get(url(partnership, f"?district={berga.pk}&q=amir"))
    assert names(both) == ["Amir Hassan"]


def test_a_district_of_another_partnership_finds_nobody_and_says_why(
    coordinator, partnership, register
):
    foreign = DistrictFactory.create()

    response = coordinator.get(url(partnership, f"?district={foreign.pk}"))

    assert response.status_code == 200
    assert names(response) == []
    assert response.context["form"].errors.as_data()["district"][0].code == "invalid_choice"
    assert "Nobody matches the search." in response.content.decode()


def test_the_table_shows_name_roles_languages_district_phone_and_consent(
    coordinator, partnership, register
):
    amina = partnership.persons.get(first_name="Amina")
    ConsentRecordFactory.create(person=amina, purpose=ConsentPurpose.REGISTER)
    ConsentRecordFactory.create(
        person=partnership.persons.get(first_name="Sara"), withdrawn_at=timezone.now()
    )

    response = coordinator.get(url(partnership, "?q=amina"))
    html = response.content.decode()

    assert f'href="/p/{partnership.slug}/people/{amina.pk}/"' in html
    assert ">Amina Yusuf</a>" in html
    assert '<span class="status status--ok">Participant</span>' in html
    assert "somaliska, svenska" in html  # Swedish names of the languages
    assert "Skäggetorp" in html
    assert "070-123 45 67" in html  # the stored +46701234567, as people read it
    assert '<span class="status status--ok">Register</span>' in html
    withdrawn = coordinator.get(url(partnership, "?q=sara")).content.decode()
    assert '<span class="status status--warn">Withdrawn</span>' in withdrawn
    nobody = coordinator.get(url(partnership, "?q=amir")).content.decode()
    assert '<span class="status status--off">No consent</span>' in nobody


def test_pages_of_25_that_keep_the_filters(coordinator, partnership):
    PersonFactory.create_batch(30, partnership=partnership, first_name="Anna")
    PersonFactory.create(partnership=partnership, first_name="Bo")

    first = coordinator.get(url(partnership, "?q=anna"))
    second = coordinator.get(url(partnership, "?q=anna&page=2"))
    beyond = coordinator.get(url(partnership, "?q=anna&page=9"))

    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 30
    assert len(second.context["page"].object_list) == 5
    assert second.context["page"].number == 2
    assert beyond.context["page"].number == 2  # past the end: the last page
    assert 'href="?q=anna&amp;page=2"' in first.content.decode()
    assert 'href="?q=anna&amp;page=1"' in second.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert "30 persons" in first.content.decode()


def a_full_person(partnership, district) -> None:
    person = PersonFactory.create(partnership=partnership, district=district)
    person.languages.set(["ar", "so"])
    ParticipantFactory.create(person=person)
    LanguageFriendFactory.create(person=person)
    VolunteerFactory.create(person=person)
    ConsentRecordFactory.create(person=person)


def queries_for_the_list(client: Client, partnership) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(partnership))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(partnership):
    other = PartnershipFactory.create()
    district = DistrictFactory.create(partnership=partnership)
    other_district = DistrictFactory.create(partnership=other)
    for _ in range(2):
        a_full_person(partnership, district)
    for _ in range(30):
        a_full_person(other, other_district)
    few = staff_client(partnership)
    many = staff_client(other)
    queries_for_the_list(few, partnership)  # sessions and caches settle on the first visit
    queries_for_the_list(many, other)

    assert queries_for_the_list(few, partnership) == queries_for_the_list(many, other)
    assert len(many.get(url(other)).context["page"].object_list) == 25


def test_each_search_writes_an_audit_event_naming_the_filters_but_not_their_values(
    coordinator, partnership, register
):
    coordinator.get(url(partnership, "?q=amina&language=so"))

    event = AuditEvent.objects.get(action="people.person.listed")
    assert event.partnership_id == partnership.pk
    assert event.fields == ["language", "name"]
    assert "amina" not in event_text(event).lower()


@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_who_may_search_the_register(partnership, role, status):
    response = staff_client(partnership, role).get(url(partnership))

    assert response.status_code == status


def test_another_partnership_is_not_found_and_anonymous_goes_to_login(partnership):
    other = PartnershipFactory.create()
    stranger = Client()
    stranger.force_login(MembershipFactory.create(partnership=other).user)

    assert stranger.get(url(partnership)).status_code == 404
    response = Client().get(url(partnership))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/people/",
    )


@pytest.mark.parametrize(("role", "shown"), [(Role.COORDINATOR, True), (Role.MUNICIPAL, False)])
def test_the_navigation_leads_to_the_register_for_those_who_may_see_it(partnership, role, shown):
    html = staff_client(partnership, role).get(f"/p/{partnership.slug}/").content.decode()

    assert (f'<a href="/p/{partnership.slug}/people/">People</a>' in html) is shown
