"""What every browser test checks on a page, and how it logs a user in."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Only the violations are reported: the passes are what takes axe the longest to list.
    "resultTypes": ["violations"],
}
PHONE_WIDTH = 360
# Set VISES_SCREENSHOTS=/some/dir to keep the screenshots for a look.
SHOTS = os.environ.get("VISES_SCREENSHOTS")


def check(page, shot: Path | None = None) -> None:
    """The page passes axe (WCAG 2.1 AA), fits a 360 px phone and logged no console or CSP
    error; with `shot`, a full-page screenshot is taken first."""
    if shot is not None:
        page.screenshot(path=str(shot), full_page=True)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} is {width} px wide on a {PHONE_WIDTH} px phone"
    assert page.console_errors == []


def screenshot_path(tmp_path: Path, name: str) -> Path:
    return Path(SHOTS or tmp_path) / f"{name}.png"


def log_in(page, live_server, user) -> None:
    """Hand the browser a logged-in session (the login form itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def visitor(chromium, live_server, language: str, *, width: int = PHONE_WIDTH, height: int = 740):
    """A new page on a phone whose visitor reads `language`, set the way a visitor sets it:
    the browser asks for it (Accept-Language) and the language switch's cookie holds it (the
    pages behind a personal link follow the cookie before the person's own language).
    Relative paths open on the live server; console and CSP errors are recorded as by the
    `phone` fixture. Close `page.context` when done."""
    context = chromium.new_context(
        viewport={"width": width, "height": height},
        locale=language,
        extra_http_headers={"Accept-Language": language},
        base_url=live_server.url,
    )
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    return page


def submit(page, press: Callable[[], None] | None = None) -> None:
    """Send the page's main form (its submit button, or `press`: a key press) and wait for the
    answer's page: until then the old page still counts as loaded, so reading it would race."""
    with page.expect_navigation():
        if press is None:
            page.locator("main form button[type=submit]").click()
        else:
            press()
