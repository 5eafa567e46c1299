"""Anyone who knows a newcomer's phone number must not learn where and when they will be
(issue 8). An attacker signs up with a contact that is registered for the café and with one
that is not, at the same seat state; every answer (status code, headers, body) and every page
is the same, nothing changes in the register, and the real owner is told their true status.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.people.models import ConsentPurpose, Person
from vises.people.tests.factories import ConsentTextFactory, PersonFactory

pytestmark = pytest.mark.django_db

OWNER_PHONE = "+46701234567"
REFERENCE = re.compile(r'"reference": "[^"]+"')


@pytest.fixture(autouse=True)
def _messages_sent_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def cafe_with_owner(*, capacity: int, owner_status: str, others: int = 0) -> Cafe:
    cafe = CafeFactory.create(capacity=capacity, company__name="Bageriet AB")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    RegistrationFactory.create_batch(others, cafe=cafe)
    owner = PersonFactory.create(
        partnership=cafe.partnership,
        first_name="Hawa",
        phone=OWNER_PHONE,
        email="hawa@example.org",
        language="sv",
    )
    RegistrationFactory.create(
        cafe=cafe,
        person=owner,
        status=owner_status,
        invited_until=timezone.now() + timedelta(hours=6)
        if owner_status == Registration.Status.INVITED
        else None,
    )
    if owner_status == Registration.Status.WAITLISTED:
        Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.FULL)
    mail.outbox.clear()
    return cafe


def api_answer(cafe: Cafe, phone: str) -> tuple[int, dict[str, str], str]:
    body = {"first_name": "X", "phone": phone, "language": "sv", "consent": True}
    response = Client().post(
        f"/api/v1/cafes/{cafe.pk}/registrations", json.dumps(body), content_type="application/json"
    )
    text = REFERENCE.sub('"reference": "…"', response.content.decode())
    return response.status_code, dict(response.headers), text


def web_page(cafe: Cafe, phone: str) -> tuple[int, str]:
    answers = {"first_name": "X", "contact": phone, "language": "sv", "consent": "on"}
    response = Client().post(f"/cafes/{cafe.pk}/signup/", answers)
    page = re.sub(
        # The optional questions' token signs the reference shown, which looks new either way.
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value="|name="token" value=")[^"]+',
        r"\1",
        response.content.decode(),
    )
    return response.status_code, page


def register_state() -> tuple[int, int, list[tuple[int, str, str]]]:
    return (
        Person.objects.count(),
        Registration.objects.count(),
        list(Registration.objects.order_by("pk").values_list("pk", "status", "reference")),
    )


@pytest.mark.parametrize(
    ("capacity", "owner_status", "others", "answer"),
    [
        (8, Registration.Status.CONFIRMED, 0, "confirmed"),
        (1, Registration.Status.CONFIRMED, 0, "waitlisted"),
        (1, Registration.Status.WAITLISTED, 1, "waitlisted"),
        (8, Registration.Status.INVITED, 0, "confirmed"),
    ],
    ids=["seats-left", "full", "owner-waiting", "owner-invited"],
)
def test_the_api_answers_a_registered_contact_as_it_answers_a_new_one(
    capacity, owner_status, others, answer
):
    cafe = cafe_with_owner(capacity=capacity, owner_status=owner_status, others=others)
    before = register_state()

    registered = api_answer(cafe, "070-123 45 67")
    unchanged = register_state()
    unregistered = api_answer(cafe, "070-765 43 21")

    assert registered == unregistered
    assert registered[0] == 201
    assert json.loads(registered[2])["status"] == answer
    assert unchanged == before


@pytest.mark.parametrize(
    ("capacity", "owner_status", "others"),
    [(8, "confirmed", 0), (1, "confirmed", 0), (1, "waitlisted", 1)],
    ids=["seats-left", "full", "owner-waiting"],
)
def test_the_web_page_is_the_same_for_a_registered_and_a_new_contact(
    capacity, owner_status, others
):
    cafe = cafe_with_owner(capacity=capacity, owner_status=owner_status, others=others)
    before = register_state()

    registered = web_page(cafe, "070-123 45 67")
    unchanged = register_state()
    unregistered = web_page(cafe, "070-765 43 21")

    assert registered == unregistered
    assert registered[0] == 200
    assert unchanged == before


def test_a_closed_cafe_answers_both_alike():
    cafe = cafe_with_owner(capacity=8, owner_status="confirmed")
    Cafe.objects.filter(pk=cafe.pk).update(signup_deadline=timezone.now() - timedelta(hours=1))

    assert api_answer(cafe, "070-123 45 67") == api_answer(cafe, "070-765 43 21")
    assert api_answer(cafe, "070-123 45 67")[0] == 409
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("capacity", "owner_status", "others", "truth"),
    [
        (1, "confirmed", 0, "Du har en plats."),
        (1, "waitlisted", 1, "Du står på reservlistan. Du är nummer 1 i kön."),
        (8, "invited", 0, "Du har en inbjudan. Vi håller en plats åt dig till"),
    ],
    ids=["confirmed", "waitlisted", "invited"],
)
def test_the_owner_of_the_contact_is_told_the_truth_with_their_link(
    capacity, owner_status, others, truth, django_capture_on_commit_callbacks
):
    cafe = cafe_with_owner(capacity=capacity, owner_status=owner_status, others=others)

    with django_capture_on_commit_callbacks(execute=True):
        api_answer(cafe, "070-123 45 67")

    (message,) = mail.outbox
    assert message.to == ["hawa@example.org"]
    assert message.subject.startswith("Du är redan anmäld: caféet hos Bageriet AB, ")
    assert "Någon anmälde sig nyss igen till popup-caféet" in message.body
    assert truth in message.body
    assert "/r/" in message.body  # their own registration's page: see, cancel or change
