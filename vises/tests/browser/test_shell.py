"""The UI shell as a person on a phone meets it: 360 px, keyboard, screen reader, CSP."""

from __future__ import annotations

from pathlib import Path

import pytest

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD, MembershipFactory
from vises.tests.browser.support import check

pytestmark = pytest.mark.django_db(transaction=True)


def test_front_page_on_a_phone(live_server, phone, tmp_path: Path) -> None:
    phone.goto(live_server.url + "/")

    assert phone.locator("html").get_attribute("lang") == "sv"
    assert phone.locator("h1").inner_text() == "Vi Ses!"
    check(phone)
    # The skip link is the first stop of the keyboard and shows when focused.
    phone.keyboard.press("Tab")
    skip = phone.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    skip.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    assert phone.console_errors == []
    phone.screenshot(path=str(tmp_path / "front.png"), full_page=True)


def test_coordinator_logs_in_and_reaches_the_start_page(live_server, phone) -> None:
    membership = MembershipFactory.create(role=Role.COORDINATOR)
    slug = membership.partnership.slug

    phone.goto(live_server.url + "/accounts/login/")
    check(phone)
    phone.fill("input[name=login]", membership.user.username)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{live_server.url}/p/{slug}/")

    assert phone.locator(".partnership-name").inner_text() == membership.partnership.name
    nav = phone.get_by_role("navigation")
    # start, operations, cafés, language friends, companies, people, agreement, economy,
    # statistics, annual report, steering group, consent texts
    assert nav.get_by_role("link").count() == 12
    assert nav.locator("[aria-current=page]").count() == 1
    check(phone)
    assert phone.console_errors == []


def test_language_switch_keeps_the_address(live_server, phone) -> None:
    phone.goto(live_server.url + "/")
    phone.select_option("#language-select", "en")
    phone.get_by_role("button", name="Byt").click()
    phone.wait_for_load_state()

    assert phone.url == live_server.url + "/"
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("link", name="Log in").first.is_visible()

    phone.select_option("#language-select", "ar")
    phone.get_by_role("button", name="Change").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
