"""A volunteer checks people in from a basement on a 360 px phone: taps made without a
connection are kept in the browser, survive a closed tab and a reload, are sent in the order
they were made when the connection returns, and the page says how many wait.

Screenshots of each step go to var/screenshots/ (VISES_SCREENSHOTS overrides) for a look.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from vises.cafes.models import CheckInKey, Registration
from vises.cafes.tests.checkin.support import assign, events, today_cafe, volunteer_member
from vises.cafes.tests.factories import RegistrationFactory
from vises.people.tests.factories import PersonFactory
from vises.tests.browser.support import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(
    os.environ.get("VISES_SCREENSHOTS") or Path(__file__).resolve().parents[3] / "var/screenshots"
)
ONE_WAITS = "1 incheckning väntar på att skickas."
KEPT = "De sparas i den här telefonen. De skickas när det finns nätverk och den här sidan är öppen."
# What Chromium logs for a request that the missing network (or the test) stopped.
LOST = {
    "Failed to load resource: net::ERR_INTERNET_DISCONNECTED",
    "Failed to load resource: net::ERR_FAILED",
}


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"volunteer-offline-{name}.png"), full_page=True)


class Ignoring(list):
    """Console errors, less the lines expected of a request the network (or the test) stopped;
    check() then still fails on anything else."""

    def __init__(self, expected: set[str]) -> None:
        super().__init__()
        self.expected = expected

    def append(self, text: str) -> None:
        if text not in self.expected:
            super().append(text)


def offline_tolerant(page, *expected: str):
    """Record the page's console errors, the lost requests aside (also for pages opened later)."""
    if not hasattr(page, "console_errors"):
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
    page.console_errors = Ignoring(LOST | set(expected))
    return page


def posts_into(posts: list[str]):
    """A request listener that keeps the URLs of POST requests."""

    def record(request) -> None:
        if request.method == "POST":
            posts.append(request.url)

    return record


def wait_for(registration: Registration, attendance: str, page) -> None:
    for _ in range(150):
        registration.refresh_from_db()
        if registration.attendance == attendance:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"attendance stayed {registration.attendance!r}")


def door(partnership, cafe, *names: str) -> dict[str, Registration]:
    registrations = {}
    for first, last in (name.split() for name in names):
        person = PersonFactory.create(partnership=partnership, first_name=first, last_name=last)
        registrations[first] = RegistrationFactory.create(cafe=cafe, person=person)
    return registrations


@pytest.fixture
def volunteer(live_server):
    membership = volunteer_member(PersonFactory.create().partnership)
    cafe = today_cafe(membership.partnership, company__name="Saab AB")
    assign(membership, cafe)
    return membership, cafe


def list_url(live_server, cafe) -> str:
    return f"{live_server.url}/p/{cafe.partnership.slug}/checkin/{cafe.pk}/"


def queued(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('vises.checkin.queue:'))"
    )


def test_a_tap_made_offline_survives_a_closed_tab(live_server, phone, volunteer) -> None:
    """The network is gone (context offline), the volunteer taps, puts the phone away and the
    tab is closed; later, with a connection, they open the check-in page again. A reload
    while offline cannot load the page at all, so closing the tab and opening the page again
    online is what really happens after a dead spot."""
    membership, cafe = volunteer
    amina = door(cafe.partnership, cafe, "Amina Qwertyson")["Amina"]
    offline_tolerant(phone)
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    row = phone.locator(f"#registration-{amina.pk}")
    expect(row.locator("[data-status]")).to_have_text("Inte incheckad")
    shot(phone, "1-open")

    phone.context.set_offline(True)
    row.locator(".checkin-button--came").click()

    queue = phone.locator("#checkin-queue p")
    expect(queue).to_have_text([ONE_WAITS, KEPT])
    expect(row.locator("[data-pending-status]")).to_have_text("Väntar på att skickas")
    expect(row.locator("[data-status]")).to_be_hidden()
    expect(row.locator(".checkin-button--came")).to_have_attribute("aria-pressed", "true")
    shot(phone, "2-tapped-offline")
    check(phone)  # axe on the page in its waiting state
    amina.refresh_from_db()
    assert amina.attendance == ""

    context = phone.context
    phone.close()
    context.set_offline(False)
    again = offline_tolerant(context.new_page())
    again.goto(list_url(live_server, cafe))

    wait_for(amina, "attended", again)
    row = again.locator(f"#registration-{amina.pk}.checkin-row--came")
    expect(row.locator("[data-status]")).to_have_text("Kom")
    expect(again.locator("#checkin-queue")).to_be_empty()
    expect(again.locator("#checkin-summary")).to_contain_text("1 kom")
    assert queued(again) == []
    assert CheckInKey.objects.filter(registration=amina).count() == 1
    assert len(events("cafes.registration.checked_in")) == 1
    shot(again, "3-sent-after-reopening")
    check(again)


