"""Messages: in the person's language, by e-mail or SMS, always with the person's own link and
the link to report a concern, never to a person who withdrew consent for messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from vises.common import sms
from vises.common.models import AuditEvent
from vises.people.models import ConsentPurpose, Person
from vises.people.services.consent import consent_withdraw
from vises.people.services.links import person_from_token
from vises.people.services.messages import person_message_send
from vises.people.tasks_messages import person_message_deliver
from vises.people.tests.factories import ConsentRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "people_tests/message.txt"


@pytest.fixture(autouse=True)
def _test_templates(settings) -> None:
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def consenting(partnership, **values) -> Person:
    person = PersonFactory.create(partnership=partnership, **values)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    return person


def send(person: Person, capture, **context) -> bool:
    with capture(execute=True):
        return person_message_send(
            person=person,
            subject="Change",
            body_template=TEMPLATE,
            context={"cafe_id": 7, **context},
            actor="system:test",
        )


def links_in(body: str) -> list[str]:
    return re.findall(r"http://[^\s]+", body)


@pytest.mark.parametrize(("language", "word"), [("sv", "Byt"), ("en", "Change")])
def test_a_message_is_written_in_the_persons_language_with_both_links(
    partnership, immediate_tasks, django_capture_on_commit_callbacks, settings, language, word
):
    person = consenting(partnership, language=language, email="amina@example.org")

    assert send(person, django_capture_on_commit_callbacks) is True

    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == word
    assert message.body.startswith(f"language={language}\n{word} cafe=7\n")
    own, concern = links_in(message.body)
    assert own.startswith(f"{settings.VISES_BASE_URL}/me/")
    assert concern == f"{own}concern/"
    token = own.removeprefix(f"{settings.VISES_BASE_URL}/me/").rstrip("/")
    assert person_from_token(token) == person
    assert sms.outbox == []
    event = AuditEvent.objects.get(action="people.message.sent")
    assert (event.actor, event.object_id, event.fields) == (
        "system:messages",
        str(person.pk),
        ["email"],
    )


def test_without_an_email_the_message_goes_by_sms(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = consenting(partnership, language="en", email="", phone="+46701234567")

    assert send(person, django_capture_on_commit_callbacks) is True

    (message,) = sms.outbox
    assert message.to == "+46701234567"
    assert message.body.startswith("Change\n\nlanguage=en\nChange cafe=7\n")
    own, concern = links_in(message.body)
    assert "/me/" in own and concern == f"{own}concern/"
    assert mail.outbox == []


def test_a_person_who_withdrew_consent_gets_nothing(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = consenting(partnership)
    consent_withdraw(
        person=person, purpose=ConsentPurpose.MESSAGES, channel="link", actor="link:self_service"
    )

    assert send(person, django_capture_on_commit_callbacks) is False

    assert mail.outbox == [] and sms.outbox == []
    assert AuditEvent.objects.filter(action="people.message.sent").count() == 0
    refused = AuditEvent.objects.get(action="people.message.refused")
    assert (refused.object_id, refused.fields) == (str(person.pk), [])


def test_a_person_who_never_agreed_to_messages_gets_nothing(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = PersonFactory.create(partnership=partnership)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.REGISTER)

    assert send(person, django_capture_on_commit_callbacks) is False
    assert mail.outbox == [] and sms.outbox == []


def test_a_withdrawal_after_queueing_still_stops_the_message(
    partnership, django_capture_on_commit_callbacks
):
    person = consenting(partnership)
    with django_capture_on_commit_callbacks(execute=True):
        assert person_message_send(
            person=person, subject="Change", body_template=TEMPLATE, context={}, actor="system:test"
        )
    consent_withdraw(
        person=person, purpose=ConsentPurpose.MESSAGES, channel="link", actor="link:self_service"
    )

    result = person_message_deliver.call(person.pk, "Change", TEMPLATE, {})

    assert result == "refused"
    assert mail.outbox == []


def test_queued_task_payloads_hold_ids_only(partnership, django_capture_on_commit_callbacks):
    person = consenting(
        partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
    )

    assert send(person, django_capture_on_commit_callbacks) is True

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "vises.people.tasks_messages.person_message_deliver"
    payload = json.dumps(queued.args_kwargs)
    assert queued.args_kwargs["args"] == [person.pk, "Change", TEMPLATE, {"cafe_id": 7}]
    for secret in ("Amina", "Yusuf", "46701234567", "amina@example.org"):
        assert secret not in payload
    assert mail.outbox == []  # sent by the worker, not here


@pytest.mark.parametrize("value", ["Amina", "amina@example.org", "+46701234567", "Amina Yusuf"])
def test_a_context_naming_the_person_is_refused(partnership, value):
    person = consenting(
        partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
    )

    with pytest.raises(ValueError, match="pass ids instead"):
        person_message_send(
            person=person,
            subject="Change",
            body_template=TEMPLATE,
            context={"name": value},
            actor="system:test",
        )
    assert DBTaskResult.objects.count() == 0


def test_nothing_is_queued_before_the_transaction_commits(
    partnership, django_capture_on_commit_callbacks
):
    person = consenting(partnership)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        person_message_send(
            person=person, subject="Change", body_template=TEMPLATE, context={}, actor="system:test"
        )
        assert DBTaskResult.objects.count() == 0

    assert len(callbacks) == 1
