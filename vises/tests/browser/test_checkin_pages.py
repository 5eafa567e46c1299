"""Check-in on a phone in a real browser: 360 px, accessible, no CSP errors, and a tap that
survives a lost connection (sent again with the same key, carried out once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vises.cafes.models import Registration
from vises.cafes.tests.checkin.support import assign, events, today_cafe, volunteer_member
from vises.cafes.tests.factories import RegistrationFactory
from vises.people.tests.factories import PersonFactory
from vises.tests.browser.support import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(page, registration: Registration, attendance: str) -> None:
    for _ in range(100):
        registration.refresh_from_db()
        if registration.attendance == attendance:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"attendance stayed {registration.attendance!r}")


def test_a_volunteer_checks_people_in_through_a_flaky_connection(
    live_server, phone, tmp_path: Path
) -> None:
    membership = volunteer_member(PersonFactory.create().partnership)
    partnership = membership.partnership
    cafe = today_cafe(partnership, company__name="Saab AB")
    assign(membership, cafe)
    people = {}
    for first, last, number in (
        ("Amina", "Qwertyson", "+46701234567"),
        ("Larysa", "Zyxwinska", "+46707654321"),
        ("Omar", "Plonkfeld", "+46708887766"),
    ):
        person = PersonFactory.create(
            partnership=partnership, first_name=first, last_name=last, phone=number
        )
        people[first] = RegistrationFactory.create(cafe=cafe, person=person)
    log_in(phone, live_server, membership.user)
    url = f"{live_server.url}/p/{partnership.slug}/checkin/{cafe.pk}/"

    phone.goto(url)
    check(phone)
    assert "Qwertyson" not in phone.content()
    phone.screenshot(path=str(tmp_path / "checkin.png"), full_page=True)

    # A plain tap.
    amina = people["Amina"]
    phone.locator(f"#registration-{amina.pk} .checkin-button--came").click()
    wait_for(phone, amina, "attended")
    phone.locator(f"#registration-{amina.pk}.checkin-row--came").wait_for()

    # The request never reaches the server: the page sends it again by itself.
    larysa = people["Larysa"]
    lost: list[str | None] = []

    def lose_the_first(route) -> None:
        if not lost:
            lost.append(route.request.post_data)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    phone.route(f"**/registrations/{larysa.pk}/", lose_the_first)
    phone.locator(f"#registration-{larysa.pk} .checkin-button--away").click()
    wait_for(phone, larysa, "no_show")
    phone.locator(f"#registration-{larysa.pk}.checkin-row--away").wait_for()
    assert len(lost) == 1

    # The server carried the tap out but the answer was lost: the retry, with the same
    # key, changes nothing more.
    omar = people["Omar"]
    answered: list[int] = []

    def lose_the_answer(route) -> None:
        if not answered:
            answered.append(route.fetch().status)  # reaches the server...
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.continue_()

    phone.route(f"**/registrations/{omar.pk}/", lose_the_answer)
    phone.locator(f"#registration-{omar.pk} .checkin-button--came").click()
    phone.locator(f"#registration-{omar.pk}.checkin-row--came").wait_for()
    assert answered == [200]
    omar_events = [
        e for e in events("cafes.registration.checked_in") if e.object_id == str(omar.pk)
    ]
    assert len(omar_events) == 1
    # The browser reports the two lost requests, and nothing else went wrong.
    assert sorted(phone.console_errors) == sorted(
        [
            "Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
            "Failed to load resource: net::ERR_CONNECTION_RESET",
        ]
    )
    phone.console_errors.clear()

    # The counter of employees, and the page still holds up.
    phone.locator("#employees form:has(input[name=delta][value='1']) button").click()
    phone.locator("#employees output").filter(has_text="1").wait_for()
    check(phone)
    assert len(events("cafes.registration.checked_in")) == 3


def test_the_other_pages_on_a_phone(live_server, phone) -> None:
    from vises.cafes.links.feedback import feedback_link, friend_link
    from vises.cafes.models import Cafe
    from vises.people.models import ConsentPurpose
    from vises.people.tests.factories import ConsentTextFactory

    membership = volunteer_member(PersonFactory.create().partnership)
    partnership = membership.partnership
    cafe = today_cafe(partnership, company__name="Saab AB", status=Cafe.Status.HELD)
    assign(membership, cafe)
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)
    came = RegistrationFactory.create(cafe=cafe, attendance="attended")
    log_in(phone, live_server, membership.user)

    for path in (
        f"/p/{partnership.slug}/volunteer/",
        f"/p/{partnership.slug}/checkin/",
        f"/p/{partnership.slug}/checkin/{cafe.pk}/walk-in/",
        feedback_link(came),
        friend_link(cafe),
    ):
        phone.goto(live_server.url + path)
        check(phone)

    # A walk-in with nothing but a first name, on the phone's keyboard.
    phone.goto(f"{live_server.url}/p/{partnership.slug}/checkin/{cafe.pk}/walk-in/")
    phone.locator("input[name=first_name]").fill("Samir")
    phone.locator("input[name=consent]").check()
    phone.locator("form button[type=submit]").last.click()
    phone.locator(".checkin-row--came", has_text="Samir").wait_for()
    check(phone)
