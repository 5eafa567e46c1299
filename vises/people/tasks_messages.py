"""Background tasks that send messages to people and notices to coordinators.

Arguments are ids and message names only: queued task payloads are stored in the database
and must never hold a person's data (erasure searches them).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from vises.common import audit
from vises.common.sms import send_sms
from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.people.models import Concern, Person
from vises.people.services.links import DEFAULT_MAX_AGE_DAYS
from vises.people.services.messages import (
    CHANNEL_EMAIL,
    CHANNEL_SMS,
    concern_list_url,
    person_links,
    person_may_get_messages,
)

ACTOR = "system:messages"


def _deliver(person: Person, subject: str, body: str, channel: str) -> str:
    """Send by the channel asked for, falling back to the one the person has."""
    if channel == CHANNEL_EMAIL and not person.email:
        channel = CHANNEL_SMS
    if channel == CHANNEL_SMS and not person.phone:
        channel = CHANNEL_EMAIL
    if channel == CHANNEL_EMAIL:
        EmailMessage(subject=subject, body=body, to=[person.email]).send()
    else:
        send_sms(person.phone, f"{subject}\n\n{body}")
    return channel


def _render_for(person: Person, template: str, context: dict[str, Any], channel: str) -> str:
    links = person_links(person=person)
    body = render_to_string(template, {**context, "person": person, **links}).strip()
    footer = render_to_string(
        "people/self_service/email/footer.txt", {**links, "sms": channel == CHANNEL_SMS}
    ).strip()
    return f"{body}\n\n{footer}\n"


@task()
def person_message_deliver(
    person_id: int, subject: str, body_template: str, context: dict[str, Any]
) -> str:
    """Render and send one message in the person's language. Returns the channel used, or
    'refused' when the person withdrew consent or left the register since it was queued."""
    person = Person.objects.filter(pk=person_id).select_related("partnership").first()
    if person is None or not person_may_get_messages(person=person):
        return "refused"
    channel = CHANNEL_EMAIL if person.email else CHANNEL_SMS
    with translation.override(person.language):
        body = _render_for(person, body_template, context, channel)
        channel = _deliver(person, _(subject), body, channel)
    audit.log(ACTOR, "people.message.sent", person, fields=[channel])
    return channel


@task()
def person_link_deliver(person_id: int, channel: str) -> str:
    """Send a fresh link to the person's own page by e-mail or SMS, in their language."""
    person = Person.objects.filter(pk=person_id, anonymised_at__isnull=True).first()
    if person is None:
        return "gone"
    with translation.override(person.language):
        body = _render_for(
            person, "people/self_service/email/link.txt", {"days": DEFAULT_MAX_AGE_DAYS}, channel
        )
        channel = _deliver(person, _("Your link to Vi Ses!"), body, channel)
    audit.log(ACTOR, "people.link.sent", person, fields=[channel])
    return channel


def _coordinator_addresses(partnership: Partnership) -> list[str]:
    return sorted(
        {
            email
            for email in Membership.objects.filter(
                partnership=partnership,
                role=Role.COORDINATOR,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )


def _notify_coordinators(partnership: Partnership, subject: str, template: str) -> int:
    recipients = _coordinator_addresses(partnership)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "partnership": partnership,
                "concern_list_url": concern_list_url(partnership=partnership),
                "date": timezone.localdate(),
            },
        )
        EmailMessage(subject=_(subject), body=body, to=recipients).send()
    return len(recipients)


@task()
def coordinators_notify_concern(concern_id: int) -> int:
    """E-mail the coordinators that a concern came in, with the staff page's address but
    never the text. Returns the number of recipients."""
    concern = Concern.objects.select_related("partnership").filter(pk=concern_id).first()
    if concern is None:
        return 0
    return _notify_coordinators(
        concern.partnership,
        gettext_noop("Vi Ses!: a person reported a concern"),
        "people/self_service/email/coordinator_concern.txt",
    )


@task()
def coordinators_notify_erasure(partnership_id: int) -> int:
    """E-mail the coordinators that a person erased their data, without saying who."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        return 0
    return _notify_coordinators(
        partnership,
        gettext_noop("Vi Ses!: a person erased their data"),
        "people/self_service/email/coordinator_erasure.txt",
    )
