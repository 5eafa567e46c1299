"""SMS through a 46elks-style HTTP provider, against a fake of its API on 127.0.0.1: the
request it gets, delivery reports, refusals, STOP replies, and a sign-up end to end."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.test import Client

from vises.cafes.tests.factories import CafeFactory
from vises.common import sms
from vises.common.models import AuditEvent
from vises.common.sms_parts import sms_parts
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import ConsentPurpose, ConsentRecord, Delivery, Person
from vises.people.outbox.service import Basis, Message, message_deliver
from vises.people.services.consent import consent_give
from vises.people.tests.factories import (
    ConsentRecordFactory,
    ConsentTextFactory,
    PersonFactory,
)
from vises.people.tests.sms.conftest import TOKEN

pytestmark = pytest.mark.django_db

PHONE = "+46701234567"
LINK = Message("person_link", "Your link to Vi Ses!", Basis.NECESSARY, "people.person.link_sent")


def delivered(provider_id: str, status: str = "delivered", token: str = TOKEN):
    return Client().post(
        f"/sms/{token}/delivered/",
        {"id": provider_id, "status": status, "delivered": "2025-09-24 12:03:07.123"},
    )


def reply(text: str, number: str = PHONE, token: str = TOKEN):
    return Client().post(
        f"/sms/{token}/inbound/", {"from": number, "to": "+46766861004", "message": text}
    )


def test_the_provider_gets_a_form_with_basic_auth_and_our_callback(provider, settings):
    sent = sms.send_sms(PHONE, "Hej Åsa! Café 14:00 €")

    (request,) = provider.requests
    assert request == {
        "from": "ViSes",
        "to": PHONE,
        "message": "Hej Åsa! Café 14:00 €",
        "whendelivered": f"{settings.VISES_BASE_URL}/sms/{TOKEN}/delivered/",
    }
    assert sent.provider_id.startswith("s") and len(sent.provider_id) == 33
    assert sent.status == "created"


def test_wrong_credentials_leave_the_message_to_be_tried_again(provider, settings):
    settings.VISES_SMS_API_PASSWORD = "wrong"

    with pytest.raises(sms.SmsUnavailable, match=r"HTTP 401"):
        sms.send_sms(PHONE, "Hej")
    assert provider.refused == [401] and provider.requests == []


def test_a_message_the_provider_refuses_is_failed_once_and_not_raised(provider, partnership):
    provider.answer_status = 400  # e.g. a number the provider will not send to
    person = PersonFactory.create(partnership=partnership, email="", phone=PHONE, language="en")

    delivery = message_deliver(person=person, message=LINK, context={"days": 30})

    assert (delivery.channel, delivery.status, delivery.provider_id) == ("phone", "failed", "")
    assert len(provider.requests) == 1


def test_an_outage_is_failed_and_raised_so_the_task_tries_again(provider, partnership, caplog):
    provider.answer_status = 503
    person = PersonFactory.create(partnership=partnership, email="", phone=PHONE, language="en")

    with pytest.raises(sms.SmsUnavailable, match=r"HTTP 503"):
        message_deliver(person=person, message=LINK, context={"days": 30})

    assert list(Delivery.objects.values_list("status", flat=True)) == ["failed"]
    assert "0701234567" not in caplog.text and "46701234567" not in caplog.text


def test_an_unreachable_provider_is_unavailable(settings, provider):
    settings.VISES_SMS_API_URL = "http://127.0.0.1:9/a1/sms"  # discard port: nothing listens

    with pytest.raises(sms.SmsUnavailable, match="could not be reached"):
        sms.send_sms(PHONE, "Hej")


def test_the_delivery_report_updates_the_delivery_and_never_moves_it_back(provider, partnership):
    person = PersonFactory.create(partnership=partnership, email="", phone=PHONE, language="en")
    delivery = message_deliver(person=person, message=LINK, context={"days": 30})
    assert (delivery.provider_status, delivery.status_at) == ("created", None)

    assert delivered(delivery.provider_id, "delivered").status_code == 200
    delivery.refresh_from_db()
    assert delivery.provider_status == "delivered"
    assert delivery.status_at.isoformat() == "2025-09-24T12:03:07.123000+00:00"

    assert delivered(delivery.provider_id, "sent").status_code == 200  # late, out of order
    delivery.refresh_from_db()
    assert delivery.provider_status == "delivered"


def test_the_webhooks_answer_alike_for_unknown_ids_and_numbers_and_404_for_a_wrong_token(
    provider,
):
    unknown = delivered("s00000000000000000000000000000000")
    stop_unknown = reply("STOP", number="+46709999999")

    assert (unknown.status_code, unknown.content) == (200, b"")
    assert (stop_unknown.status_code, stop_unknown.content) == (200, b"")
    assert delivered("s1", token="wrong-token").status_code == 404
    assert reply("STOP", token="wrong-token").status_code == 404
    assert Client().get(f"/sms/{TOKEN}/delivered/").status_code == 405
    assert Client().get("/sms/wrong-token/delivered/").status_code == 404


def test_no_token_configured_opens_nothing(settings):
    settings.VISES_SMS_CALLBACK_TOKEN = ""

    assert Client().post("/sms//delivered/", {"id": "s1"}).status_code == 404
    assert Client().post("/sms/x/inbound/", {"message": "STOP"}).status_code == 404


@pytest.mark.parametrize("text", ["STOP", "stopp", " Stop ", "STOPP", "stop."])
def test_stop_stops_every_sms_to_that_number_in_every_partnership(provider, text, caplog):
    caplog.set_level(logging.DEBUG)
    here, there = PartnershipFactory.create(), PartnershipFactory.create()
    people = [
        PersonFactory.create(partnership=partnership, phone=PHONE, email="")
        for partnership in (here, there)
    ]
    for person in people:
        ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    other = PersonFactory.create(partnership=here, phone="+46709876543", email="")

    response = reply(text, number="070-123 45 67")

    assert (response.status_code, response.content) == (200, b"")
    stopped = Person.objects.filter(sms_stopped_at__isnull=False)
    assert sorted(stopped.values_list("pk", flat=True)) == sorted(p.pk for p in people)
    assert ConsentRecord.objects.filter(withdrawn_at__isnull=False).count() == 2
    events = AuditEvent.objects.filter(action="people.person.sms_stopped")
    assert sorted((e.actor, int(e.object_id)) for e in events) == sorted(
        ("system:sms_stop", p.pk) for p in people
    )
    assert other.pk not in stopped.values_list("pk", flat=True)
    assert "1234567" not in caplog.text


def test_other_replies_change_nothing(provider):
    person = PersonFactory.create(phone=PHONE, email="")

    assert reply("Stop sending? No, thanks!").status_code == 200
    person.refresh_from_db()
    assert person.sms_stopped_at is None


def test_after_stop_no_sms_goes_and_only_necessary_messages_fall_back_to_email(
    provider, partnership
):
    phone_only = PersonFactory.create(partnership=partnership, phone=PHONE, email="")
    both = PersonFactory.create(partnership=partnership, phone=PHONE, email="hawa@example.org")
    for person in (phone_only, both):
        ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    reply("STOP")
    phone_only.refresh_from_db()
    both.refresh_from_db()
    news = Message("person_link", "Your link to Vi Ses!", Basis.CONSENT, "people.person.news_sent")

    assert message_deliver(person=phone_only, message=LINK, context={"days": 30}).outcome == (
        "skipped:consent"
    )
    assert message_deliver(
        person=both, message=LINK, context={"days": 30}, channel="phone"
    ).outcome == ("email")
    assert message_deliver(person=both, message=news, context={"days": 30}).outcome == (
        "skipped:consent"
    )
    assert provider.requests == []
    assert [m.to for m in mail.outbox] == [["hawa@example.org"]]


def test_giving_the_messages_consent_again_turns_sms_back_on(provider, partnership):
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.MESSAGES)
    person = PersonFactory.create(partnership=partnership, phone=PHONE, email="")
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    reply("STOP")
    person.refresh_from_db()
    assert message_deliver(person=person, message=LINK, context={"days": 30}).outcome == (
        "skipped:consent"
    )

    consent_give(
        person=person, purpose=ConsentPurpose.MESSAGES, channel="link", actor="link:self_service"
    )

    assert message_deliver(person=person, message=LINK, context={"days": 30}).outcome == "phone"
    assert len(provider.requests) == 1


def test_a_sign_up_by_phone_sends_one_short_sms_that_reports_its_delivery(
    provider, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cafe = CafeFactory.create(capacity=5, company__name="Höga Kustens Bygg- och Fastighetsservice")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    body = {"first_name": "Amina", "phone": "070-123 45 67", "language": "ar", "consent": True}

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"/api/v1/cafes/{cafe.pk}/registrations",
            json.dumps(body),
            content_type="application/json",
        )

    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    (request,) = provider.requests
    assert request["to"] == PHONE
    assert request["from"] == "ViSes"
    assert request["whendelivered"] == f"{settings.VISES_BASE_URL}/sms/{TOKEN}/delivered/"
    parts = sms_parts(request["message"])
    assert parts.parts <= (2 if parts.encoding == "gsm7" else 3)
    assert "\u2068Höga Kustens Bygg- och Fastighetsservice\u2069" in request["message"]
    assert f"{settings.VISES_BASE_URL}/r/" in request["message"]
    delivery = Delivery.objects.get(message="receipt_confirmed")
    assert (delivery.channel, delivery.status, delivery.provider_status) == (
        "phone",
        "sent",
        "created",
    )

    assert delivered(delivery.provider_id, "failed").status_code == 200
    delivery.refresh_from_db()
    assert delivery.provider_status == "failed"
