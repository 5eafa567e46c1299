"""After a café is held: ask the participants who came three smiley questions, and give the
host company's contacts the link that lets their employees become language friends.

`feedback_requests_send(cafe_id)` is the entry point (the task `send_feedback_requests`
runs it; `feedback_requests_enqueue(cafe_id)` queues that task after commit, for
cafe_mark_held). It sends once per café (FeedbackRequest) and itself only queues one task
per message, with ids as arguments (DESIGN §6). Each message is rendered at send time in
the recipient's language.

Who gets what follows vises.cafes.messages.registrations: the feedback question belongs to the
registration, like a reminder, so it goes to everyone who came unless they withdrew a
"messages" consent, and never to someone anonymised or with no e-mail or phone.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vises.cafes.links.feedback import feedback_link, friend_link
from vises.cafes.messages.registrations import STOCKHOLM, cafe_when, messages_withdrawn
from vises.cafes.models import Cafe, CafeFeedback, FeedbackRequest, Registration
from vises.common import audit
from vises.common.sms import send_sms
from vises.companies.models import CompanyContact
from vises.people.services.messages import absolute_url, person_links

ACTOR = "system:feedback"
ASKED_STATUSES = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)

SENT_EMAIL = "email"
SENT_SMS = "phone"
SKIPPED_GONE = "skipped:gone"
SKIPPED_STATUS = "skipped:status"
SKIPPED_CONSENT = "skipped:consent"
SKIPPED_NO_CONTACT = "skipped:no_contact"
SKIPPED_ANSWERED = "skipped:answered"

FEEDBACK_SUBJECT = gettext_noop("How was the café at %(company)s?")
FRIEND_SUBJECT = gettext_noop("Thank you for the café: your colleagues can become language friends")


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
    registration = (
        Registration.objects.select_related("cafe", "cafe__company", "cafe__partnership", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.person.anonymised_at is not None:
        return SKIPPED_GONE
    if registration.attendance != Registration.Attendance.ATTENDED:
        return SKIPPED_STATUS
    if CafeFeedback.objects.filter(registration=registration).exists():
        return SKIPPED_ANSWERED
    person = registration.person
    if messages_withdrawn(person=person):
        return SKIPPED_CONSENT
    if not person.email and not person.phone:
        return SKIPPED_NO_CONTACT
    channel = SENT_EMAIL if person.email else SENT_SMS
    with translation.override(person.language), timezone.override(STOCKHOLM):
        context = {
            "sms": channel == SENT_SMS,
            "first_name": person.first_name,
            "company": registration.cafe.company.name,
            "feedback_url": absolute_url(feedback_link(registration)),
            **cafe_when(registration.cafe),
            **person_links(person=person),
        }
        subject = _(FEEDBACK_SUBJECT) % {"company": context["company"]}
        text = render_to_string("cafes/feedback/email/feedback_request.txt", context).strip()
        if channel == SENT_EMAIL:
            EmailMessage(subject=subject, body=text + "\n", to=[person.email]).send()
        else:
            send_sms(person.phone, f"{subject}\n\n{text}")
    audit.log(
        ACTOR,
        "cafes.registration.feedback_asked",
        registration,
        partnership=registration.cafe.partnership,
        fields=[channel],
    )
    return channel


def friend_invitation_send(*, contact_id: int, cafe_id: int) -> str:
    """E-mail a host company's contact the link their employees use to become language
    friends (in Swedish: company contacts are written to in the default language)."""
    contact = CompanyContact.objects.filter(pk=contact_id).first()
    cafe = Cafe.objects.select_related("company", "partnership").filter(pk=cafe_id).first()
    if contact is None or cafe is None or contact.company_id != cafe.company_id:
        return SKIPPED_GONE
    if not contact.email:
        return SKIPPED_NO_CONTACT
    with translation.override(settings.LANGUAGE_CODE), timezone.override(STOCKHOLM):
        context = {
            "first_name": contact.first_name,
            "company": cafe.company.name,
            "partnership": cafe.partnership.name,
            "friend_url": absolute_url(friend_link(cafe)),
            **cafe_when(cafe),
        }
        text = render_to_string("cafes/feedback/email/friend_invitation.txt", context).strip()
        EmailMessage(subject=_(FRIEND_SUBJECT), body=text + "\n", to=[contact.email]).send()
    audit.log(ACTOR, "cafes.cafe.friend_link_sent", cafe, fields=[SENT_EMAIL])
    return SENT_EMAIL
