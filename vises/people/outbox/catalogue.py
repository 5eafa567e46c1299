"""The people app's own messages and notices: a person's link on request, and the notices
to coordinators that a concern came in or a person erased their data."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from vises.partnerships.models import Partnership
from vises.people.models import Concern, Person
from vises.people.outbox.links import absolute_url
from vises.people.outbox.service import Basis, Message, message_send
from vises.people.outbox.staff import Notice, staff_notify
from vises.people.services.links import DEFAULT_MAX_AGE_DAYS

# Asked for by the person themself (by e-mail or phone): sent even without consent.
PERSON_LINK = Message(
    "person_link", gettext_noop("Your link to Vi Ses!"), Basis.NECESSARY, "people.person.link_sent"
)
CONCERN_REPORTED = Notice(
    "staff_concern_reported", gettext_noop("Vi Ses!: a person reported a concern")
)
ERASURE_DONE = Notice("staff_erasure_done", gettext_noop("Vi Ses!: a person erased their data"))


def person_link_send(*, person: Person, channel: str) -> None:
    """Send the person a fresh link to their own page by the channel they asked for (the
    other one when they have only that), after commit."""
    message_send(
        person=person,
        message=PERSON_LINK,
        context={"days": DEFAULT_MAX_AGE_DAYS},
        channel=channel,
    )


def concern_notify(*, concern: Concern) -> None:
    """Tell the coordinators, after commit, that a concern came in: the staff page's address,
    never the text or who."""
    partnership = concern.partnership
    path = reverse("people_concern_list", kwargs={"slug": partnership.slug})
    staff_notify(
        partnership=partnership, notice=CONCERN_REPORTED, context={"url": absolute_url(path)}
    )


def erasure_notify(*, partnership: Partnership) -> None:
    """Tell the coordinators, after commit, that a person erased their data, without who."""
    staff_notify(partnership=partnership, notice=ERASURE_DONE)
