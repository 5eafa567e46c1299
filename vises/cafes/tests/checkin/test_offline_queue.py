"""What the server does for taps the phone kept while offline (vises/static/vises/checkin.js):
a tap sent again after a reload, with the new page's CSRF token, is carried out once; the
page hands the script its sentences in the page's language."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from vises.cafes.models import CheckInKey, Registration
from vises.cafes.tests.checkin.support import assign, events, key, today_cafe, volunteer_member
from vises.cafes.tests.factories import RegistrationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TEXTS = re.compile(r'<script id="checkin-queue-texts" type="application/json">(.*?)</script>')

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe(partnership):
    return today_cafe(partnership)


@pytest.fixture
def browser(partnership, cafe) -> Client:
    """A volunteer's browser that, like a real one, must send the CSRF token."""
    membership = volunteer_member(partnership)
    assign(membership, cafe)
    client = Client(enforce_csrf_checks=True)
    client.force_login(membership.user)
    return client


def list_url(cafe) -> str:
    return f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/"


def page_token(browser: Client, cafe) -> str:
    response = browser.get(list_url(cafe))
    assert response.status_code == 200
    return TOKEN.findall(response.content.decode())[0]


def test_a_tap_replayed_after_a_reload_with_the_new_pages_token_is_carried_out_once(
    cafe, browser
) -> None:
    registration = RegistrationFactory.create(cafe=cafe)
    tap_url = f"{list_url(cafe)}registrations/{registration.pk}/"
    tap = {"key": key(), "attendance": "attended"}
    before_reload = page_token(browser, cafe)

    # The first sending reached the server, but the phone never heard the answer.
    first = browser.post(tap_url, {**tap, "csrfmiddlewaretoken": before_reload}, **HTMX)
    after_reload = page_token(browser, cafe)
    replay = browser.post(tap_url, {**tap, "csrfmiddlewaretoken": after_reload}, **HTMX)

    assert after_reload != before_reload
    assert (first.status_code, replay.status_code) == (200, 200)
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.ATTENDED
    assert CheckInKey.objects.filter(key=tap["key"]).count() == 1
    assert len(events("cafes.registration.checked_in")) == 1

    # Undone since; the same tap replayed once more (a second tab's copy of the queue) does
    # not check the person in again.
    undo = {"key": key(), "attendance": "", "csrfmiddlewaretoken": after_reload}
    assert browser.post(tap_url, undo, **HTMX).status_code == 200
    late = browser.post(tap_url, {**tap, "csrfmiddlewaretoken": after_reload}, **HTMX)
    assert late.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == ""
    assert len(events("cafes.registration.checked_in")) == 2


def test_a_replay_without_a_valid_token_is_refused_and_changes_nothing(cafe, browser) -> None:
    registration = RegistrationFactory.create(cafe=cafe)
    tap_url = f"{list_url(cafe)}registrations/{registration.pk}/"

    response = browser.post(tap_url, {"key": key(), "attendance": "attended"}, **HTMX)

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.attendance == ""
    assert CheckInKey.objects.count() == 0


def test_the_page_gives_the_script_its_sentences_in_swedish(cafe, browser) -> None:
    html = browser.get(list_url(cafe)).content.decode()

    texts = json.loads(TEXTS.findall(html)[0])
    assert len(texts["counts"]) == 60
    assert texts["counts"][0] == "1 incheckning väntar på att skickas."
    assert texts["counts"][2] == "3 incheckningar väntar på att skickas."
    assert texts["many"] == "Fler än 60 incheckningar väntar på att skickas."
    assert texts["kept"] == (
        "De sparas i den här telefonen. De skickas när det finns nätverk och den här sidan "
        "är öppen."
    )
    assert texts["failed"] == "Några tryck kunde inte sparas. Läs meddelandena i listan."
    assert (
        f'<div id="checkin-queue" class="checkin-queue" role="status" aria-live="polite" '
        f'data-checkin-queue="{list_url(cafe)}"'
    ) in html
