"""Calendar files: the receipt's and reminders' .ics, and a volunteer's calendar feed."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from vises.cafes.links import feeds
from vises.cafes.messages.registrations import registration_receipt_send, registration_reminder_send
from vises.cafes.models import Cafe, CafeVolunteer
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.partnerships.access import Role
from vises.people.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

# Monday 30 March 2026 10:00 CEST (the day after the change to summer time) = 08:00 UTC.
START = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def parse(content: str | bytes) -> Calendar:
    return Calendar.from_ical(content)


@pytest.fixture
def registration(partnership):
    cafe = CafeFactory(
        company__partnership=partnership,
        company__name="Verkstaden AB",
        starts_at=START,
        ends_at=START + timedelta(hours=1, minutes=30),
        place="Matsalen",
        address="Industrigatan 3",
    )
    return RegistrationFactory(cafe=cafe, person__language="en")


def host(settings) -> str:
    return urlsplit(settings.VISES_BASE_URL).hostname


def test_the_receipt_calendar_file_parses_and_holds_the_cafe_in_utc(registration, settings):
    registration_receipt_send(registration_id=registration.pk)

    ((filename, content, _type),) = mail.outbox[0].attachments
    calendar = parse(content)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "PUBLISH"
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=1, minutes=30)
    assert "DTSTART:20260330T080000Z" in content
    assert str(event["uid"]) == f"vises-registration-{registration.pk}@{host(settings)}"
    assert str(event["summary"]) == "Vi Ses! café at Verkstaden AB"
    assert str(event["location"]) == "Verkstaden AB, Matsalen, Industrigatan 3"
    assert str(event["status"]) == "CONFIRMED"
    description = str(event["description"])
    assert "When: Monday, March 30, 2026, 10:00–11:30" in description
    assert f"{settings.VISES_BASE_URL}/r/" in description
    assert f"{settings.VISES_BASE_URL}/me/" in description
    assert str(event["url"]).startswith(f"{settings.VISES_BASE_URL}/r/")


def test_every_calendar_file_of_one_registration_carries_the_same_uid(registration):
    registration_receipt_send(registration_id=registration.pk)
    registration_reminder_send(registration=registration, kind="2d")
    registration_reminder_send(registration=registration, kind="2h")
    other = RegistrationFactory(cafe=registration.cafe)
    registration_receipt_send(registration_id=other.pk)

    uids = [str(parse(m.attachments[0][1]).walk("VEVENT")[0]["uid"]) for m in mail.outbox]
    assert uids[0] == uids[1] == uids[2]
    assert uids[3] != uids[0]


def test_a_winter_cafe_starts_at_09_utc_when_it_is_10_in_stockholm(partnership):
    start = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # Friday 10:00 CET
    registration = RegistrationFactory(
        cafe__company__partnership=partnership, cafe__starts_at=start
    )

    registration_receipt_send(registration_id=registration.pk)

    (event,) = parse(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    assert event.decoded("dtstart") == start


# The volunteer's calendar feed


@pytest.fixture
def rostered(partnership):
    """Two volunteers: Anna has two cafés (one of them cancelled), Bo has one."""
    anna = VolunteerFactory(person__partnership=partnership, person__language="en")
    bo = VolunteerFactory(person__partnership=partnership)
    first = CafeVolunteerFactory(volunteer=anna, cafe__company__partnership=partnership).cafe
    cancelled = CafeVolunteerFactory(
        volunteer=anna,
        cafe__company__partnership=partnership,
        cafe__status=Cafe.Status.CANCELLED,
        role=CafeVolunteer.Role.CHECK_IN,
    ).cafe
    others = CafeVolunteerFactory(volunteer=bo, cafe__company__partnership=partnership).cafe
    return anna, bo, first, cancelled, others


def feed_url(volunteer) -> str:
    return feeds.volunteer_feed_path(volunteer)


def test_the_feed_lists_only_the_volunteers_own_cafes(rostered, settings):
    anna, _bo, first, cancelled, others = rostered
    participant = RegistrationFactory(cafe=first, person__first_name="Hemligholm")

    response = Client().get(feed_url(anna))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store, private"
    calendar = parse(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"vises-cafe-{first.pk}@{host(settings)}",
        f"vises-cafe-{cancelled.pk}@{host(settings)}",
    }
    assert f"vises-cafe-{others.pk}@" not in response.content.decode()
    first_event = events[f"vises-cafe-{first.pk}@{host(settings)}"]
    assert first_event.decoded("dtstart") == first.starts_at
    assert str(first_event["summary"]) == f"Vi Ses! café at {first.company.name}"
    assert "Your role: Host" in str(first_event["description"])
    assert str(events[f"vises-cafe-{cancelled.pk}@{host(settings)}"]["status"]) == "CANCELLED"
    assert participant.person.first_name not in response.content.decode()


def test_cafes_long_past_drop_out_of_the_feed(partnership):
    volunteer = VolunteerFactory(person__partnership=partnership)
    long_ago = datetime.now(UTC) - timedelta(days=90)
    CafeVolunteerFactory(
        volunteer=volunteer,
        cafe__company__partnership=partnership,
        cafe__starts_at=long_ago,
        cafe__ends_at=long_ago + timedelta(hours=1),
    )

    response = Client().get(feed_url(volunteer))

    assert parse(response.content).walk("VEVENT") == []


def test_a_tampered_feed_token_answers_404(rostered):
    anna, bo, *_ = rostered
    token = feeds.volunteer_feed_token(anna)
    forged = f"{bo.pk}{token[token.index(':') :]}"
    registration_style = signing.TimestampSigner(salt="cafes.registration").sign(str(anna.pk))

    for bad in (forged, token[:-1] + ("A" if token[-1] != "A" else "B"), registration_style):
        url = reverse("volunteer_calendar_feed", kwargs={"token": bad})
        assert Client().get(url).status_code == 404


def test_the_feed_of_a_deactivated_volunteer_answers_404(rostered):
    anna, *_ = rostered
    url = feed_url(anna)
    anna.is_active = False
    anna.save()

    assert Client().get(url).status_code == 404


def test_a_feed_token_made_years_ago_still_opens_the_feed(rostered, monkeypatch):
    anna, *_ = rostered
    ten_years_ago = time.time() - 10 * 365 * 24 * 60 * 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: ten_years_ago)
        url = feed_url(anna)

    assert Client().get(url).status_code == 200


def test_the_volunteer_start_page_shows_the_feed_address(partnership, member):
    membership = member(Role.VOLUNTEER)
    volunteer = VolunteerFactory(person__partnership=partnership, user=membership.user)
    client = Client()
    client.force_login(membership.user)

    response = client.get(reverse("partnership_start", kwargs={"slug": partnership.slug}))

    assert response.status_code == 200
    # Read back, not rebuilt: the token carries the second it was signed.
    (address,) = re.findall(
        rf'value="{re.escape(settings.VISES_BASE_URL)}(/feeds/volunteer/[^"]+)"',
        response.content.decode(),
    )
    token = address.removeprefix("/feeds/volunteer/").removesuffix(".ics")
    assert feeds.volunteer_from_feed_token(token) == volunteer


def test_a_volunteer_user_without_a_volunteer_profile_sees_no_feed(partnership, member):
    membership = member(Role.VOLUNTEER)
    client = Client()
    client.force_login(membership.user)

    response = client.get(reverse("partnership_start", kwargs={"slug": partnership.slug}))

    assert response.status_code == 200
    assert "/feeds/volunteer/" not in response.content.decode()
