"""The public café pages on a 360 px phone: calendar, sign-up one question at a time, the
confirmation, and the person's own link to cancel; accessible and without CSP errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from vises.cafes.links.registrations import registration_link
from vises.cafes.models import Cafe, CafeDescription, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import ConsentTextFactory
from vises.tests.browser.support import check as check_page
from vises.tests.browser.support import screenshot_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def check(page, name: str, tmp_path: Path) -> None:
    check_page(page, screenshot_path(tmp_path, f"cafes-{name}"))


def test_a_visitor_signs_up_and_a_waiting_person_gets_the_freed_seat(
    live_server, phone, tmp_path: Path
) -> None:
    cafe = CafeFactory.create(
        capacity=1,
        company__name="Bageriet AB",
        description="Välkommen på fika med oss!",
        bus_stop="Resecentrum",
        fika="Kaffe och bullar",
        children_welcome=True,
    )
    CafeDescription.objects.create(cafe=cafe, language="en", text="Welcome to fika with us!")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    phone.context.add_cookies([{"name": "vises_language", "value": "en", "url": live_server.url}])

    phone.goto(live_server.url + "/")
    check(phone, "home", tmp_path)
    phone.goto(live_server.url + "/cafes/")
    assert "Welcome to fika with us!" in phone.locator("main").inner_text()
    check(phone, "calendar", tmp_path)

    phone.get_by_role("link", name="Café at Bageriet AB").click()
    check(phone, "cafe", tmp_path)
    phone.locator("main").get_by_role("link", name="Sign up").click()
    assert phone.locator("main select[name=language]").input_value() == "en"
    check(phone, "signup", tmp_path)

    phone.fill("main input[name=first_name]", "Amina")
    phone.get_by_role("button", name="Sign up").click()
    assert phone.locator(".errorlist").count() == 2  # contact and consent
    check(phone, "signup-errors", tmp_path)

    phone.fill("main input[name=contact]", "070-123 45 67")
    phone.check("input[name=consent]")
    phone.get_by_role("button", name="Sign up").click()
    assert phone.locator("h1").inner_text().endswith("You have a place")
    check(phone, "confirmed", tmp_path)

    # The seat is taken: the next one waits, and gets it when Amina cancels by her link.
    waiting = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.FULL)
    amina = Registration.objects.get(person__first_name="Amina")
    phone.goto(live_server.url + registration_link(amina))
    check(phone, "link", tmp_path)
    phone.get_by_role("link", name="I cannot come: cancel my place").click()
    check(phone, "cancel", tmp_path)
    phone.get_by_role("button", name="Yes, cancel my place").click()
    assert "Your place is cancelled" in phone.locator("main").inner_text()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED

    phone.goto(live_server.url + "/r/not-a-link/")
    check(phone, "link-problem", tmp_path)
