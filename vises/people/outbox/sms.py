"""What the SMS provider tells us back: a message's delivery, and a person's "STOP" reply.

Both come through public webhooks (vises.people.views.sms) whose address holds a secret
token; neither answers differently for a number or id we do not know, and nothing here logs
a number or a text.

A "STOP" reply stops every SMS to every person with that number, in any partnership: it sets
`Person.sms_stopped_at` and withdraws their "messages" consent (channel "phone": it came from
the phone), so the outbox sends them no SMS at all and by e-mail only what is strictly
necessary. SMS start again only when the person gives the "messages" consent again, by their
own link (`/me/`) or to a coordinator (docs/sms.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from vises.common import audit
from vises.people.models import ConsentChannel, ConsentPurpose, Person
from vises.people.outbox.models import CHANNEL_SMS, PROVIDER_STATUS_ORDER, Delivery, ProviderStatus
from vises.people.services.consent import consent_withdraw
from vises.people.validation import normalise_phone

STOP_ACTOR = "system:sms_stop"
# The replies that stop SMS: "STOP" and the Swedish "STOPP", in any case, spaces around.
STOP_WORDS = frozenset({"stop", "stopp"})
REPORTED = frozenset(
    {ProviderStatus.SENT.value, ProviderStatus.DELIVERED.value, ProviderStatus.FAILED.value}
)
_SPACE = re.compile(r"[\s.!]+")


def _reported_at(value: str) -> datetime:
    """The provider's time of the report ("2024-05-02 14:03:07.123" in UTC), else now."""
    parsed = parse_datetime(value.strip()) if value else None
    if parsed is None:
        return timezone.now()
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


@transaction.atomic
def sms_delivery_report(*, provider_id: str, status: str, delivered: str = "") -> bool:
    """Record the provider's report on the SMS it knows as `provider_id`; True when a
    Delivery changed. An unknown id or status changes nothing, and a report never moves a
    message back (a late "sent" after "delivered")."""
    if status not in REPORTED or not provider_id:
        return False
    delivery = (
        Delivery.objects.select_for_update()
        .filter(provider_id=provider_id[:64], channel=CHANNEL_SMS)
        .first()
    )
    if delivery is None:
        return False
    if PROVIDER_STATUS_ORDER[status] <= PROVIDER_STATUS_ORDER[delivery.provider_status]:
        return False
    delivery.provider_status = status
    delivery.status_at = _reported_at(delivered)
    delivery.save(update_fields=["provider_status", "status_at"])
    return True


def is_stop(message: str) -> bool:
    """True for a reply that asks to stop SMS: STOP or STOPP, any case, spaces around."""
    return _SPACE.sub(" ", message or "").strip(" ").casefold() in STOP_WORDS


@transaction.atomic
def sms_stop(*, phone: str) -> int:
    """Stop all SMS to every person with this number (any partnership, anonymised persons
    aside); returns how many were stopped. A number we cannot read stops nobody."""
    try:
        e164 = normalise_phone(phone)
    except Exception:  # noqa: BLE001  (a malformed sender stops nobody, silently)
        return 0
    if not e164:
        return 0
    now = timezone.now()
    persons = list(
        Person.objects.select_for_update()
        .select_related("partnership")
        .filter(phone=e164, anonymised_at__isnull=True)
        .order_by("pk")
    )
    for person in persons:
        person.sms_stopped_at = now
        person.save(update_fields=["sms_stopped_at"])
        audit.log(
            STOP_ACTOR,
            "people.person.sms_stopped",
            person,
            partnership=person.partnership,
            fields=["sms_stopped_at"],
        )
        consent_withdraw(
            person=person,
            purpose=ConsentPurpose.MESSAGES,
            channel=ConsentChannel.PHONE,
            actor=STOP_ACTOR,
        )
    return len(persons)
