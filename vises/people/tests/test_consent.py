"""Consent through the person's own link: withdrawing is as easy as giving, and processing for
a withdrawn purpose stops at once."""

from __future__ import annotations

import pytest
from django.core import mail

from vises.common import sms
from vises.common.models import AuditEvent
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentRecord, Delivery, Person
from vises.people.outbox.service import Basis, Message, message_send
from vises.people.selectors import person_has_consent
from vises.people.services.links import person_link
from vises.people.tests.factories import ConsentRecordFactory, ConsentTextFactory, PersonFactory

pytestmark = pytest.mark.django_db

ACTOR = "link:self_service"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def person(partnership) -> Person:
    person = PersonFactory.create(partnership=partnership, language="sv", email="amina@example.org")
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES):
        ConsentRecordFactory.create(person=person, purpose=purpose)
    return person


@pytest.fixture
def page(person) -> str:
    return f"{person_link(person=person)}consent/"


# News: needs an active "messages" consent.
NEWS = Message("person_link", "Change", Basis.CONSENT, "people.person.message_sent")


def message(person: Person, capture) -> bool:
    """Whether the message went out (the outbox records every delivery)."""
    with capture(execute=True):
        message_send(person=person, message=NEWS, context={"days": 30})
    return Delivery.objects.filter(person=person).latest("pk").status == Delivery.Status.SENT


def consent_events() -> list[tuple[str, str, list[str]]]:
    return [
        (event.actor, event.action, event.fields)
        for event in AuditEvent.objects.filter(action__startswith="people.consent.").order_by("pk")
    ]


def test_the_page_shows_each_purpose_with_one_button(client, person, page):
    ConsentTextFactory.create(partnership=person.partnership, purpose=ConsentPurpose.MATCHING)

    response = client.get(page)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('value="withdraw"') == 2  # register, messages
    assert body.count('value="give"') == 1  # matching, which has a text to agree to
    assert "Jag samtycker (matching)." in body


def test_withdrawing_by_link_stops_messages(
    client, person, page, django_capture_on_commit_callbacks
):
    response = client.post(page, {"purpose": "messages", "action": "withdraw"})

    assert response.status_code == 302
    assert response["Location"] == page
    record = ConsentRecord.objects.get(person=person, purpose=ConsentPurpose.MESSAGES)
    assert record.withdrawn_at is not None
    assert record.withdrawn_channel == ConsentChannel.LINK
    assert not person_has_consent(person=person, purpose=ConsentPurpose.MESSAGES)
    assert person_has_consent(person=person, purpose=ConsentPurpose.REGISTER)
    assert consent_events() == [(ACTOR, "people.consent.withdrawn", ["withdrawn_at"])]

    assert message(person, django_capture_on_commit_callbacks) is False
    assert mail.outbox == [] and sms.outbox == []


def test_giving_consent_again_by_link_lets_messages_through(
    client, person, page, django_capture_on_commit_callbacks
):
    client.post(page, {"purpose": "messages", "action": "withdraw"})

    response = client.post(page, {"purpose": "messages", "action": "give"})

    assert response.status_code == 302
    active = ConsentRecord.objects.get(
        person=person, purpose=ConsentPurpose.MESSAGES, withdrawn_at__isnull=True
    )
    assert (active.channel, active.language) == (ConsentChannel.LINK, "sv")
    assert ConsentRecord.objects.filter(person=person, purpose="messages").count() == 2
    assert consent_events() == [
        (ACTOR, "people.consent.withdrawn", ["withdrawn_at"]),
        (ACTOR, "people.consent.given", ["purpose"]),
    ]
    assert message(person, django_capture_on_commit_callbacks) is True
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_the_consent_is_recorded_in_the_language_of_the_page(client, person, page):
    ConsentTextFactory.create(
        partnership=person.partnership,
        purpose=ConsentPurpose.MATCHING,
        language="en",
        text="I agree.",
    )
    client.cookies["vises_language"] = "en"

    client.post(page, {"purpose": "matching", "action": "give"})

    record = ConsentRecord.objects.get(person=person, purpose=ConsentPurpose.MATCHING)
    assert (record.language, record.text.text) == ("en", "I agree.")


@pytest.mark.parametrize(
    "form",
    [{"purpose": "everything", "action": "withdraw"}, {"purpose": "messages", "action": "delete"}],
)
def test_unknown_choices_change_nothing(client, person, page, form):
    response = client.post(page, form)

    assert response.status_code == 302
    assert ConsentRecord.objects.filter(person=person, withdrawn_at__isnull=False).count() == 0
    assert consent_events() == []


def test_giving_without_a_published_text_changes_nothing(client, person, page):
    response = client.post(page, {"purpose": "matching", "action": "give"})

    assert response.status_code == 302
    assert not ConsentRecord.objects.filter(person=person, purpose="matching").exists()
