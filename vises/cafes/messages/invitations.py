"""The invitation message: a seat is held for the person until they answer by their link.

Rendered like every café message (vises.cafes.messages.registrations): in the person's
language, times in Europe/Stockholm, e-mail when the person has an address and SMS
otherwise, with their links. An invitation is not part of a registration the person made,
so it needs an active "messages" consent ("Who gets what" in
vises.cafes.messages.registrations); without one the coordinator sees it on the café page
and calls instead.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_noop

from vises.cafes.links.registrations import registration_token
from vises.cafes.messages.registrations import (
    ACTOR,
    SENT_EMAIL,
    SENT_SMS,
    SKIPPED_CONSENT,
    SKIPPED_GONE,
    SKIPPED_NO_CONTACT,
    SKIPPED_STATUS,
    STOCKHOLM,
    CafeMessage,
    _context,
    _registration,
    _subject,
)
from vises.cafes.models import Registration
from vises.common import audit
from vises.common.sms import send_sms
from vises.people.services.messages import absolute_url, person_may_get_messages

INVITATION = CafeMessage(
    "invitation",
    gettext_noop("You are invited to a café at %(company)s, %(date)s"),
    "invitation_sent",
    necessary=False,
    calendar=False,
)


def invitation_url(registration: Registration) -> str:
    """The absolute address of the page where the person accepts or declines."""
    path = reverse("invitation_page", kwargs={"token": registration_token(registration)})
    return absolute_url(path)


def invitation_send(*, registration_id: int) -> str:
    """Send the invitation now. Returns the channel used ("email" or "phone") or why nothing
    was sent ("skipped:…": gone, no longer an invitation, no consent, no contact)."""
    registration = _registration(registration_id)
    if registration is None or registration.person.anonymised_at is not None:
        return SKIPPED_GONE
    if registration.status != Registration.Status.INVITED:
        return SKIPPED_STATUS
    person = registration.person
    if not person_may_get_messages(person=person):
        return SKIPPED_CONSENT
    if not person.email and not person.phone:
        return SKIPPED_NO_CONTACT
    channel = SENT_EMAIL if person.email else SENT_SMS
    with translation.override(person.language), timezone.override(STOCKHOLM):
        context = _context(registration, sms=channel == SENT_SMS)
        until = timezone.localtime(registration.invited_until, STOCKHOLM)
        context["invitation_url"] = invitation_url(registration)
        context["invited_until"] = formats.date_format(until, "j F H:i")
        subject = _subject(INVITATION, context)
        text = render_to_string("cafes/invitations/message.txt", context).strip() + "\n"
        if channel == SENT_EMAIL:
            email = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
            html = render_to_string(
                "cafes/messages/email.html",
                {
                    "subject": subject,
                    "text": text,
                    "language": translation.get_language(),
                    "bidi": translation.get_language_bidi(),
                },
            )
            email.attach_alternative(html, "text/html")
            email.send()
        else:
            send_sms(person.phone, f"{subject}\n\n{text}")
    audit.log(
        ACTOR,
        f"cafes.registration.{INVITATION.verb}",
        registration,
        partnership=registration.cafe.partnership,
        fields=[channel],
    )
    return channel
