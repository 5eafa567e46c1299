"""Every participant SMS fits its budget of parts, in every language, now and after the
translators fill the catalogues (docs/sms.md, "Budgets").

Each message's SMS template is rendered in every language of settings.LANGUAGES with a long
but real company name (40 characters), the longest weekday of the language, and real signed
links under a 30-character VISES_BASE_URL. What the translation holds today must fit: 2 parts
in GSM-7 (306 septets) and 3 in UCS-2 (201 code units) for receipts and reminders, 3 for the
others. And so must the worst plausible translation: the message's fixed words at 1.2 times
the longest of English, Swedish and the language's own, sent as UCS-2 (Arabic, Tigrinya), with the
names, dates and links as they are.
"""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from vises.cafes.links.feedback import feedback_link
from vises.cafes.links.registrations import registration_link, registration_token
from vises.cafes.models import Registration
from vises.common.signed_links import link_sign, link_sign_object
from vises.common.sms_parts import UCS2_MULTI, sms_parts
from vises.matching.links import ANSWER, FOLLOWUP
from vises.people.models import Person
from vises.people.outbox.channels import tidy
from vises.people.services.links import person_link

BASE_URL = "https://vises.ornskoldsviks.se"
COMPANY = "Höga Kustens Bygg- och Fastighetsservice"
# The number of parts each message may take, by GSM-7 and by UCS-2.
RECEIPTS_AND_REMINDERS = [
    "receipt_confirmed",
    "receipt_waitlisted",
    "signup_repeated",
    "reminder_2d",
    "reminder_2h",
]
OTHERS = ["invitation", "promotion", "cancellation", "feedback_request", "person_link"]
# A language-friend pair's messages (vises.matching.messages): they name the other person.
PAIRS = [
    "pair_proposal",
    "pair_reminder",
    "pair_introduction",
    "pair_not_going_ahead",
    "followup_request",
]
BUDGET = {name: (2, 3) for name in RECEIPTS_AND_REMINDERS} | {
    name: (3, 3) for name in OTHERS + PAIRS
}
OTHER = "Anna-Karin Elisabeth"  # the other person of a pair, by first name
# Translations may run longer than English; this much is planned for.
TRANSLATION_FACTOR = 1.2
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Registrations and persons numbered in the millions: the longest ids a link will carry.
LARGE_ID = 9_999_999
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(autouse=True)
def _long_base_url(settings) -> None:
    assert (len(BASE_URL), len(COMPANY)) == (30, 40)
    settings.VISES_BASE_URL = BASE_URL


def longest_weekday() -> str:
    days = [datetime(2025, 9, day, 14, 0, tzinfo=STOCKHOLM) for day in range(22, 29)]
    return max((formats.date_format(day, "l") for day in days), key=len)


def links() -> dict[str, str]:
    registration = Registration(pk=LARGE_ID)
    person = Person(pk=LARGE_ID)
    token = registration_token(registration)
    return {
        "registration_url": BASE_URL + registration_link(registration),
        "invitation_url": BASE_URL + reverse("invitation_page", kwargs={"token": token}),
        "feedback_url": BASE_URL + feedback_link(registration),
        "cafes_url": BASE_URL + reverse("cafes_public_calendar"),
        "self_service_url": BASE_URL + person_link(person=person),
        "concern_url": BASE_URL + person_link(person=person) + "concern/",
        "answer_url": BASE_URL
        + reverse(
            "pair_answer",
            kwargs={"token": link_sign_object(ANSWER, {"pair": LARGE_ID, "side": "p"})},
        ),
        "followup_url": BASE_URL
        + reverse("pair_followup", kwargs={"token": link_sign(FOLLOWUP, LARGE_ID)}),
    }


def context(status: str) -> dict[str, object]:
    return {
        "sms": True,
        "first_name": "Mohammed-Abdirahman",
        "company": COMPANY,
        "weekday": longest_weekday(),
        "day_month": "24/12",
        "start": "14:00",
        "end": "16:00",
        "days": 30,
        "status": status,
        "position": 12,
        "invited_until": "24 december 14:00",
        "other": OTHER,
        "other_phone": "+46701234567",
        "other_email": "anna-karin.elisabeth.lindqvist@example.org",
        "month": 6,
        **links(),
    }


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def render(name: str, values: dict[str, object]) -> str:
    return tidy(render_to_string(f"messages/sms/{name}.txt", values)).rstrip("\n")


def empty(values: dict[str, object]) -> dict[str, object]:
    """The same context with every text value empty: what is left are the fixed words."""
    return {key: "" if isinstance(value, str) else value for key, value in values.items()}


STATUSES = {"signup_repeated": ["confirmed", "waitlisted", "invited"]}
CASES = [
    (name, status, language)
    for name in BUDGET
    for status in STATUSES.get(name, ["confirmed"])
    for language in LANGUAGES
]


@pytest.mark.parametrize(("name", "status", "language"), CASES)
def test_the_sms_fits_its_parts_as_translated_now(name, status, language):
    with translation.override(language):
        text = render(name, context(status))

    parts = sms_parts(text)
    gsm7_budget, ucs2_budget = BUDGET[name]
    budget = gsm7_budget if parts.encoding == "gsm7" else ucs2_budget
    assert parts.parts <= budget, (parts, text)
    assert text.splitlines()[-1].startswith(f"{BASE_URL}/")
    if name in PAIRS:
        assert name == "pair_not_going_ahead" or OTHER in text
    else:
        assert name == "person_link" or COMPANY in text


@pytest.mark.parametrize(("name", "status", "language"), CASES)
def test_the_sms_fits_three_ucs2_parts_even_translated_longer(name, status, language):
    values = context(status)
    # The longest of the English msgid and the Swedish text (what a missing translation
    # falls back to) stands for what a translator starts from.
    source_fixed = 0
    for source in ("en", "sv"):
        with translation.override(source):
            source_fixed = max(source_fixed, utf16_units(render(name, empty(values))))
    with translation.override(language):
        text = render(name, values)
        fixed = utf16_units(render(name, empty(values)))
    variable = utf16_units(text) - fixed
    # As UCS-2, with the isolates a right-to-left translation puts around the name.
    isolates = 0 if translation.get_language_info(language)["bidi"] else 2
    worst = math.ceil(TRANSLATION_FACTOR * max(fixed, source_fixed)) + variable + isolates

    assert worst <= 3 * UCS2_MULTI, f"{name} ({language}): {worst} units"
