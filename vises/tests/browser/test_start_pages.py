"""Each role's start page with the demo data in a real browser at 360 px: accessible (axe,
WCAG 2.1 AA), no sideways scrolling, no CSP or console errors, and the figures the
selectors give (vises/tests/test_start_pages.py checks them exactly)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from vises.tests.browser.support import check, log_in, screenshot_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("demo-coordinator", "Kommande caféer"),
        ("demo-manager", "Kommande caféer"),
        ("demo-municipal", "Personer som arbetar i partnerskapet"),
        ("demo-volunteer", "Mina nästa caféer"),
        ("demo-company", "Ert nästa café"),
        ("demo-admin", "Administration"),
    ],
)
def test_every_start_page_reads_well_on_a_phone(
    live_server, phone, settings, tmp_path, username, heading
) -> None:
    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    log_in(phone, live_server, get_user_model().objects.get(username=username))

    phone.goto(f"{live_server.url}/p/vi-ses/")

    assert phone.get_by_role("heading", name=heading).count() >= 1
    check(phone, screenshot_path(tmp_path, f"start-{username}"))
