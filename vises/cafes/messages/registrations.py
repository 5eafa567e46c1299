"""Messages to people registered for a café: receipt, reminders, promotion, cancellation.

Called by the background tasks in vises.cafes.tasks with ids only (a task's arguments are
stored: never a person's data). Each message is rendered at send time inside
translation.override(person.language), with the café's times in Europe/Stockholm, from
templates/cafes/messages/<name>.txt (the e-mail also gets an HTML rendition of the same text
and, where it helps, an .ics attachment). E-mail goes through Django's mail backend when the
person has an address, otherwise an SMS through vises.common.sms. Every message carries the
registration's own link (see, cancel or change) and the person's self-service link with the
page to report a concern, as absolute addresses under settings.VISES_BASE_URL.

Who gets what (lawful basis, DESIGN §6; also docs/architecture.md, "Messages"):
- Messages about a registration the person made are part of that registration: the receipt,
  the promotion from the waitlist and the cancellation of the café are strictly necessary
  (whether they have a seat; not to travel to a cancelled café) and are always sent.
- Reminders are sent too (the registration is their basis, so a public sign-up that gave no
  "messages" consent gets them), unless the person withdrew a "messages" consent: a withdrawal
  is an objection to every message that is not strictly necessary.
- News, invitations to other cafés and the like are not sent from here; they need an active
  "messages" consent (vises.people.services.messages.person_message_send).
- Nobody anonymised gets anything, and a registration no longer in the state a message is
  about (cancelled before the task ran) gets nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vises.cafes import ics
from vises.cafes.links.registrations import registration_link
from vises.cafes.models import Cafe, Registration, SentReminder
from vises.cafes.services.registrations import ACTIVE_STATUSES
from vises.common import audit
from vises.common.sms import send_sms
from vises.people.models import ConsentPurpose, ConsentRecord, Person
from vises.people.services.messages import absolute_url, person_links

ACTOR = "system:messages"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Outcomes: the person's field the message went by, or why nothing was sent.
SENT_EMAIL = "email"
SENT_SMS = "phone"
SENT = (SENT_EMAIL, SENT_SMS)
SKIPPED_GONE = "skipped:gone"
SKIPPED_STATUS = "skipped:status"
SKIPPED_CONSENT = "skipped:consent"
SKIPPED_NO_CONTACT = "skipped:no_contact"

ICS_FILENAME = "vises-cafe.ics"


@dataclass(frozen=True)
class CafeMessage:
    name: str  # template cafes/messages/<name>.txt
    subject: str  # English msgid, translated at send time; %(company)s %(date)s %(time)s
    verb: str  # audit action cafes.registration.<verb>
    necessary: bool  # sent even after the person withdrew the "messages" consent
    calendar: bool  # attach the .ics (e-mail only)


RECEIPT_CONFIRMED = CafeMessage(
    "receipt_confirmed",
    gettext_noop("Your place at the café at %(company)s, %(date)s"),
    "receipt_sent",
    necessary=True,
    calendar=True,
)
# No calendar file: a place on the waitlist is not a seat, so nobody should plan on it.
RECEIPT_WAITLISTED = CafeMessage(
    "receipt_waitlisted",
    gettext_noop("You are on the waitlist for the café at %(company)s, %(date)s"),
    "receipt_sent",
    necessary=True,
    calendar=False,
)
PROMOTION = CafeMessage(
    "promotion",
    gettext_noop("A place opened up for you: café at %(company)s, %(date)s"),
    "promotion_sent",
    necessary=True,
    calendar=True,
)
REMINDER_2D = CafeMessage(
    "reminder_2d",
    gettext_noop("Reminder: café at %(company)s, %(date)s"),
    "reminder_sent",
    necessary=False,
    calendar=True,
)
REMINDER_2H = CafeMessage(
    "reminder_2h",
    gettext_noop("Today at %(time)s: café at %(company)s"),
    "reminder_sent",
    necessary=False,
    calendar=True,
)
CANCELLATION = CafeMessage(
    "cancellation",
    gettext_noop("Cancelled: the café at %(company)s, %(date)s"),
    "cancellation_sent",
    necessary=True,
    calendar=False,
)
REMINDERS = {SentReminder.Kind.TWO_DAYS: REMINDER_2D, SentReminder.Kind.TWO_HOURS: REMINDER_2H}


def messages_withdrawn(*, person: Person) -> bool:
    """True when the person gave a "messages" consent and has withdrawn every one since."""
    records = ConsentRecord.objects.filter(person=person, purpose=ConsentPurpose.MESSAGES)
    withdrawn = False
    for withdrawn_at in records.values_list("withdrawn_at", flat=True):
        if withdrawn_at is None:
            return False
        withdrawn = True
    return withdrawn


def cafe_when(cafe: Cafe) -> dict[str, str]:
    """The café's day and times in Europe/Stockholm, in the active language's formats."""
    starts = timezone.localtime(cafe.starts_at, STOCKHOLM)
    ends = timezone.localtime(cafe.ends_at, STOCKHOLM)
    return {
        "weekday": formats.date_format(starts, "l"),
        "date": formats.date_format(starts, "DATE_FORMAT"),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
    }


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("cafe", "cafe__company", "cafe__partnership", "person")
        .filter(pk=registration_id)
        .first()
    )


def _context(registration: Registration, *, sms: bool) -> dict[str, Any]:
    """Everything a message template shows; call inside the person's language."""
    cafe = registration.cafe
    person = registration.person
    when = cafe_when(cafe)
    return {
        "sms": sms,
        "first_name": person.first_name,
        "company": cafe.company.name,
        "place": cafe.place,
        "address": cafe.address or cafe.company.address,
        "bus_stop": cafe.bus_stop,
        "entrance": cafe.entrance,
        "accessibility": cafe.accessibility,
        "children_welcome": cafe.children_welcome,
        "fika": cafe.fika,
        "cancelled_reason": cafe.cancelled_reason,
        "reference": registration.reference,
        "registration_url": absolute_url(registration_link(registration)),
        "cafes_url": absolute_url(reverse("cafes_public_calendar")),
        **when,
        **person_links(person=person),
    }


