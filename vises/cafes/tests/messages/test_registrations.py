"""Messages about a registration: in the person's language, with the café's time in
Europe/Stockholm, by e-mail (with an HTML part and a calendar file) or by SMS when there is
no e-mail address, always carrying the registration's link and the person's own links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _

from vises.cafes.links.registrations import registration_id_from_token
from vises.cafes.messages import notifications, registrations
from vises.cafes.messages.registrations import (
    cafe_cancellation_send,
    registration_receipt_send,
    waitlist_promotion_send,
)
from vises.cafes.models import Cafe, Registration
from vises.cafes.services.registrations import registration_cancel
from vises.cafes.services.signup import public_signup
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common import sms
from vises.common.models import AuditEvent
from vises.companies.tests.factories import CompanyFactory
from vises.people.models import ConsentChannel, ConsentPurpose, Delivery
from vises.people.selectors import person_has_consent
from vises.people.services.consent import consent_withdraw
from vises.people.services.links import person_id_from_token
from vises.people.tests.factories import ConsentRecordFactory, ConsentTextFactory

pytestmark = pytest.mark.django_db

# Monday 14 June 2027, 10:00–11:30 summer time (CEST, UTC+2).
SUMMER_START = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cafe(partnership) -> Cafe:
    company = CompanyFactory(
        partnership=partnership, name="Kafferosteriet & Co AB", address="Storgatan 1, Linköping"
    )
    return CafeFactory.create(
        company=company,
        starts_at=SUMMER_START,
        ends_at=SUMMER_START + timedelta(hours=1, minutes=30),
        place="Personalrummet, plan 2",
        address="Repslagaregatan 5",
        bus_stop="Resecentrum, läge B",
        entrance="Gröna dörren mot gården",
        fika="Kaffe, te och kanelbullar (innehåller gluten)",
        children_welcome=True,
    )


def registration_for(cafe: Cafe, **person) -> Registration:
    values = {"first_name": "Amina", "language": "en", "email": "amina@example.org", **person}
    return RegistrationFactory.create(cafe=cafe, **{f"person__{k}": v for k, v in values.items()})


def links_in(text: str, settings) -> dict[str, str]:
    """The message's links by kind; each must be an absolute address under VISES_BASE_URL."""
    found = re.findall(r"https?://\S+", text)
    assert all(url.startswith(f"{settings.VISES_BASE_URL}/") for url in found), found
    by_kind = {}
    for url in found:
        path = url.removeprefix(settings.VISES_BASE_URL)
        if path.startswith("/r/"):
            by_kind["registration"] = path
        elif path.startswith("/me/") and path.endswith("/concern/"):
            by_kind["concern"] = path
        elif path.startswith("/me/"):
            by_kind["self_service"] = path
    return by_kind


def assert_carries_the_links(text: str, registration: Registration, settings) -> None:
    links = links_in(text, settings)
    assert set(links) == {"registration", "self_service", "concern"}
    assert registration_id_from_token(links["registration"].split("/")[2]) == registration.pk
    token = links["self_service"].split("/")[2]
    assert person_id_from_token(token) == registration.person_id
    assert links["concern"] == f"{links['self_service']}concern/"


def test_the_receipt_in_english_has_the_exact_subject_the_local_time_the_place_and_the_links(
    cafe, settings
):
    registration = registration_for(cafe)

    assert registration_receipt_send(registration_id=registration.pk) == "email"

    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == (
        "Your place at the café at Kafferosteriet & Co AB, Monday, June 14, 2027"
    )
    body = message.body
    assert body.startswith("Hello Amina!\n\nYou have a place at the pop-up café at ")
    assert "When: Monday, June 14, 2027, 10:00–11:30\n" in body  # 08:00 UTC is 10:00 CEST
    assert "Where: Kafferosteriet & Co AB, Personalrummet, plan 2\n" in body
    assert "Address: Repslagaregatan 5\n" in body
    assert "Nearest bus stop: Resecentrum, läge B\n" in body
    assert "Entrance: Gröna dörren mot gården\n" in body
    assert "The fika: Kaffe, te och kanelbullar (innehåller gluten)\n" in body
    assert "Children are welcome.\n" in body
    assert "What to bring: just yourself. The fika is free.\n" in body
    assert f"Your reference: {registration.reference}\n" in body
    assert "&amp;" not in body  # plain text is not HTML-escaped
    assert_carries_the_links(body, registration, settings)
    assert "\n\n\n" not in body


