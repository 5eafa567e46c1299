"""Messages to people: one service for all of them.

A `Message` names its template (templates/messages/<name>.txt), its subject (an English
msgid, translated at send time), its lawful basis and the audit action written when it goes
out. `message_deliver` sends one now (inside a task: a café's task that first checks the
registration is still in the state the message is about); `message_send` queues the outbox's
own task after commit, with ids and names only as arguments (DESIGN §6: erasure searches
task payloads).

Who gets what (docs/architecture.md, "Messages"), applied here once (`delivery_blocked`):
- Nobody anonymised gets anything.
- Strictly necessary messages (whether they have a seat, that a café they expect is
  cancelled, a link they asked for) are always sent.
- Messages that rest on a registration the person made (reminders, the feedback question)
  are sent unless the person withdrew the "messages" consent: a withdrawal is an objection
  to everything that is not strictly necessary.
- News and invitations need an active "messages" consent.

Every message is rendered inside translation.override(person.language) and goes by e-mail
when the person has an address and by SMS otherwise. An e-mail carries the person's own link
and the page to report a concern; an SMS has a short template of its own
(templates/messages/sms/<name>.txt: what, when, where and one link, within the budget of
parts written in it, docs/sms.md). Nobody whose number answered "STOP" gets an SMS until they
give the "messages" consent again (`sms_stopped`). Each message is recorded as a Delivery
(channel, status, time, the SMS provider's id; never the text). A message that cannot be
delivered is recorded as such and raised to nobody.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.sms import SmsRejected
from vises.common.templatetags.isolate import isolate_text_value
from vises.people.models import ConsentPurpose, ConsentRecord, Person
from vises.people.outbox.channels import Attachment, email_send, sms_send, tidy
from vises.people.outbox.links import person_links
from vises.people.outbox.models import (
    CHANNEL_EMAIL,
    CHANNEL_SMS,
    CHANNELS,
    Delivery,
)
from vises.people.selectors import person_has_consent

ACTOR = "system:messages"
# One naming scheme for what a sent message writes to the audit log (STYLE.md).
ACTION = re.compile(r"[a-z]+\.[a-z]+\.[a-z_]+_sent")

# Why nothing went, as a Delivery records it (a sent message's outcome is its channel).
SKIPPED_CONSENT = Delivery.Status.SKIPPED_CONSENT.value
SKIPPED_NO_CONTACT = Delivery.Status.SKIPPED_NO_CONTACT.value
SKIPPED_GONE = Delivery.Status.SKIPPED_GONE.value


class Basis(StrEnum):
    """Why a message may be sent at all (the lawful basis, DESIGN §6)."""

    NECESSARY = "necessary"  # strictly necessary: sent even after a withdrawal
    REGISTRATION = "registration"  # part of a registration they made: stops on withdrawal
    CONSENT = "consent"  # news, invitations: only with an active "messages" consent


@dataclass(frozen=True)
class Message:
    name: str  # template messages/<name>.txt; recorded on the Delivery
    subject: str  # English msgid (gettext_noop), % the context (or context["subject_params"])
    basis: Basis
    action: str  # audit action "<app>.<model>.<verb>_sent", logged on what it is about

    def __post_init__(self) -> None:
        if not ACTION.fullmatch(self.action):
            raise ValueError(f"audit action {self.action!r} is not <app>.<model>.<verb>_sent")

    @property
    def necessary(self) -> bool:
        return self.basis == Basis.NECESSARY


Context = dict[str, Any]


def messages_withdrawn(*, person: Person) -> bool:
    """True when the person gave a "messages" consent and has withdrawn every one since."""
    records = ConsentRecord.objects.filter(person=person, purpose=ConsentPurpose.MESSAGES)
    withdrawn = False
    for withdrawn_at in records.values_list("withdrawn_at", flat=True):
        if withdrawn_at is None:
            return False
        withdrawn = True
    return withdrawn


def delivery_blocked(*, person: Person, basis: Basis) -> str | None:
    """The rule of docs/architecture.md, "Messages": why the person may not get a message of
    this basis (a Delivery status), or None when it may be sent."""
    if person.anonymised_at is not None:
        return SKIPPED_GONE
    if basis == Basis.NECESSARY:
        return None
    if basis == Basis.CONSENT:
        consented = person_has_consent(person=person, purpose=ConsentPurpose.MESSAGES)
        return None if consented else SKIPPED_CONSENT
    return SKIPPED_CONSENT if messages_withdrawn(person=person) else None


def sms_stopped(*, person: Person) -> bool:
    """True when a "STOP" reply came from the person's number and they have not given the
    "messages" consent since (by their own link or to a coordinator): no SMS at all."""
    if person.sms_stopped_at is None:
        return False
    return not ConsentRecord.objects.filter(
        person=person, purpose=ConsentPurpose.MESSAGES, given_at__gt=person.sms_stopped_at
    ).exists()


def channel_for(*, person: Person, preferred: str = "", sms: bool = True) -> str | None:
    """E-mail when the person has an address, otherwise SMS (unless `sms` is False);
    `preferred` first when the person has that one. None when the person has neither."""
    if preferred not in ("", *CHANNELS):
        raise ValueError(f"channel must be one of {CHANNELS}")
    available = [
        channel
        for channel, value in ((CHANNEL_EMAIL, person.email), (CHANNEL_SMS, person.phone))
        if value and (sms or channel != CHANNEL_SMS)
    ]
    if preferred in available:
        return preferred
    return available[0] if available else None


def _subject(message: Message, context: Context) -> str:
    params = context.get("subject_params", context)
    if isinstance(params, dict):
        # Names inside a right-to-left subject are isolated, as in the text.
        params = {
            key: isolate_text_value(value) if isinstance(value, str) else value
            for key, value in params.items()
        }
    return _(message.subject) % params


def sms_template(name: str) -> str:
    """The SMS template of the message, messages/sms/<name>.txt, or "" when it has none."""
    try:
        get_template(f"messages/sms/{name}.txt")
    except TemplateDoesNotExist:
        return ""
    return f"messages/sms/{name}.txt"


def _check_links(message: Message, values: Context, text: str, *, short: bool) -> None:
    """Every message carries the person's links (DESIGN §2); a short SMS carries one link,
    the page the message is about, and the "STOP" reply stands for the way to stop."""
    if short:
        links = [value for key, value in values.items() if key.endswith("_url") and value]
        if not any(link in text for link in links):
            raise ValueError(f"messages/sms/{message.name}.txt must carry a link")
    elif values["self_service_url"] not in text or values["concern_url"] not in text:
        raise ValueError(f"messages/{message.name}.txt must carry the person's links")


def _record(
    person: Person, message: Message, *, status: str, channel: str = "", provider_id: str = ""
) -> Delivery:
    delivery = Delivery(
        person=person,
        partnership_id=person.partnership_id,
        message=message.name,
        basis=str(message.basis),
        channel=channel,
        status=status,
        at=timezone.now(),
        provider_id=provider_id,
        provider_status=Delivery.ProviderStatus.CREATED if provider_id else "",
    )
    delivery.full_clean()
    delivery.save()
    return delivery


def message_deliver(
    *,
    person: Person,
    message: Message,
    about: models.Model | None = None,
    context: Callable[[], Context] | Context | None = None,
    attachments: Callable[[Context], list[Attachment]] | None = None,
    channel: str = "",
    actor: audit.Actor = ACTOR,
) -> Delivery:
    """Send the message to the person now and record it; returns the Delivery (its
    `outcome` is the channel used, or why nothing went).

    `context` (a dict, or a callable run inside the person's language) fills the template
    besides `first_name`, `sms` and the person's links; `attachments` are built from the
    same context, for e-mail only. `about` is the object the audit event names (the person
    when None). A failure of the mail or SMS backend is recorded ("failed") and raised to
    the task, which the worker marks failed. Raises ValueError when the rendered template
    lacks the person's links (every message to a person carries them, DESIGN §2; an SMS
    template one link) or the message's audit action is not one of `about`'s model.

    No SMS goes to a person whose number answered "STOP" (`sms_stopped`): a message the
    basis allows goes by e-mail when they have an address, otherwise it is recorded as
    "skipped:consent". An SMS the provider refused for good (SmsRejected: an invalid
    number) is recorded "failed" and not raised, so no task sends it again and again.
    """
    target = about if about is not None else person
    if not message.action.startswith(f"{target._meta.label_lower}."):
        raise ValueError(f"{message.action} is not an action on {target._meta.label_lower}")
    blocked = delivery_blocked(person=person, basis=message.basis)
    if blocked is not None:
        return _record(person, message, status=blocked)
    stopped = bool(person.phone) and sms_stopped(person=person)
    chosen = channel_for(person=person, preferred=channel, sms=not stopped)
    if chosen is None:
        return _record(person, message, status=SKIPPED_CONSENT if stopped else SKIPPED_NO_CONTACT)
    short = sms_template(message.name) if chosen == CHANNEL_SMS else ""
    provider_id = ""
    with translation.override(person.language):
        values: Context = {"sms": chosen == CHANNEL_SMS, "first_name": person.first_name}
        values.update(person_links(person=person))
        values.update(context() if callable(context) else (context or {}))
        subject = _subject(message, values)
        text = tidy(render_to_string(short or f"messages/{message.name}.txt", values))
        _check_links(message, values, text, short=bool(short))
        try:
            if chosen == CHANNEL_EMAIL:
                files = tuple(attachments(values)) if attachments else ()
                email_send(to=[person.email], subject=subject, text=text, attachments=files)
            elif short:
                provider_id = sms_send(to=person.phone, text=text).provider_id
            else:
                provider_id = sms_send(to=person.phone, subject=subject, text=text).provider_id
        except SmsRejected:
            # Refused for good (an invalid number): recorded, not tried again.
            return _record(person, message, status=Delivery.Status.FAILED, channel=chosen)
        except Exception:
            _record(person, message, status=Delivery.Status.FAILED, channel=chosen)
            raise
    delivery = _record(
        person, message, status=Delivery.Status.SENT, channel=chosen, provider_id=provider_id
    )
    audit.log(actor, message.action, target, partnership=person.partnership, fields=[chosen])
    return delivery


def _check_context(person: Person, context: Context) -> None:
    """Task payloads are stored: refuse a context that is not JSON or names the person."""
    try:
        json.dumps(context)
    except (TypeError, ValueError) as error:
        raise ValueError("a message context holds JSON values only (ids, dates as text)") from error
    own = {
        value.casefold()
        for value in (person.first_name, person.last_name, person.phone, person.email, str(person))
        if value
    }
    for key, value in context.items():
        if isinstance(value, str) and value.strip().casefold() in own:
            raise ValueError(f"context[{key!r}] holds the person's data; pass ids instead")


def message_send(
    *,
    person: Person,
    message: Message,
    about: models.Model | None = None,
    context: Context | None = None,
    channel: str = "",
) -> None:
    """Queue the message to the person; the outbox's task sends it after commit.

    `context` holds JSON values without the person's data (ids, numbers); the consent rule
    is applied when the task runs, so a withdrawal in between still stops the message.
    Raises ValueError for a context that names the person or an unknown channel.
    """
    context = dict(context or {})
    _check_context(person, context)
    if channel not in ("", *CHANNELS):
        raise ValueError(f"channel must be one of {CHANNELS}")
    from vises.people.outbox.tasks import message_deliver_task

    person_id = person.pk
    fields = {key: str(value) for key, value in asdict(message).items()}
    target = [about._meta.label_lower, about.pk] if about is not None else None
    transaction.on_commit(
        lambda: message_deliver_task.enqueue(person_id, fields, target, context, channel)
    )
