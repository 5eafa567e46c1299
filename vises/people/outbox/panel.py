"""The person page's "Messages" panel (slot `people.person`): the latest messages to the
person, how each went (and what the SMS provider reported), and whether a "STOP" reply
stopped their SMS. Registered from vises.people.panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vises.people.models import Person
from vises.people.outbox.models import Delivery
from vises.people.outbox.service import sms_stopped

# The panel shows this many, newest first: the person's export holds them all.
LATEST = 10


def person_messages(request: HttpRequest, person: Person) -> dict[str, Any]:
    deliveries = list(Delivery.objects.filter(person=person).order_by("-at", "-pk")[:LATEST])
    return {
        "deliveries": deliveries,
        "latest": LATEST,
        "sms_stopped_at": person.sms_stopped_at,
        "sms_stopped": sms_stopped(person=person),
    }
