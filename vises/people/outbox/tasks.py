"""The outbox's background tasks. Arguments are ids and names only: queued task payloads are
stored in the database and must never hold a person's data (erasure searches them)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django_tasks import task

from vises.partnerships.models import Partnership
from vises.people.models import Person
from vises.people.outbox.service import SKIPPED_GONE, Basis, Message, message_deliver
from vises.people.outbox.staff import Notice, staff_notice_deliver


@task()
def message_deliver_task(
    person_id: int,
    message: dict[str, str],
    about: list[Any] | None,
    context: dict[str, Any],
    channel: str,
) -> str:
    """Send one queued message (see service.message_send). Returns the channel used or why
    nothing went ("skipped:…")."""
    person = Person.objects.select_related("partnership").filter(pk=person_id).first()
    if person is None:
        return SKIPPED_GONE
    target = None
    if about is not None:
        label, pk = about
        target = apps.get_model(label)._default_manager.filter(pk=pk).first()
    definition = Message(
        name=message["name"],
        subject=message["subject"],
        basis=Basis(message["basis"]),
        action=message["action"],
    )
    delivery = message_deliver(
        person=person, message=definition, about=target, context=context, channel=channel
    )
    return delivery.outcome


@task()
def staff_notice_task(partnership_id: int, notice: dict[str, str], context: dict[str, Any]) -> int:
    """Send one queued notice to the partnership's coordinators; returns how many got it."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        return 0
    return staff_notice_deliver(partnership=partnership, notice=Notice(**notice), context=context)
