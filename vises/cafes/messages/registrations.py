"""Messages to people registered for a café: receipt, reminders, promotion, cancellation.

Called by the background tasks in vises.cafes.tasks with ids only. Each function checks that
the registration is still in the state the message is about, then hands the outbox
(vises.people.outbox) the message and a context built at send time inside the person's
language, with the café's times in Europe/Stockholm; the outbox applies the consent rule,
picks e-mail or SMS, records the delivery and writes the audit event
`cafes.registration.<verb>`. Every message carries the registration's own link (see, cancel
or change) besides the person's links; receipts (confirmed), promotions and reminders
carry an .ics whose UID is stable per registration.

Who gets what (docs/architecture.md, "Messages"): the receipt, the promotion from the
waitlist and the cancellation of the café are strictly necessary; reminders rest on the
registration, so they stop only once the person withdrew the "messages" consent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vises.cafes import ics
from vises.cafes.links.registrations import registration_link
from vises.cafes.models import Cafe, Registration, SentReminder
from vises.cafes.selectors.registrations import waitlist_position
from vises.cafes.services.registrations import ACTIVE_STATUSES
from vises.people.outbox.channels import Attachment, tidy
from vises.people.outbox.links import absolute_url
from vises.people.outbox.models import CHANNELS
from vises.people.outbox.service import (
    SKIPPED_GONE,
    Basis,
    Context,
    Message,
    message_deliver,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Sent outcomes are the outbox's channels ("email", "phone"); a café's own reason not to
# send is that the registration is no longer in the state the message is about.
SENT = CHANNELS
SKIPPED_STATUS = "skipped:status"

ICS_FILENAME = "vises-cafe.ics"


@dataclass(frozen=True)
class CafeMessage:
    """A message about a registration: the outbox's Message, and whether the e-mail carries
    the café as an .ics."""

    message: Message
    calendar: bool

    @property
    def necessary(self) -> bool:
        return self.message.necessary


def _registration_message(name: str, subject: str, verb: str, *, necessary: bool) -> Message:
    basis = Basis.NECESSARY if necessary else Basis.REGISTRATION
    return Message(name, subject, basis, f"cafes.registration.{verb}")


RECEIPT_CONFIRMED = CafeMessage(
    _registration_message(
        "receipt_confirmed",
        gettext_noop("Your place at the café at %(company)s, %(date)s"),
        "receipt_sent",
        necessary=True,
    ),
    calendar=True,
)
# No calendar file: a place on the waitlist is not a seat, so nobody should plan on it.
RECEIPT_WAITLISTED = CafeMessage(
    _registration_message(
        "receipt_waitlisted",
        gettext_noop("You are on the waitlist for the café at %(company)s, %(date)s"),
        "receipt_sent",
        necessary=True,
    ),
    calendar=False,
)
PROMOTION = CafeMessage(
    _registration_message(
        "promotion",
        gettext_noop("A place opened up for you: café at %(company)s, %(date)s"),
        "promotion_sent",
        necessary=True,
    ),
    calendar=True,
)
REMINDER_2D = CafeMessage(
    _registration_message(
        "reminder_2d",
        gettext_noop("Reminder: café at %(company)s, %(date)s"),
        "reminder_sent",
        necessary=False,
    ),
    calendar=True,
)
REMINDER_2H = CafeMessage(
    _registration_message(
        "reminder_2h",
        gettext_noop("Today at %(time)s: café at %(company)s"),
        "reminder_sent",
        necessary=False,
    ),
    calendar=True,
)
CANCELLATION = CafeMessage(
    _registration_message(
        "cancellation",
        gettext_noop("Cancelled: the café at %(company)s, %(date)s"),
        "cancellation_sent",
        necessary=True,
    ),
    calendar=False,
)
# Strictly necessary: someone used the person's contact to sign up for a café they are already
# registered for; only they may learn their status (the sign-up was answered as a new one).
SIGNUP_REPEATED = CafeMessage(
    _registration_message(
        "signup_repeated",
        gettext_noop("You are already signed up: café at %(company)s, %(date)s"),
        "signup_repeated_sent",
        necessary=True,
    ),
    calendar=False,
)
REMINDERS = {SentReminder.Kind.TWO_DAYS: REMINDER_2D, SentReminder.Kind.TWO_HOURS: REMINDER_2H}


def cafe_when(cafe: Cafe) -> dict[str, str]:
    """The café's day and times in Europe/Stockholm, in the active language's formats."""
    starts = timezone.localtime(cafe.starts_at, STOCKHOLM)
    ends = timezone.localtime(cafe.ends_at, STOCKHOLM)
    return {
        "weekday": formats.date_format(starts, "l"),
        "date": formats.date_format(starts, "DATE_FORMAT"),
        "day_month": formats.date_format(starts, "j/n"),  # short, for an SMS: 24/9
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
    }


def registration_for_message(registration_id: int) -> Registration | None:
    """The registration with what a message shows (café, company, partnership, person)."""
    return (
        Registration.objects.select_related("cafe", "cafe__company", "cafe__partnership", "person")
        .filter(pk=registration_id)
        .first()
    )


def registration_context(registration: Registration) -> Context:
    """What a message about the registration shows besides the person's name and links;
    call inside the person's language (the outbox does)."""
    cafe = registration.cafe
    when = cafe_when(cafe)
    return {
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
        "subject_params": {
            "company": cafe.company.name,
            "date": _("%(weekday)s, %(date)s") % {"weekday": when["weekday"], "date": when["date"]},
            "time": when["start"],
        },
    }