def test_a_tap_lost_in_a_basement_still_waits_after_a_reload(live_server, phone, volunteer) -> None:
    """In a basement the connection comes and goes: the tap is lost (its route aborted) but
    the volunteer's reload gets through. The reloaded page shows the person as waiting to
    be sent, not as not checked in, and sends the tap when the check-in route works again."""
    membership, cafe = volunteer
    amina = door(cafe.partnership, cafe, "Amina Qwertyson")["Amina"]
    offline_tolerant(phone)
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    sent: list[str | None] = []

    def basement(route) -> None:
        sent.append(route.request.post_data)
        route.abort("failed")

    tap_route = f"**/registrations/{amina.pk}/"
    phone.route(tap_route, basement)
    phone.locator(f"#registration-{amina.pk} .checkin-button--came").click()
    expect(phone.locator("#checkin-queue p").first).to_have_text(ONE_WAITS)

    phone.reload()
    row = phone.locator(f"#registration-{amina.pk}")
    expect(row.locator("[data-pending-status]")).to_be_visible()
    expect(row.locator("[data-pending-status]")).to_have_text("Väntar på att skickas")
    expect(row.locator("[data-status]")).to_be_hidden()
    expect(row.locator("[data-pending]")).to_have_text(
        "Inte sparat än: ingen anslutning. Försöker igen …"
    )
    expect(phone.locator("#checkin-queue p").first).to_have_text(ONE_WAITS)
    for _ in range(50):  # tried before the reload, and again as soon as the page is back
        if len(sent) >= 2:
            break
        phone.wait_for_timeout(100)
    assert len(sent) >= 2
    shot(phone, "4-waiting-after-reload")
    check(phone)

    phone.unroute(tap_route)
    wait_for(amina, "attended", phone)
    expect(phone.locator(f"#registration-{amina.pk}.checkin-row--came")).to_be_visible()
    expect(phone.locator("#checkin-queue")).to_be_empty()
    # Every sending carried the same key, and the token of the page that sent it.
    sendings = [parse_qs(body or "") for body in sent]
    assert {sending["key"][0] for sending in sendings} == {sendings[0]["key"][0]}
    assert sendings[0]["csrfmiddlewaretoken"] != sendings[-1]["csrfmiddlewaretoken"]
    assert CheckInKey.objects.filter(registration=amina).count() == 1
    assert len(events("cafes.registration.checked_in")) == 1
    assert queued(phone) == []
    shot(phone, "5-sent-after-reload")
    check(phone)


def test_two_offline_taps_are_sent_in_the_order_they_were_made(
    live_server, phone, volunteer
) -> None:
    membership, cafe = volunteer
    people = door(cafe.partnership, cafe, "Omar Plonkfeld", "Larysa Zyxwinska")
    larysa, omar = people["Larysa"], people["Omar"]
    offline_tolerant(phone)
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    answered: list[str] = []

    def record(response) -> None:
        if response.request.method == "POST":
            answered.append(response.url.removeprefix(live_server.url))

    phone.on("response", record)

    phone.context.set_offline(True)
    # Larysa is lower on the list, and tapped first.
    phone.locator(f"#registration-{larysa.pk} .checkin-button--came").click()
    phone.locator(f"#registration-{omar.pk} .checkin-button--away").click()
    expect(phone.locator("#checkin-queue p").first).to_have_text(
        "2 incheckningar väntar på att skickas."
    )
    shot(phone, "6-two-taps-offline")
    check(phone)

    phone.context.set_offline(False)
    wait_for(omar, "no_show", phone)
    wait_for(larysa, "attended", phone)
    expect(phone.locator("#checkin-queue")).to_be_empty()

    base = f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/registrations"
    assert answered == [f"{base}/{larysa.pk}/", f"{base}/{omar.pk}/"]
    assert larysa.checked_in_at is not None and omar.checked_in_at is not None
    assert larysa.checked_in_at < omar.checked_in_at
    assert CheckInKey.objects.count() == 2
    shot(phone, "7-two-taps-sent")
    check(phone)


