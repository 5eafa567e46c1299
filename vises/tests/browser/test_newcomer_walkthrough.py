"""A newcomer signs up in Arabic on a phone (issue 9, point 8), as a person would: the phone
asks for Arabic (Accept-Language), she opens the public calendar, picks a café, signs up with
her first name in Arabic script and her mobile number, gets the receipt page, reads the SMS
the app sent and opens its link: her registration page, in Arabic.

Each step is saved for a person to look at: var/screenshots/newcomer-ar-1-calendar.png,
-2-signup.png, -3-receipt.png, -4-message.png (the SMS drawn on a plain page; its text is
beside it in -4-message.txt) and -5-link.png.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from vises.cafes.models import Registration
from vises.cafes.tests.factories import CafeFactory
from vises.common import sms
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import ConsentTextFactory
from vises.tests.browser.support import check, submit

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
ARABIC = re.compile(r"[\u0600-\u06ff]")
NAME = "أمينة"


@pytest.fixture(autouse=True)
def _immediate(settings, live_server) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The receipt goes out right after the sign-up commits, with links to this server.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VISES_BASE_URL = live_server.url


def arabic(message: str) -> str:
    with translation.override("ar"):
        return gettext(message)


def shot(page, step: str) -> None:
    page.screenshot(path=str(SHOTS / f"newcomer-ar-{step}.png"), full_page=True)


def assert_arabic_page(page) -> None:
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_a_newcomer_signs_up_in_arabic_on_a_phone_and_opens_the_link_of_her_sms(
    chromium, live_server
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    cafe = CafeFactory.create(
        company__name="Bageriet AB",
        description="Välkommen på fika med oss!",
        bus_stop="Resecentrum",
        fika="Kaffe och bullar",
    )
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="ar",
        extra_http_headers={"Accept-Language": "ar,en;q=0.5"},
        base_url=live_server.url,
    )
    phone = context.new_page()
    phone.console_errors = []
    phone.on(
        "console",
        lambda message: message.type == "error" and phone.console_errors.append(message.text),
    )
    try:
        # 1. The calendar of the cafés.
        phone.goto("/cafes/")
        assert_arabic_page(phone)
        assert phone.locator("h1").inner_text() == arabic("Upcoming cafés")
        shot(phone, "1-calendar")

        # 2. She picks the café and its sign-up; the language we write in is hers already.
        phone.locator(f"main a[href='/cafes/{cafe.pk}/']").first.click()
        phone.locator(f"main a[href='/cafes/{cafe.pk}/signup/']").first.click()
        assert_arabic_page(phone)
        assert phone.locator("main select[name=language]").input_value() == "ar"
        phone.fill("main input[name=first_name]", NAME)
        phone.fill("main input[name=contact]", "070-123 45 67")
        phone.check("main input[name=consent]")
        # Her number reads as she typed it, not mirrored into "123-070 45 67".
        contact = phone.locator("main input[name=contact]")
        assert contact.evaluate("e => getComputedStyle(e).direction") == "ltr"
        shot(phone, "2-signup")
        check(phone)

        # 3. The receipt page, in Arabic.
        submit(phone)
        assert_arabic_page(phone)
        assert phone.locator("h1").inner_text().endswith(arabic("You have a place"))
        assert ARABIC.search(arabic("You have a place"))
        shot(phone, "3-receipt")
        check(phone)
        registration = Registration.objects.get(person__first_name=NAME)
        assert registration.person.phone == "+46701234567"
        assert registration.person.language == "ar"

        # 4. She reads the SMS: short, in Arabic, the company isolated, and her link.
        (message,) = sms.outbox
        assert message.to == "+46701234567"
        assert message.body.startswith(arabic("You have a place"))
        assert "\u2068" in message.body and "\u2069" in message.body
        assert len(ARABIC.findall(message.body)) > 15
        (SHOTS / "newcomer-ar-4-message.txt").write_text(message.as_text())
        # Drawn on a blank page of its own (not one of ours, whose CSP forbids inline style).
        reader = context.new_page()
        # Each line takes its direction from its first letter, as a phone's messages app
        # does.
        lines = "".join(
            f'<div dir="auto">{html.escape(line) or "&nbsp;"}</div>'
            for line in message.body.splitlines()
        )
        reader.set_content(
            '<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">'
            '<body style="margin:0;font-family:sans-serif;background:#ececec">'
            '<div style="margin:16px;padding:12px 14px;background:#fff;border-radius:16px;'
            f'overflow-wrap:anywhere;line-height:1.45">{lines}</div></body></html>'
        )
        shot(reader, "4-message")
        reader.close()
        (link,) = re.findall(rf"{re.escape(live_server.url)}/r/[^\s/]+/", message.body)

        # 5. The link opens her registration, in Arabic.
        phone.goto(link)
        assert_arabic_page(phone)
        assert NAME in phone.locator("h1").inner_text()
        shot(phone, "5-link")
        check(phone)
    finally:
        context.close()
