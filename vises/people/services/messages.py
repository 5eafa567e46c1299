"""Messages to people in the register, and notices to a partnership's coordinators.

Every message is sent by a background task after commit, rendered in the person's language,
by e-mail when the person has an e-mail address and by SMS otherwise, and always ends with
the person's own link and the link to report a concern (DESIGN §2). Task arguments are ids
and message names only, never a person's data.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from vises.common import audit
from vises.partnerships.models import Partnership
from vises.people.models import ConsentPurpose, Person
from vises.people.selectors import person_has_consent
from vises.people.services.links import person_link

# Which channel a message goes by, named after the person's field it uses.
CHANNEL_EMAIL = "email"
CHANNEL_SMS = "phone"
CHANNELS = (CHANNEL_EMAIL, CHANNEL_SMS)


def absolute_url(path: str) -> str:
    return f"{settings.VISES_BASE_URL}{path}"


def person_links(*, person: Person) -> dict[str, str]:
    """The person's own page and the page to report a concern, as absolute addresses."""
    own = person_link(person=person)
    return {
        "self_service_url": absolute_url(own),
        "concern_url": absolute_url(f"{own}concern/"),
    }


def _check_context(person: Person, context: dict[str, Any]) -> None:
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


def person_may_get_messages(*, person: Person) -> bool:
    """True while the person is in the register and has an active consent for messages."""
    return person.anonymised_at is None and person_has_consent(
        person=person, purpose=ConsentPurpose.MESSAGES
    )


def person_message_send(
    *,
    person: Person,
    subject: str,
    body_template: str,
    context: dict[str, Any] | None = None,
    actor: audit.Actor,
) -> bool:
    """Queue a message to the person; it is sent after commit by a task.

    `subject` is an English message id (mark it with gettext_noop) translated at send time;
    `body_template` a template name; `context` JSON values without personal data (ids).
    Returns False and sends nothing when the person has no active consent for messages
    (never given, or withdrawn: processing for that purpose stops) or was anonymised.
    """
    context = dict(context or {})
    _check_context(person, context)
    if not person_may_get_messages(person=person):
        audit.log(actor, "people.message.refused", person)
        return False
    from vises.people.tasks_messages import person_message_deliver

    person_id = person.pk
    transaction.on_commit(
        lambda: person_message_deliver.enqueue(person_id, str(subject), body_template, context)
    )
    return True


def person_link_send(*, person: Person, channel: str) -> None:
    """Send the person a fresh link to their own page by the channel they asked for, even
    without consent for messages: they asked for this one."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}")
    from vises.people.tasks_messages import person_link_deliver

    person_id = person.pk
    transaction.on_commit(lambda: person_link_deliver.enqueue(person_id, channel))


def coordinators_notify_erasure(*, partnership: Partnership) -> None:
    """Tell the partnership's coordinators, after commit, that a person erased their data;
    the notice says nothing about who."""
    from vises.people.tasks_messages import coordinators_notify_erasure as task

    partnership_id = partnership.pk
    transaction.on_commit(lambda: task.enqueue(partnership_id))


def concern_list_url(*, partnership: Partnership) -> str:
    return absolute_url(reverse("people_concern_list", kwargs={"slug": partnership.slug}))