def test_the_receipt_email_has_an_html_part_in_the_persons_language_and_a_calendar_file(cafe):
    registration = registration_for(cafe)

    registration_receipt_send(registration_id=registration.pk)

    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en" dir="ltr">' in html
    assert "Kafferosteriet &amp; Co AB" in html
    assert "<script" not in html and "src=" not in html  # no external resources
    ((filename, content, content_type),) = message.attachments
    assert (filename, content_type) == ("vises-cafe.ics", "text/calendar; charset=utf-8")
    assert "BEGIN:VEVENT" in content


def test_the_receipt_in_swedish_uses_swedish_dates(cafe, settings):
    registration = registration_for(cafe, language="sv", first_name="Olle")

    registration_receipt_send(registration_id=registration.pk)

    (message,) = mail.outbox
    with translation.override("sv"):
        date = _("%(weekday)s, %(date)s") % {"weekday": "måndag", "date": "14 juni 2027"}
        expected = _("Your place at the café at %(company)s, %(date)s") % {
            "company": "Kafferosteriet & Co AB",
            "date": date,
        }
        when = _("When: %(weekday)s, %(date)s, %(start)s–%(end)s") % {
            "weekday": "måndag",
            "date": "14 juni 2027",
            "start": "10:00",
            "end": "11:30",
        }
    assert message.subject == expected
    assert "14 juni 2027" in message.subject
    assert f"{when}\n" in message.body
    assert "Personalrummet, plan 2" in message.body
    assert "Resecentrum, läge B" in message.body
    assert_carries_the_links(message.body, registration, settings)
    assert '<html lang="sv" dir="ltr">' in message.alternatives[0][0]


def test_winter_time_is_shown_as_stockholm_wall_clock_time(partnership):
    # Monday 11 January 2027 at 09:00 UTC is 10:00 CET (UTC+1).
    start = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    cafe = CafeFactory(
        company__partnership=partnership, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    registration = registration_for(cafe)

    registration_receipt_send(registration_id=registration.pk)

    assert "When: Monday, Jan. 11, 2027, 10:00–12:00\n" in mail.outbox[0].body


def test_arabic_is_written_right_to_left_in_the_html_part(cafe):
    registration = registration_for(cafe, language="ar")

    registration_receipt_send(registration_id=registration.pk)

    assert '<html lang="ar" dir="rtl">' in mail.outbox[0].alternatives[0][0]


def test_a_waitlisted_receipt_says_so_and_carries_no_calendar_file(cafe, settings):
    registration = registration_for(cafe)
    registration.status = Registration.Status.WAITLISTED
    registration.save()

    registration_receipt_send(registration_id=registration.pk)

    (message,) = mail.outbox
    assert message.subject == (
        "You are on the waitlist for the café at Kafferosteriet & Co AB, Monday, June 14, 2027"
    )
    assert "you are on the waitlist" in message.body
    assert message.attachments == []
    assert_carries_the_links(message.body, registration, settings)


def test_without_an_email_address_the_receipt_goes_by_sms(cafe, settings):
    registration = registration_for(cafe, email="", phone="+46701234567")

    assert registration_receipt_send(registration_id=registration.pk) == "phone"

    assert mail.outbox == []
    (text,) = sms.outbox
    assert text.to == "+46701234567"
    # An SMS of its own (messages/sms/): what, when, where and the one link, in 1 part here.
    # The link is signed with the time it was made, so it is read back, not rebuilt: a
    # second that ticked between the send and the test made a rebuilt one differ (in CI).
    words, link = text.body.split("\n")
    assert words == "You have a place at Kafferosteriet & Co AB, Monday 14/6 10:00. Cancel:"
    assert link.startswith(f"{settings.VISES_BASE_URL}/r/")
    assert registration_id_from_token(link.removeprefix(settings.VISES_BASE_URL).split("/")[2]) == (
        registration.pk
    )


def test_a_person_without_email_or_phone_gets_nothing(cafe):
    registration = registration_for(cafe, email="", phone="")

    assert registration_receipt_send(registration_id=registration.pk) == "skipped:no_contact"

    assert (mail.outbox, sms.outbox) == ([], [])


def test_every_message_about_a_registration_is_recorded_in_the_outbox_without_its_text(cafe):
    sent = registration_for(cafe, first_name="Amina")
    unreachable = registration_for(cafe, email="", phone="")

    registration_receipt_send(registration_id=sent.pk)
    registration_receipt_send(registration_id=unreachable.pk)
    registrations.registration_reminder_send(registration=sent, kind="2h")

    rows = Delivery.objects.order_by("pk").values_list(
        "person_id", "message", "basis", "channel", "status"
    )
    assert list(rows) == [
        (sent.person_id, "receipt_confirmed", "necessary", "email", "sent"),
        (unreachable.person_id, "receipt_confirmed", "necessary", "", "skipped:no_contact"),
        (sent.person_id, "reminder_2h", "registration", "email", "sent"),
    ]
    assert "Amina" not in str(list(Delivery.objects.values()))


def test_an_anonymised_person_gets_nothing(cafe):
    registration = registration_for(cafe)
    registration.person.anonymised_at = datetime.now(UTC)
    registration.person.save()

    assert registration_receipt_send(registration_id=registration.pk) == "skipped:gone"
    assert mail.outbox == []


def test_a_registration_cancelled_before_the_task_ran_gets_no_receipt(cafe):
    registration = registration_for(cafe)
    registration_cancel(registration=registration, actor="system:test")

    assert registration_receipt_send(registration_id=registration.pk) == "skipped:status"
    assert mail.outbox == []


def test_a_sent_message_is_audited_without_personal_data(cafe):
    registration = registration_for(cafe)

    registration_receipt_send(registration_id=registration.pk)

    event = AuditEvent.objects.get(action="cafes.registration.receipt_sent")
    assert (event.actor, event.object_id, event.fields) == (
        "system:messages",
        str(registration.pk),
        ["email"],
    )


def test_promotion_from_the_waitlist_tells_the_person_with_the_calendar_file(cafe, settings):
    registration = registration_for(cafe)

    assert waitlist_promotion_send(registration_id=registration.pk) == "email"

    (message,) = mail.outbox
    assert message.subject == (
        "A place opened up for you: café at Kafferosteriet & Co AB, Monday, June 14, 2027"
    )
    assert "a place opened up at the pop-up café" in message.body
    assert len(message.attachments) == 1
    assert_carries_the_links(message.body, registration, settings)


def test_a_freed_seat_promotes_and_tells_the_first_in_line(
    partnership, immediate_tasks, django_capture_on_commit_callbacks
):
    cafe = CafeFactory(company__partnership=partnership, capacity=1)
    seated = registration_for(cafe, email="seated@example.org")
    waiting = registration_for(cafe, email="waiting@example.org")
    waiting.status = Registration.Status.WAITLISTED
    waiting.save()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated, actor="system:test")

    (message,) = mail.outbox
    assert message.to == ["waiting@example.org"]
    assert message.subject.startswith("A place opened up for you: café at ")


