"""No log line holds a phone number or an e-mail address (issue 8): the flows where contacts
are typed, looked up, refused and messaged run with every logger at DEBUG, and the captured
log is searched for anything that looks like either."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.core.cache import cache
from django.test import Client

from vises.cafes.tests.factories import CafeFactory
from vises.people.models import ConsentPurpose
from vises.people.services.links import person_link
from vises.people.tests.factories import ConsentTextFactory, PersonFactory

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"(?:\+46|\b0)[\s-]?7\d(?:[\s-]?\d){7}\b|\b467\d{8}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(autouse=True)
def _everything_logged(settings, caplog) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VISES_RATE_LIMITS = True
    cache.clear()
    caplog.set_level(logging.DEBUG)


def sign_up(cafe_id: int, **fields: object):
    body = {"first_name": "Amina", "language": "sv", "consent": True} | fields
    return Client().post(
        f"/api/v1/cafes/{cafe_id}/registrations", json.dumps(body), content_type="application/json"
    )


def test_no_log_line_names_a_phone_or_an_e_mail(caplog, django_capture_on_commit_callbacks):
    cafe = CafeFactory.create(capacity=1)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    owner = PersonFactory.create(
        partnership=cafe.partnership, phone="+46701234567", email="hawa@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            sign_up(cafe.pk, phone="070-123 45 67").status_code,  # the owner's phone
            sign_up(cafe.pk, phone="070-123 45 67").status_code,  # again: told the owner
            sign_up(cafe.pk, email="amina@example.org").status_code,  # waitlisted
            sign_up(cafe.pk, phone="070-12 34").status_code,  # not a number
            sign_up(cafe.pk, email="hawa@").status_code,  # not an address
            sign_up(999_999, phone="070-765 43 21").status_code,  # no such café
        ]
        web = Client().post(
            f"/cafes/{cafe.pk}/signup/",
            {"first_name": "Sara", "contact": "0731112233", "language": "sv", "consent": "on"},
        )
        for contact in ("hawa@example.org", "+46709998877", "nobody@example.org"):
            Client().post("/me/", {"contact": contact})
        Client().post("/accounts/login/", {"login": "hawa@example.org", "password": "wrong"})
        own = Client()
        link = person_link(person=owner)
        own.get(link)
        own.post(f"{link}change/phone/", {"phone": "070-000 00"})
        own.post(f"{link}erase/")
    for _ in range(12):
        sign_up(cafe.pk, phone="070-555 55 55")  # until 429

    assert statuses == [201, 201, 201, 400, 400, 404]
    assert web.status_code == 200
    assert caplog.records, "the flows logged nothing at all: the test would prove nothing"
    text = caplog.text
    assert PHONE.findall(text) == []
    assert EMAIL.findall(text) == []