def _subject(message: CafeMessage, context: dict[str, Any]) -> str:
    date = _("%(weekday)s, %(date)s") % {"weekday": context["weekday"], "date": context["date"]}
    return _(message.subject) % {
        "company": context["company"],
        "date": date,
        "time": context["start"],
    }


def _tidy(text: str) -> str:
    """Optional lines leave blank runs in a text template: at most one empty line."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _calendar(registration: Registration, context: dict[str, Any]) -> bytes:
    description = _tidy(render_to_string("cafes/messages/calendar_description.txt", context))
    entry = ics.CalendarEntry(
        uid=ics.registration_uid(registration),
        cafe=registration.cafe,
        summary=_("Vi Ses! café at %(company)s") % {"company": context["company"]},
        location=ics.cafe_location(registration.cafe),
        description=description,
        url=context["registration_url"],
    )
    return ics.calendar_bytes([entry])


def _send(registration: Registration, message: CafeMessage) -> str:
    """Render and send one message now; returns the channel used or why nothing went."""
    person = registration.person
    if person.anonymised_at is not None:
        return SKIPPED_GONE
    if not message.necessary and messages_withdrawn(person=person):
        return SKIPPED_CONSENT
    if not person.email and not person.phone:
        return SKIPPED_NO_CONTACT
    channel = SENT_EMAIL if person.email else SENT_SMS
    with translation.override(person.language), timezone.override(STOCKHOLM):
        context = _context(registration, sms=channel == SENT_SMS)
        subject = _subject(message, context)
        text = _tidy(render_to_string(f"cafes/messages/{message.name}.txt", context))
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
            if message.calendar:
                email.attach(
                    ICS_FILENAME, _calendar(registration, context).decode(), ics.CONTENT_TYPE
                )
            email.send()
        else:
            send_sms(person.phone, f"{subject}\n\n{text}")
    audit.log(
        ACTOR,
        f"cafes.registration.{message.verb}",
        registration,
        partnership=registration.cafe.partnership,
        fields=[channel],
    )
    return channel


def registration_receipt_send(*, registration_id: int) -> str:
    """The receipt of a sign-up: a seat (with the .ics) or a place on the waitlist.

    Returns the channel used ("email" or "phone") or why nothing was sent ("skipped:…").
    """
    registration = _registration(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status == Registration.Status.CONFIRMED:
        return _send(registration, RECEIPT_CONFIRMED)
    if registration.status == Registration.Status.WAITLISTED:
        return _send(registration, RECEIPT_WAITLISTED)
    return SKIPPED_STATUS  # cancelled before the task ran, or an invitation (told elsewhere)


def waitlist_promotion_send(*, registration_id: int) -> str:
    """Tell a person who moved up from the waitlist that they have a seat (with the .ics)."""
    registration = _registration(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status != Registration.Status.CONFIRMED:
        return SKIPPED_STATUS
    return _send(registration, PROMOTION)


def registration_reminder_send(*, registration: Registration, kind: str) -> str:
    """Send the reminder of `kind` ("2d" or "2h") now, without bookkeeping (see
    vises.cafes.messages.reminders, which makes sure each goes out once)."""
    if registration.status != Registration.Status.CONFIRMED:
        return SKIPPED_STATUS
    if registration.cafe.status == Cafe.Status.CANCELLED:
        return SKIPPED_STATUS
    return _send(registration, REMINDERS[SentReminder.Kind(kind)])


def cafe_cancellation_send(*, cafe_id: int, registration_ids: list[int] | None = None) -> dict:
    """Tell everyone registered (confirmed, waitlisted, invited) that the café is cancelled.

    `registration_ids` are the registrations that were active when the café was cancelled
    (vises.cafes.messages.notifications.cafe_cancelled takes them before statuses change); without
    them, the café's registrations that are still active. Returns the count per outcome.
    """
    cafe = Cafe.objects.filter(pk=cafe_id).first()
    if cafe is None or cafe.status != Cafe.Status.CANCELLED:
        return {}
    registrations = Registration.objects.select_related(
        "cafe", "cafe__company", "cafe__partnership", "person"
    )
    if registration_ids is None:
        registrations = registrations.filter(cafe=cafe, status__in=ACTIVE_STATUSES)
    else:
        registrations = registrations.filter(cafe=cafe, pk__in=registration_ids)
    outcomes: dict[str, int] = {}
    for registration in registrations.order_by("pk"):
        outcome = _send(registration, CANCELLATION)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