def test_a_public_sign_up_gets_its_receipt_after_commit(
    cafe, immediate_tasks, django_capture_on_commit_callbacks
):
    cafe.starts_at = datetime.now(UTC) + timedelta(days=7)
    cafe.ends_at = cafe.starts_at + timedelta(hours=1)
    cafe.signup_deadline = None
    cafe.save()
    ConsentTextFactory(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)

    with django_capture_on_commit_callbacks(execute=True):
        public_signup(
            cafe_id=cafe.pk,
            first_name="Yonas",
            email="yonas@example.org",
            language="en",
            consent=True,
        )

    (message,) = mail.outbox
    assert message.to == ["yonas@example.org"]
    assert message.subject.startswith("Your place at the café at Kafferosteriet & Co AB, ")


def test_a_cancelled_cafe_tells_everyone_registered_and_no_one_else(
    cafe, immediate_tasks, django_capture_on_commit_callbacks, settings
):
    confirmed = registration_for(cafe, email="confirmed@example.org")
    waitlisted = registration_for(cafe, email="", phone="+46701110002")
    invited = registration_for(cafe, email="invited@example.org", language="sv")
    cancelled = registration_for(cafe, email="cancelled@example.org")
    waitlisted.status = Registration.Status.WAITLISTED
    invited.status = Registration.Status.INVITED
    cancelled.status = Registration.Status.CANCELLED
    for registration in (waitlisted, invited, cancelled):
        registration.save()

    with django_capture_on_commit_callbacks(execute=True):
        cafe.status = Cafe.Status.CANCELLED
        cafe.cancelled_reason = "Företaget har vattenskada"
        cafe.save()
        notifications.cafe_cancelled(cafe.pk)
        # The service may close the registrations after calling: they are told all the same.
        Registration.objects.filter(cafe=cafe).update(status=Registration.Status.CANCELLED)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "confirmed@example.org",
        "invited@example.org",
    ]
    english = next(m for m in mail.outbox if m.to == ["confirmed@example.org"])
    assert english.subject == "Cancelled: the café at Kafferosteriet & Co AB, Monday, June 14, 2027"
    assert (
        "We are sorry: the pop-up café at Kafferosteriet & Co AB on Monday, June 14, 2027 "
        "at 10:00 is cancelled.\nWhy: Företaget har vattenskada\n"
    ) in english.body
    assert f"{settings.VISES_BASE_URL}/cafes/\n" in english.body
    assert english.attachments == []
    assert_carries_the_links(english.body, confirmed, settings)
    (text,) = sms.outbox
    assert text.to == "+46701110002"
    assert text.body == (
        "Cancelled: the café at Kafferosteriet & Co AB, Monday 14/6 10:00. Other cafés:\n"
        f"{settings.VISES_BASE_URL}/cafes/"
    )


