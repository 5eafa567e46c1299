"""After a café is held: ask the participants who came three smiley questions, and give the
host company's contacts the link that lets their employees become language friends.

`feedback_requests_send(cafe_id)` is the entry point (the task `send_feedback_requests`
runs it; `feedback_requests_enqueue(cafe_id)` queues that task after commit, for
cafe_mark_held). It sends once per café (FeedbackRequest) and itself only queues one task
per message, with ids as arguments (DESIGN §6). Each message goes through the outbox
(vises.people.outbox), rendered at send time in the recipient's language.

Who gets what (docs/architecture.md, "Messages"): the feedback question belongs to the
registration, like a reminder, so it goes to everyone who came unless they withdrew a
"messages" consent, and never to someone anonymised or with no e-mail or phone. A host
company's contact is written to in the default language, as a notice.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_noop

from vises.cafes.links.feedback import feedback_link, friend_link
from vises.cafes.messages.registrations import (
    SKIPPED_STATUS,
    cafe_when,
    registration_for_message,
)
from vises.cafes.models import Cafe, CafeFeedback, FeedbackRequest, Registration
from vises.common import audit
from vises.companies.models import CompanyContact
from vises.people.outbox.links import absolute_url
from vises.people.outbox.models import CHANNEL_EMAIL
from vises.people.outbox.service import (
    SKIPPED_GONE,
    SKIPPED_NO_CONTACT,
    Basis,
    Message,
    message_deliver,
)
from vises.people.outbox.staff import Notice, notice_deliver

ACTOR = "system:feedback"
ASKED_STATUSES = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)
SKIPPED_ANSWERED = "skipped:answered"

FEEDBACK_REQUEST = Message(
    "feedback_request",
    gettext_noop("How was the café at %(company)s?"),
    Basis.REGISTRATION,
    "cafes.registration.feedback_request_sent",
)
FRIEND_INVITATION = Notice(
    "friend_invitation",
    gettext_noop("Thank you for the café: your colleagues can become language friends"),
)


def _attended(cafe: Cafe) -> list[int]:
    return list(
        Registration.objects.filter(
            cafe=cafe,
            status=Registration.Status.CONFIRMED,
            attendance=Registration.Attendance.ATTENDED,
            person__anonymised_at__isnull=True,
        )
        .exclude(person__email="", person__phone="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _contacts(cafe: Cafe) -> list[int]:
    return list(
        CompanyContact.objects.filter(company_id=cafe.company_id)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def feedback_requests_send(cafe_id: int) -> dict[str, int]:
    """Queue the feedback question to every participant who came and the language-friend
    link to every company contact with an e-mail address, once per café.

    Returns {"participants": n, "contacts": m}; {} when the café is unknown, not held yet, or
    was asked already.
    """
    from vises.cafes.tasks import send_feedback_request, send_friend_invitation

    cafe = Cafe.objects.select_for_update().filter(pk=cafe_id).first()
    if cafe is None or cafe.status not in ASKED_STATUSES:
        return {}
    if FeedbackRequest.objects.filter(cafe=cafe).exists():
        return {}
    registration_ids = _attended(cafe)
    contact_ids = _contacts(cafe)
    request = FeedbackRequest.objects.create(
        cafe=cafe, participants=len(registration_ids), contacts=len(contact_ids)
    )
    audit.log(
        ACTOR, "cafes.feedbackrequest.created", request, partnership=cafe.partnership, fields=[]
    )
    for registration_id in registration_ids:
        transaction.on_commit(partial(send_feedback_request.enqueue, registration_id))
    for contact_id in contact_ids:
        transaction.on_commit(partial(send_friend_invitation.enqueue, contact_id, cafe.pk))
    return {"participants": len(registration_ids), "contacts": len(contact_ids)}


def feedback_requests_enqueue(cafe_id: int) -> None:
    """Queue feedback_requests_send for the café after the current transaction commits."""
    from vises.cafes.tasks import send_feedback_requests

    transaction.on_commit(lambda: send_feedback_requests.enqueue(cafe_id))


def feedback_request_send(*, registration_id: int) -> str:
    """Send one participant the link to the three questions, in their language, now.

    Returns the channel used ("email" or "phone") or why nothing was sent ("skipped:…").
    """
    registration = registration_for_message(registration_id)
    if registration is None:
        return SKIPPED_GONE
    if registration.attendance != Registration.Attendance.ATTENDED:
        return SKIPPED_STATUS
    if CafeFeedback.objects.filter(registration=registration).exists():
        return SKIPPED_ANSWERED
    delivery = message_deliver(
        person=registration.person,
        message=FEEDBACK_REQUEST,
        about=registration,
        context=lambda: {
            "company": registration.cafe.company.name,
            "feedback_url": absolute_url(feedback_link(registration)),
            **cafe_when(registration.cafe),
        },
        actor=ACTOR,
    )
    return delivery.outcome


def friend_invitation_send(*, contact_id: int, cafe_id: int) -> str:
    """E-mail a host company's contact the link their employees use to become language
    friends (in Swedish: company contacts are written to in the default language)."""
    contact = CompanyContact.objects.filter(pk=contact_id).first()
    cafe = Cafe.objects.select_related("company", "partnership").filter(pk=cafe_id).first()
    if contact is None or cafe is None or contact.company_id != cafe.company_id:
        return SKIPPED_GONE
    if not contact.email:
        return SKIPPED_NO_CONTACT
    notice_deliver(
        to=[contact.email],
        notice=FRIEND_INVITATION,
        context=lambda: {
            "first_name": contact.first_name,
            "company": cafe.company.name,
            "partnership": cafe.partnership.name,
            "friend_url": absolute_url(friend_link(cafe)),
            **cafe_when(cafe),
        },
    )
    audit.log(ACTOR, "cafes.cafe.friend_link_sent", cafe, fields=[CHANNEL_EMAIL])
    return CHANNEL_EMAIL
