"""The consent texts page: the newest version of every purpose in every language, and
publishing a new version, never changing an old one (consents point to the version given)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import ConsentPurpose, ConsentText
from vises.people.services.consent import consent_text_grid
from vises.people.tests.factories import ConsentRecordFactory, ConsentTextFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(partnership) -> Client:
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )
    return client


def url(partnership, rest: str = "") -> str:
    return f"/p/{partnership.slug}/people/consent-texts/{rest}"


def test_the_grid_shows_the_newest_version_or_missing(partnership, coordinator_client):
    for version in (1, 2, 3):
        ConsentTextFactory.create(
            partnership=partnership, purpose=ConsentPurpose.REGISTER, version=version
        )
    ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.REGISTER, language="ar"
    )

    rows = consent_text_grid(partnership=partnership)
    response = coordinator_client.get(url(partnership))

    assert [row.purpose for row in rows] == ["register", "messages", "matching"]
    register = {cell.language: cell.text.version if cell.text else None for cell in rows[0].cells}
    assert register == {
        "sv": 3,
        "en": None,
        "ar": 1,
        "fa": None,
        "so": None,
        "ti": None,
        "uk": None,
    }
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("version 3") == 1 and html.count("version 1") == 1
    assert html.count("saknas") == 3 * 7 - 2
    assert f"{url(partnership, 'new/')}?purpose=register&amp;language=ar" in html


def test_the_grid_costs_the_same_queries_whatever_the_history(partnership, coordinator_client):
    coordinator_client.get(url(partnership))  # the session's first request sets its login time
    ConsentTextFactory.create(partnership=partnership)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url(partnership))
    for purpose in ConsentPurpose.values:
        for language in ("sv", "en", "ar", "ti"):
            for version in (1, 2, 3):
                ConsentTextFactory.create(
                    partnership=partnership, purpose=purpose, language=language, version=version
                )
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(url(partnership))

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len([q for q in many.captured_queries if "people_consenttext" in q["sql"]]) == 1


def test_publishing_makes_the_next_version_and_keeps_the_old_one(partnership, coordinator_client):
    old = ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.MESSAGES, language="ar", version=4
    )
    given = ConsentRecordFactory.create(
        person__partnership=partnership, purpose=ConsentPurpose.MESSAGES, text=old
    )
    wording = "  \u202bنرسل لك رسائل عن المقاهي.\u202c  "

    response = coordinator_client.post(
        url(partnership, "new/"), {"purpose": "messages", "language": "ar", "text": wording}
    )

    assert (response.status_code, response["Location"]) == (302, url(partnership))
    new = ConsentText.objects.get(
        partnership=partnership, purpose="messages", language="ar", version=5
    )
    assert new.text == "نرسل لك رسائل عن المقاهي."
    old_text = old.text
    old.refresh_from_db()
    given.refresh_from_db()
    assert (old.version, old.text, given.text_id) == (4, old_text, old.pk)
    event = AuditEvent.objects.get(action="people.consenttext.published")
    assert (event.object_id, event.fields) == (str(new.pk), ["text", "version"])
    page = coordinator_client.get(url(partnership)).content.decode()
    assert "Version 5 av texten är publicerad." in page


def test_the_first_text_of_a_language_is_version_1(partnership, coordinator_client):
    coordinator_client.post(
        url(partnership, "new/"), {"purpose": "matching", "language": "ti", "text": "ጽሑፍ"}
    )

    assert list(
        ConsentText.objects.filter(partnership=partnership).values_list("language", "version")
    ) == [("ti", 1)]


def test_an_empty_text_is_refused(partnership, coordinator_client):
    response = coordinator_client.post(
        url(partnership, "new/"), {"purpose": "register", "language": "sv", "text": " \u200f "}
    )

    assert response.status_code == 200
    assert "Skriv texten." in response.content.decode()
    assert ConsentText.objects.filter(partnership=partnership).count() == 0


def test_the_form_starts_from_the_newest_text(partnership, coordinator_client):
    ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.REGISTER, version=2, text="Senaste."
    )

    html = coordinator_client.get(
        url(partnership, "new/?purpose=register&language=sv")
    ).content.decode()

    assert "Senaste." in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.ADMIN, 200),
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
    ],
)
def test_who_may_publish(partnership, role, status):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)

    response = client.post(
        url(partnership, "new/"), {"purpose": "register", "language": "sv", "text": "Text."}
    )

    assert response.status_code == (302 if status == 200 else status)
    assert ConsentText.objects.filter(partnership=partnership).count() == (status == 200)


def test_the_service_itself_stores_the_text_without_bidi_controls(partnership):
    from vises.people.services.consent import consent_text_publish

    text = consent_text_publish(
        partnership=partnership,
        purpose=ConsentPurpose.REGISTER,
        language="fa",
        text="\u202e متن \u202c\n",
        actor="system:test",
    )

    assert (text.text, text.version) == ("متن", 1)