def test_the_cancellation_task_without_ids_tells_the_active_registrations(cafe):
    registration_for(cafe)
    cafe.status = Cafe.Status.CANCELLED
    cafe.save()

    assert cafe_cancellation_send(cafe_id=cafe.pk) == {"email": 1}
    assert len(mail.outbox) == 1


def test_no_cancellation_message_for_a_cafe_that_is_not_cancelled(cafe):
    registration = registration_for(cafe)

    assert cafe_cancellation_send(cafe_id=cafe.pk, registration_ids=[registration.pk]) == {}
    assert mail.outbox == []


def test_the_message_kinds_are_sorted_by_necessity():
    """The rule of docs/architecture.md, "Messages": only reminders can be refused."""
    necessary = {
        name: message.necessary
        for name, message in vars(registrations).items()
        if isinstance(message, registrations.CafeMessage)
    }
    assert necessary == {
        "RECEIPT_CONFIRMED": True,
        "RECEIPT_WAITLISTED": True,
        "PROMOTION": True,
        "CANCELLATION": True,
        "SIGNUP_REPEATED": True,
        "REMINDER_2D": False,
        "REMINDER_2H": False,
    }


def withdraw_messages_consent(person) -> None:
    ConsentRecordFactory(person=person, purpose=ConsentPurpose.MESSAGES)
    consent_withdraw(
        person=person,
        purpose=ConsentPurpose.MESSAGES,
        channel=ConsentChannel.LINK,
        actor="system:test",
    )


def test_after_withdrawing_the_messages_consent_only_strictly_necessary_messages_are_sent(
    cafe,
):
    registration = registration_for(cafe)
    withdraw_messages_consent(registration.person)

    # About the seat itself: sent (the registration is their basis).
    assert registration_receipt_send(registration_id=registration.pk) == "email"
    assert waitlist_promotion_send(registration_id=registration.pk) == "email"
    # Reminders: refused.
    for kind in ("2d", "2h"):
        outcome = registrations.registration_reminder_send(registration=registration, kind=kind)
        assert outcome == "skipped:consent"
    cafe.status = Cafe.Status.CANCELLED
    cafe.save()
    assert cafe_cancellation_send(cafe_id=cafe.pk) == {"email": 1}

    assert [m.subject.split(",")[0] for m in mail.outbox] == [
        "Your place at the café at Kafferosteriet & Co AB",
        "A place opened up for you: café at Kafferosteriet & Co AB",
        "Cancelled: the café at Kafferosteriet & Co AB",
    ]


def test_reminders_go_to_a_person_who_never_gave_the_messages_consent(cafe):
    registration = registration_for(cafe)
    assert not person_has_consent(person=registration.person, purpose=ConsentPurpose.MESSAGES)

    assert registrations.registration_reminder_send(registration=registration, kind="2d") == "email"

    (message,) = mail.outbox
    assert message.subject == "Reminder: café at Kafferosteriet & Co AB, Monday, June 14, 2027"
    assert "is in two days" in message.body


def test_reminders_go_while_a_messages_consent_is_active_again(cafe):
    registration = registration_for(cafe)
    withdraw_messages_consent(registration.person)
    ConsentRecordFactory(person=registration.person, purpose=ConsentPurpose.MESSAGES)

    assert registrations.registration_reminder_send(registration=registration, kind="2h") == "email"


def test_cancelling_a_cafe_through_its_service_tells_the_people_registered(
    cafe, immediate_tasks, django_capture_on_commit_callbacks
):
    from vises.cafes.services.cafes import cafe_cancel

    registration_for(cafe, email="one@example.org")
    registration_for(cafe, email="two@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        cafe_cancel(cafe=cafe, reason="Sjukdom", actor="system:test")

    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert all(m.subject.startswith("Cancelled: the café at ") for m in mail.outbox)