def test_a_refused_tap_is_marked_and_not_sent_again(live_server, phone, volunteer) -> None:
    """The person cancelled while the phone was offline: the server refuses the tap (409).
    The row says so with the server's words, the tap is not sent again, and a newer tap on
    the row would replace it."""
    membership, cafe = volunteer
    amina = door(cafe.partnership, cafe, "Amina Qwertyson")["Amina"]
    offline_tolerant(
        phone, "Failed to load resource: the server responded with a status of 409 (Conflict)"
    )
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    posts: list[str] = []
    phone.on("request", posts_into(posts))

    phone.context.set_offline(True)
    phone.locator(f"#registration-{amina.pk} .checkin-button--came").click()
    expect(phone.locator("#checkin-queue p").first).to_have_text(ONE_WAITS)
    Registration.objects.filter(pk=amina.pk).update(status=Registration.Status.CANCELLED)
    phone.context.set_offline(False)

    failed = phone.locator(f"#registration-{amina.pk} [data-failed]")
    expect(failed).to_have_text("Den här personen kan inte längre checkas in här. Ladda om sidan.")
    expect(phone.locator("#checkin-queue p")).to_have_text(
        ["Några tryck kunde inte sparas. Läs meddelandena i listan."]
    )
    refused = len(posts)
    phone.wait_for_timeout(2500)  # longer than the first two back-offs
    assert len(posts) == refused
    shot(phone, "8-refused")
    check(phone)
    amina.refresh_from_db()
    assert amina.attendance == ""


def test_a_cafes_queue_is_sent_only_from_its_own_page(live_server, phone, volunteer) -> None:
    """The queue is kept per café and sent only by that café's check-in page: the volunteer
    who opens another café's list sees neither the count nor a request for the first café."""
    membership, cafe = volunteer
    other = today_cafe(membership.partnership, company__name="Volvo AB")
    assign(membership, other)
    amina = door(cafe.partnership, cafe, "Amina Qwertyson")["Amina"]
    door(other.partnership, other, "Omar Plonkfeld")
    offline_tolerant(phone)
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    phone.context.set_offline(True)
    phone.locator(f"#registration-{amina.pk} .checkin-button--came").click()
    expect(phone.locator("#checkin-queue p").first).to_have_text(ONE_WAITS)
    context = phone.context
    phone.close()
    context.set_offline(False)
    page = offline_tolerant(context.new_page())
    posts: list[str] = []
    page.on("request", posts_into(posts))

    page.goto(list_url(live_server, other))
    page.wait_for_timeout(1500)

    expect(page.locator("#checkin-queue")).to_be_empty()
    assert posts == []
    assert len(queued(page)) == 1
    amina.refresh_from_db()
    assert amina.attendance == ""
    check(page)
    page.goto(list_url(live_server, cafe))
    wait_for(amina, "attended", page)
    expect(page.locator("#checkin-queue")).to_be_empty()
    assert queued(page) == []
    assert len(posts) == 1


def test_employee_taps_offline_all_count(live_server, phone, volunteer) -> None:
    """The employee counter's − and + go through the same queue; two taps on + are two
    employees (each its own key), not one tap sent twice."""
    from vises.cafes.models import EmployeeCount

    membership, cafe = volunteer
    offline_tolerant(phone)
    log_in(phone, live_server, membership.user)
    phone.goto(list_url(live_server, cafe))
    plus = phone.locator("#employees form:has(input[name=delta][value='1']) button")

    phone.context.set_offline(True)
    plus.click()
    plus.click()
    expect(phone.locator("#checkin-queue p").first).to_have_text(
        "2 incheckningar väntar på att skickas."
    )
    expect(phone.locator("#employees [data-pending]")).to_be_visible()
    check(phone)
    context = phone.context
    phone.close()
    context.set_offline(False)
    page = offline_tolerant(context.new_page())
    page.goto(list_url(live_server, cafe))

    expect(page.locator("#employees output")).to_have_text("2")
    expect(page.locator("#checkin-queue")).to_be_empty()
    assert EmployeeCount.objects.get(cafe=cafe).present == 2
    assert CheckInKey.objects.filter(action=CheckInKey.Action.EMPLOYEES).count() == 2
    check(page)
