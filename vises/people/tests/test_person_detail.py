"""The person page: every field, roles, consents, history; each view is audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.common import audit
from vises.common.models import AuditEvent
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from vises.people.models import ConsentChannel, ConsentPurpose
from vises.people.services.consent import consent_withdraw
from vises.people.services.persons import participant_set, person_update
from vises.people.tests.factories import (
    ConsentRecordFactory,
    ConsentTextFactory,
    DistrictFactory,
    LanguageFriendFactory,
    PersonFactory,
)
from vises.people.tests.persons_support import ROLE_STATUS, event_text, staff_client


def url(person) -> str:
    return f"/p/{person.partnership.slug}/people/{person.pk}/"


@pytest.fixture
def person(partnership):
    person = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
        birth_year=1988,
        district=DistrictFactory.create(partnership=partnership, name="Skäggetorp"),
        occupation="Undersköterska",
    )
    person.languages.set(["so", "ar"])
    return person


def test_the_page_shows_the_fields_roles_and_empty_sections(partnership, person):
    participant_set(person=person, actor="system:test", wants_language_friend=True)
    LanguageFriendFactory.create(person=person, capacity=3)

    html = staff_client(partnership).get(url(person)).content.decode()

    for text in [
        "<h1>Amina Yusuf</h1>",
        "070-123 45 67",
        "amina@example.org",
        "1988",
        "Skäggetorp",
        "arabiska, somaliska",
        "Undersköterska",
        '<span class="status status--ok">Participant</span>',
        '<span class="status status--ok">Language friend</span>',
        "<dd>3</dd>",  # the friend's capacity
        "Not a volunteer.",
        "No consent recorded.",
    ]:
        assert text in html, text
    # Registrations (the cafés' panel); pairs and follow-ups get panels with matching, and
    # until it exists the page shows no section for them.
    assert html.count("None yet.") == 1
    assert "Language friend pairs" not in html
    assert f'href="/p/{partnership.slug}/people/{person.pk}/edit/"' in html


def test_consents_show_given_withdrawn_channel_version_and_collector(partnership, person):
    collector = UserFactory.create(first_name="Karin", last_name="Berg")
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.MESSAGES)
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.MESSAGES, version=2)
    ConsentRecordFactory.create(
        person=person,
        purpose=ConsentPurpose.REGISTER,
        channel=ConsentChannel.PAPER,
        collected_by=collector,
    )
    ConsentRecordFactory.create(
        person=person,
        purpose=ConsentPurpose.MESSAGES,
        text=partnership.consent_texts.get(purpose=ConsentPurpose.MESSAGES, version=2),
        channel=ConsentChannel.WEB,
    )
    consent_withdraw(
        person=person,
        purpose=ConsentPurpose.MESSAGES,
        channel=ConsentChannel.LINK,
        actor="link:self-service",
    )

    response = staff_client(partnership).get(url(person))
    html = response.content.decode()

    assert len(response.context["consents"]) == 2
    assert "Paper form" in html and "Karin Berg" in html
    assert "version 1, Swedish" in html and "version 2, Swedish" in html
    assert '<span class="status status--ok">Given</span>' in html
    assert '<span class="status status--warn">Withdrawn</span>' in html
    assert "(Personal link)" in html  # how it was withdrawn
    assert "the person themselves" in html  # no collector: given on the web


def test_the_history_holds_the_events_of_the_person_their_profiles_and_consents(
    partnership, person
):
    other = PersonFactory.create(partnership=partnership)
    user = UserFactory.create(first_name="Karin", last_name="Berg")
    person_update(person=person, actor=user, occupation="Sjuksköterska")
    participant_set(person=person, actor="system:test", wants_language_friend=True)
    record = ConsentRecordFactory.create(person=person)
    audit.log("link:self-service", "people.consent.withdrawn", record, partnership=partnership)
    person_update(person=other, actor=user, occupation="Snickare")

    response = staff_client(partnership).get(url(person))
    history = response.context["history"]

    assert [entry.event.action for entry in history] == [
        "people.person.viewed",
        "people.consent.withdrawn",
        "people.participant.created",
        "people.person.changed",
    ]
    assert history[3].actor_name == "Karin Berg"
    assert history[3].event.fields == ["occupation"]
    assert history[1].actor_name == "link:self-service"
    html = response.content.decode()
    assert "Details changed" in html and "Consent withdrawn" in html


def test_each_view_writes_an_audit_event_without_personal_data(partnership, person):
    client = staff_client(partnership)

    client.get(url(person))
    client.get(url(person))

    events = AuditEvent.objects.filter(action="people.person.viewed")
    assert events.count() == 2
    event = events.first()
    assert event is not None
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    assert event.partnership_id == partnership.pk
    assert event.actor.startswith("user:")
    stored = event_text(event)
    for value in ["Amina", "Yusuf", "+46701234567", "701234567", "example.org", "1988"]:
        assert value not in stored


def queries_for_the_page(client: Client, person) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(person)).status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_consents_and_history(partnership, person):
    few = PersonFactory.create(partnership=partnership)
    ConsentRecordFactory.create(person=few)
    for _ in range(3):
        ConsentRecordFactory.create(person=person, withdrawn_at=timezone.now())
        ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MATCHING)
    for _ in range(10):
        person_update(person=person, actor=UserFactory.create(), interests=str(_))
    client = staff_client(partnership)
    queries_for_the_page(client, few)

    assert queries_for_the_page(client, few) == queries_for_the_page(client, person)


def test_possible_duplicates_are_listed_with_a_link_to_merge(partnership, person):
    twin = PersonFactory.create(partnership=partnership, email="AMINA@example.org")

    html = staff_client(partnership).get(url(person)).content.decode()

    assert "Possible duplicates" in html
    assert f'href="/p/{partnership.slug}/people/{person.pk}/merge/{twin.pk}/"' in html


@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_who_may_open_a_person_page(partnership, person, role, status):
    assert staff_client(partnership, role).get(url(person)).status_code == status
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == (status == 200)


def test_a_person_of_another_partnership_is_not_found(partnership):
    stranger = PersonFactory.create()
    coordinator = staff_client(partnership)

    # Through the coordinator's own partnership, and through the other's.
    assert coordinator.get(f"/p/{partnership.slug}/people/{stranger.pk}/").status_code == 404
    assert coordinator.get(url(stranger)).status_code == 404
    assert not AuditEvent.objects.filter(action="people.person.viewed").exists()


def test_an_anonymised_person_has_no_page(partnership, person):
    person.anonymised_at = timezone.now()
    person.save()

    assert staff_client(partnership).get(url(person)).status_code == 404


def test_anonymous_goes_to_login_and_a_stranger_is_not_found(partnership, person):
    response = Client().get(url(person))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={url(person)}",
    )
    stranger = Client()
    stranger.force_login(MembershipFactory.create(partnership=PartnershipFactory.create()).user)
    assert stranger.get(url(person)).status_code == 404


def test_the_person_page_lists_their_cafe_registrations(partnership, member) -> None:
    from vises.cafes.models import Registration
    from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
    from vises.companies.tests.factories import CompanyFactory
    from vises.partnerships.access import Role
    from vises.people.tests.factories import PersonFactory

    person = PersonFactory.create(partnership=partnership)
    company = CompanyFactory.create(partnership=partnership, name="Sigma AB")
    cafe = CafeFactory.create(company=company)
    RegistrationFactory.create(cafe=cafe, person=person, status=Registration.Status.WAITLISTED)
    client = Client()
    client.force_login(member(Role.COORDINATOR).user)

    response = client.get(f"/p/{partnership.slug}/people/{person.pk}/")

    assert response.status_code == 200
    assert [r.cafe.company.name for r in response.context["registrations"]] == ["Sigma AB"]
    assert f"/p/{partnership.slug}/cafes/{cafe.pk}/" in response.content.decode()
