"""The outbox: a message is written in the person's language, goes by e-mail or SMS, always
carries the person's own link and the link to report a concern, follows the consent rule of
docs/architecture.md ("Messages"), and is recorded as a delivery without its text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vises.common import sms
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import ConsentPurpose, Delivery, Person
from vises.people.outbox.service import Basis, Message, message_deliver, message_send
from vises.people.outbox.staff import Notice, staff_notify
from vises.people.outbox.tasks import message_deliver_task
from vises.people.services.consent import consent_withdraw
from vises.people.services.links import person_from_token
from vises.people.services.privacy import person_erase, person_export
from vises.people.tests.factories import ConsentRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db

# News: needs an active "messages" consent. Its template is in ./templates/messages/.
NEWS = Message("outbox_test", "Change", Basis.CONSENT, "people.person.message_sent")
FIELDS = {
    "name": "outbox_test",
    "subject": "Change",
    "basis": "consent",
    "action": "people.person.message_sent",
}


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


def send(person: Person, capture, **context) -> None:
    with capture(execute=True):
        message_send(person=person, message=NEWS, context={"cafe_id": 7, **context})


def deliveries(person: Person) -> list[tuple[str, str, str]]:
    return [
        (delivery.message, delivery.channel, delivery.status)
        for delivery in Delivery.objects.filter(person=person)
    ]


def links_in(body: str) -> list[str]:
    return re.findall(r"http://[^\s]+", body)


@pytest.mark.parametrize(("language", "word"), [("sv", "Byt"), ("en", "Change")])
def test_a_message_is_written_in_the_persons_language_with_both_links(
    partnership, immediate_tasks, django_capture_on_commit_callbacks, settings, language, word
):
    person = consenting(partnership, language=language, email="amina@example.org")

    send(person, django_capture_on_commit_callbacks)

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
    event = AuditEvent.objects.get(action="people.person.message_sent")
    assert (event.actor, event.object_id, event.fields) == (
        "system:messages",
        str(person.pk),
        ["email"],
    )
    assert deliveries(person) == [("outbox_test", "email", "sent")]


def test_without_an_email_the_message_goes_by_sms(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = consenting(partnership, language="en", email="", phone="+46701234567")

    send(person, django_capture_on_commit_callbacks)

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

    send(person, django_capture_on_commit_callbacks)

    assert mail.outbox == [] and sms.outbox == []
    assert AuditEvent.objects.filter(action="people.person.message_sent").count() == 0
    # Recorded as refused, raised to nobody.
    assert deliveries(person) == [("outbox_test", "", "skipped:consent")]


def test_a_person_who_never_agreed_to_messages_gets_nothing(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = PersonFactory.create(partnership=partnership)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.REGISTER)

    send(person, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and sms.outbox == []
    assert deliveries(person) == [("outbox_test", "", "skipped:consent")]


def test_a_withdrawal_after_queueing_still_stops_the_message(
    partnership, django_capture_on_commit_callbacks
):
    person = consenting(partnership)
    with django_capture_on_commit_callbacks(execute=True):
        message_send(person=person, message=NEWS, context={})
    consent_withdraw(
        person=person, purpose=ConsentPurpose.MESSAGES, channel="link", actor="link:self_service"
    )

    result = message_deliver_task.call(person.pk, FIELDS, None, {}, "")

    assert result == "skipped:consent"
    assert mail.outbox == []


def test_queued_task_payloads_hold_ids_only(partnership, django_capture_on_commit_callbacks):
    person = consenting(
        partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
    )

    send(person, django_capture_on_commit_callbacks)

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "vises.people.outbox.tasks.message_deliver_task"
    payload = json.dumps(queued.args_kwargs)
    assert queued.args_kwargs["args"] == [person.pk, FIELDS, None, {"cafe_id": 7}, ""]
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
        message_send(person=person, message=NEWS, context={"name": value})
    assert DBTaskResult.objects.count() == 0


def test_nothing_is_queued_before_the_transaction_commits(
    partnership, django_capture_on_commit_callbacks
):
    person = consenting(partnership)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message_send(person=person, message=NEWS, context={})
        assert DBTaskResult.objects.count() == 0

    assert len(callbacks) == 1


def withdrawn(partnership, **values) -> Person:
    person = consenting(partnership, **values)
    consent_withdraw(
        person=person, purpose=ConsentPurpose.MESSAGES, channel="link", actor="link:self_service"
    )
    return person


REMINDER = Message("outbox_test", "Change", Basis.REGISTRATION, "people.person.message_sent")
RECEIPT = Message("outbox_test", "Change", Basis.NECESSARY, "people.person.message_sent")


def test_a_withdrawal_stops_what_is_not_strictly_necessary_and_nothing_else(partnership):
    person = withdrawn(partnership, language="en", email="amina@example.org")

    assert message_deliver(person=person, message=REMINDER, context={}).outcome == "skipped:consent"
    assert message_deliver(person=person, message=NEWS, context={}).outcome == "skipped:consent"
    assert message_deliver(person=person, message=RECEIPT, context={}).outcome == "email"

    assert len(mail.outbox) == 1
    assert deliveries(person) == [
        ("outbox_test", "", "skipped:consent"),
        ("outbox_test", "", "skipped:consent"),
        ("outbox_test", "email", "sent"),
    ]


def test_a_message_resting_on_a_registration_needs_no_messages_consent(partnership):
    person = PersonFactory.create(partnership=partnership, email="amina@example.org")

    assert message_deliver(person=person, message=REMINDER, context={}).outcome == "email"
    assert message_deliver(person=person, message=NEWS, context={}).outcome == "skipped:consent"
    assert len(mail.outbox) == 1


def test_nobody_anonymised_gets_anything_not_even_what_is_necessary(partnership):
    person = consenting(partnership, email="amina@example.org")
    Person.objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    person.refresh_from_db()

    for message in (NEWS, REMINDER, RECEIPT):
        assert message_deliver(person=person, message=message, context={}).outcome == (
            "skipped:gone"
        )
    assert mail.outbox == [] and sms.outbox == []


def test_a_person_without_email_or_phone_is_recorded_and_nobody_is_told(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    person = consenting(partnership, email="", phone="")

    send(person, django_capture_on_commit_callbacks)

    assert mail.outbox == [] and sms.outbox == []
    assert deliveries(person) == [("outbox_test", "", "skipped:no_contact")]


def test_the_channel_asked_for_is_used_when_the_person_has_it(partnership):
    person = consenting(partnership, email="amina@example.org", phone="+46701234567")

    assert message_deliver(person=person, message=RECEIPT, channel="phone").outcome == "phone"
    assert message_deliver(person=person, message=RECEIPT).outcome == "email"
    assert [m.to for m in sms.outbox] == ["+46701234567"]
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_a_failing_backend_is_recorded_and_raised_to_the_task(partnership, settings):
    settings.EMAIL_BACKEND = "vises.people.tests.outbox.test_service.BrokenBackend"
    person = consenting(partnership, email="amina@example.org")

    with pytest.raises(ConnectionError):
        message_deliver(person=person, message=RECEIPT)

    assert deliveries(person) == [("outbox_test", "email", "failed")]
    assert AuditEvent.objects.filter(action="people.person.message_sent").count() == 0


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("the mail server is down")


def test_a_template_without_the_persons_links_is_refused(partnership, tmp_path, settings):
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "bare.txt").write_text("No links here.\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    person = consenting(partnership, email="amina@example.org")
    bare = Message("bare", "Change", Basis.NECESSARY, "people.person.message_sent")

    with pytest.raises(ValueError, match="must carry the person's links"):
        message_deliver(person=person, message=bare)
    assert mail.outbox == []


def test_deliveries_are_exported_and_go_with_erasure(partnership):
    person = consenting(partnership, email="amina@example.org")
    message_deliver(person=person, message=RECEIPT)
    message_deliver(person=person, message=RECEIPT, channel="phone")

    exported = person_export(person=person, actor="system:test")["messages_sent"]
    assert [(row["message"], row["channel"], row["status"]) for row in exported] == [
        ("outbox_test", "email", "sent"),
        ("outbox_test", "phone", "sent"),
    ]
    person_erase(person=person, actor="system:test")
    assert Delivery.objects.filter(person_id=person.pk).count() == 0


def test_staff_notices_go_to_the_coordinators_in_swedish_after_commit(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    for email in ("b@example.org", "a@example.org"):
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR, user__email=email)
    MembershipFactory.create(
        partnership=partnership, role=Role.MANAGER, user__email="m@example.org"
    )
    notice = Notice("staff_erasure_done", "Vi Ses!: a person erased their data")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_notify(partnership=partnership, notice=notice)
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.subject == "Vi Ses!: en person har raderat sina uppgifter"
    assert partnership.name in message.body


def test_every_message_names_its_audit_action_in_one_scheme(partnership):
    with pytest.raises(ValueError, match="is not <app>.<model>.<verb>_sent"):
        Message("outbox_test", "Change", Basis.NECESSARY, "people.message.refused")
    person = consenting(partnership, email="amina@example.org")
    other = Message("outbox_test", "Change", Basis.NECESSARY, "cafes.registration.receipt_sent")

    with pytest.raises(ValueError, match="is not an action on people.person"):
        message_deliver(person=person, message=other)
    assert mail.outbox == [] and Delivery.objects.count() == 0
