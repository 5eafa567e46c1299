"""Sign-up limits sized to the product and holding in parallel (issue 8): 50 parallel
requests from one address stored 65 sign-ups against a limit of 20. Now one address may sign
up SIGNUPS_PER_ADDRESS people a day and one contact SIGNUPS_PER_CONTACT, web and API together,
and 50 requests at once store exactly that many."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import close_old_connections, connections
from django.test import Client

from vises.cafes.models import Registration
from vises.cafes.services.signup import SIGNUPS_PER_ADDRESS, SIGNUPS_PER_CONTACT
from vises.cafes.tests.factories import CafeFactory
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import ConsentTextFactory

PARALLEL = 50


@pytest.fixture(autouse=True)
def _limits_on(settings) -> None:
    settings.VISES_RATE_LIMITS = True


def new_cafe(capacity: int = 100):
    cafe = CafeFactory.create(capacity=capacity)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


def post(cafe_id: int, phone: str, address: str = "198.51.100.7"):
    body = {"first_name": "Amina", "phone": phone, "language": "sv", "consent": True}
    return Client(REMOTE_ADDR=address).post(
        f"/api/v1/cafes/{cafe_id}/registrations", json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_sign_ups_from_one_address_store_exactly_the_limit():
    cafe = new_cafe()
    barrier = threading.Barrier(PARALLEL)
    answers: list[tuple[int, dict]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = post(cafe.pk, f"+4670300{n:04d}")
            with lock:
                answers.append((response.status_code, response.json()))
        except BaseException as error:  # noqa: BLE001 - every failure is part of the result
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()

    assert errors == []
    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] * SIGNUPS_PER_ADDRESS + [429] * (PARALLEL - SIGNUPS_PER_ADDRESS)
    refused = [body for status, body in answers if status == 429]
    assert refused[0] == {
        "error": {
            "code": "rate_limited",
            "message": "För många anmälningar. Vänta en stund och försök igen.",
        }
    }
    assert Registration.objects.filter(cafe=cafe).count() == SIGNUPS_PER_ADDRESS


@pytest.mark.django_db
def test_one_contact_signs_up_for_a_few_cafes_a_day_from_any_address():
    cafes = [new_cafe() for _ in range(SIGNUPS_PER_CONTACT + 1)]

    statuses = [
        post(cafe.pk, "070-123 45 67", address=f"203.0.113.{n}").status_code
        for n, cafe in enumerate(cafes)
    ]

    assert statuses == [201] * SIGNUPS_PER_CONTACT + [429]
    assert Registration.objects.count() == SIGNUPS_PER_CONTACT


@pytest.mark.django_db
def test_the_web_and_the_api_share_the_address_limit():
    cafe = new_cafe()
    client = Client(REMOTE_ADDR="198.51.100.9")
    web = [
        client.post(
            f"/cafes/{cafe.pk}/signup/",
            {
                "first_name": "A",
                "contact": f"070-400 00 {n:02d}",
                "language": "sv",
                "consent": "on",
            },
        ).status_code
        for n in range(SIGNUPS_PER_ADDRESS)
    ]

    api = post(cafe.pk, "070-500 00 00", address="198.51.100.9")

    assert web == [200] * SIGNUPS_PER_ADDRESS
    assert api.status_code == 429