def _calendar(registration: Registration) -> Callable[[Context], list[Attachment]]:
    def attachments(context: Context) -> list[Attachment]:
        description = tidy(render_to_string("messages/_cafe_calendar.txt", context))
        entry = ics.CalendarEntry(
            uid=ics.registration_uid(registration),
            cafe=registration.cafe,
            summary=_("Vi Ses! café at %(company)s") % {"company": context["company"]},
            location=ics.cafe_location(registration.cafe),
            description=description,
            url=context["registration_url"],
        )
        content = ics.calendar_bytes([entry]).decode()
        return [Attachment(ICS_FILENAME, content, ics.CONTENT_TYPE)]

    return attachments


def registration_message_deliver(
    registration: Registration,
    message: CafeMessage,
    *,
    context: Callable[[], Context] | None = None,
) -> str:
    """Hand one message about the registration to the outbox now; returns the channel used
    or why nothing went. `context` replaces the registration's context (an invitation adds
    its own values)."""
    delivery = message_deliver(
        person=registration.person,
        message=message.message,
        about=registration,
        context=context or (lambda: registration_context(registration)),
        attachments=_calendar(registration) if message.calendar else None,
    )
    return delivery.outcome


def registration_receipt_send(*, registration_id: int) -> str:
    """The receipt of a sign-up: a seat (with the .ics) or a place on the waitlist.

    Returns the channel used ("email" or "phone") or why nothing was sent ("skipped:…").
    """
    registration = registration_for_message(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status == Registration.Status.CONFIRMED:
        return registration_message_deliver(registration, RECEIPT_CONFIRMED)
    if registration.status == Registration.Status.WAITLISTED:
        return registration_message_deliver(registration, RECEIPT_WAITLISTED)
    return SKIPPED_STATUS  # cancelled before the task ran, or an invitation (told elsewhere)


def signup_repeated_send(*, registration_id: int) -> str:
    """Tell the person their true status after their contact was used to sign up again."""
    registration = registration_for_message(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status not in ACTIVE_STATUSES:
        return SKIPPED_STATUS

    def context() -> Context:
        values = registration_context(registration)
        values["status"] = registration.status
        values["position"] = waitlist_position(registration)
        if registration.invited_until is not None:
            until = timezone.localtime(registration.invited_until, STOCKHOLM)
            values["invited_until"] = formats.date_format(until, "DATETIME_FORMAT")
        return values

    return registration_message_deliver(registration, SIGNUP_REPEATED, context=context)


def waitlist_promotion_send(*, registration_id: int) -> str:
    """Tell a person who moved up from the waitlist that they have a seat (with the .ics)."""
    registration = registration_for_message(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.status != Registration.Status.CONFIRMED:
        return SKIPPED_STATUS
    return registration_message_deliver(registration, PROMOTION)


def registration_reminder_send(*, registration: Registration, kind: str) -> str:
    """Send the reminder of `kind` ("2d" or "2h") now, without bookkeeping (see
    vises.cafes.messages.reminders, which makes sure each goes out once)."""
    if registration.status != Registration.Status.CONFIRMED:
        return SKIPPED_STATUS
    if registration.cafe.status == Cafe.Status.CANCELLED:
        return SKIPPED_STATUS
    return registration_message_deliver(registration, REMINDERS[SentReminder.Kind(kind)])


def cafe_cancellation_send(
    *, cafe_id: int, registration_ids: list[int] | None = None
) -> dict[str, int]:
    """Tell everyone registered (confirmed, waitlisted, invited) that the café is cancelled.

    `registration_ids` are the registrations that were active when the café was cancelled
    (vises.cafes.messages.notifications.cafe_cancelled takes them before statuses change);
    without them, the café's registrations that are still active. Returns the count per
    outcome.
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
        outcome = registration_message_deliver(registration, CANCELLATION)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
