"""The person page's "Messages" panel: that a STOP reply stopped SMS and when, the latest
messages with the provider's delivery report, in a number of queries that does not grow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vises.people.models import ConsentPurpose, Delivery
from vises.people.tests.factories import ConsentRecordFactory, PersonFactory
from vises.people.tests.persons_support import staff_client

pytestmark = pytest.mark.django_db

STOPPED = datetime(2025, 9, 24, 10, 5, tzinfo=UTC)


def page(client, person) -> str:
    response = client.get(f"/p/{person.partnership.slug}/people/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def deliver(person, count: int) -> None:
    for _ in range(count):
        Delivery.objects.create(
            person=person,
            partnership=person.partnership,
            message="reminder_2d",
            basis="registration",
            channel="phone",
            status="sent",
            provider_id="s1",
            provider_status="delivered",
            status_at=STOPPED,
        )


def test_the_coordinator_sees_that_sms_were_stopped_and_how_messages_went(partnership):
    person = PersonFactory.create(partnership=partnership, sms_stopped_at=STOPPED)
    deliver(person, 1)

    html = page(staff_client(partnership), person)

    assert "No SMS" in html
    assert "The person answered STOP on 09/24/2025 12:05 p.m." in html
    assert "Sent: Delivered to the phone (09/24/2025 12:05 p.m.)" in html


def test_a_new_consent_after_the_stop_is_shown_as_sms_on_again(partnership):
    person = PersonFactory.create(partnership=partnership, sms_stopped_at=STOPPED)
    ConsentRecordFactory.create(
        person=person, purpose=ConsentPurpose.MESSAGES, given_at=datetime(2025, 10, 1, tzinfo=UTC)
    )

    html = page(staff_client(partnership), person)

    assert "No SMS" not in html
    assert "has given the consent to messages again since" in html


def test_the_panel_queries_do_not_grow_with_the_messages(partnership):
    client = staff_client(partnership)
    few, many = (PersonFactory.create(partnership=partnership) for _ in range(2))
    deliver(few, 1)
    deliver(many, 15)
    page(client, few)  # warm the session and caches

    counts = []
    for person in (few, many):
        with CaptureQueriesContext(connection) as captured:
            html = page(client, person)
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
    assert html.count("Delivered to the phone") == 10
