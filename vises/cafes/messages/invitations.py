"""The invitation message: a seat is held for the person until they answer by their link.

Rendered like every café message (vises.cafes.messages.registrations), through the outbox.
An invitation is not part of a registration the person made, so it needs an active
"messages" consent (docs/architecture.md, "Messages"); without one the coordinator sees it
on the café page and calls instead.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_noop

from vises.cafes.links.registrations import registration_token
from vises.cafes.messages.registrations import (
    SKIPPED_STATUS,
    STOCKHOLM,
    CafeMessage,
    registration_context,
    registration_for_message,
    registration_message_deliver,
)
from vises.cafes.models import Registration
from vises.people.outbox.links import absolute_url
from vises.people.outbox.service import SKIPPED_GONE, Basis, Context, Message

INVITATION = CafeMessage(
    Message(
        "invitation",
        gettext_noop("You are invited to a café at %(company)s, %(date)s"),
        Basis.CONSENT,
        "cafes.registration.invitation_sent",
    ),
    calendar=False,
)


def invitation_url(registration: Registration) -> str:
    """The absolute address of the page where the person accepts or declines."""
    path = reverse("invitation_page", kwargs={"token": registration_token(registration)})
    return absolute_url(path)


def invitation_send(*, registration_id: int) -> str:
    """Send the invitation now. Returns the channel used ("email" or "phone") or why nothing
    was sent ("skipped:…": gone, no longer an invitation, no consent, no contact)."""
    registration = registration_for_message(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status != Registration.Status.INVITED:
        return SKIPPED_STATUS

    def context() -> Context:
        until = timezone.localtime(registration.invited_until, STOCKHOLM)
        return {
            **registration_context(registration),
            "invitation_url": invitation_url(registration),
            "invited_until": formats.date_format(until, "j F H:i"),
        }

    return registration_message_deliver(registration, INVITATION, context=context)
