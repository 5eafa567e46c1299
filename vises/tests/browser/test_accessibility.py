"""WCAG 2.1 AA on every page a visitor, a participant or a volunteer meets (issue 9, point 7),
in Swedish, Arabic (right to left) and Tigrinya (its own script): axe-core (the WCAG 2.1 A
and AA rules) finds 0 violations, the page fits a 360 px phone without sideways scrolling,
and the browser logged no console or CSP error. Each test is one (page, language), so a
failure names both.

The language is set as a visitor sets it: the browser's Accept-Language, and the language
switch's cookie (which the pages behind a personal link follow before the person's own
language). What axe cannot see is tested here too: the layout mirrors in Arabic (the brand
on the right, the language switch on the left), and the sign-up works by keyboard alone, at
200 % zoom and at 320 and 360 CSS px (WCAG 2.1.1, 2.4.3, 1.4.4, 1.4.10).

The pages that are the accessibility statement's subject are listed in PAGES; the statement
(/accessibility/) says what this module checks, and its date is REVIEWED_ON.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from vises.cafes.links.feedback import feedback_link, friend_link
from vises.cafes.links.registrations import MAX_AGE_SECONDS, registration_link
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.checkin.support import assign, today_cafe, volunteer_member
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.partnerships.models import Membership, Partnership
from vises.partnerships.statement import DIGG_COMPLAINT_URL, REVIEWED_ON
from vises.people.models import ConsentPurpose, Person
from vises.people.services.links import person_link
from vises.people.tests.factories import (
    ConsentRecordFactory,
    ConsentTextFactory,
    PersonFactory,
)
from vises.tests.browser.support import check, log_in, submit, visitor

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["sv", "ar", "ti"]


@pytest.fixture(autouse=True)
def _cache(settings) -> None:
    # Sign-up and new-link rate limits count in the cache: one fresh cache per test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@dataclass
class World:
    """What the pages need: a partnership with an open café, a held café of today with a
    volunteer, a person with a registration, an invitation and consents."""

    partnership: Partnership
    cafe: Cafe
    held: Cafe
    registration: Registration
    invited: Registration
    attended: Registration
    person: Person
    volunteer: Membership


@pytest.fixture
def world(request) -> World:
    callspec = getattr(request.node, "callspec", None)
    language = callspec.params.get("language", "sv") if callspec else "sv"
    cafe = CafeFactory.create(
        company__name="Bageriet AB",
        description="Välkommen på fika med oss!",
        bus_stop="Resecentrum",
        fika="Kaffe och bullar",
        children_welcome=True,
    )
    partnership = cafe.partnership
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)
    person = PersonFactory.create(
        partnership=partnership, first_name="Amina", last_name="Yusuf", language=language
    )
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES):
        ConsentRecordFactory.create(person=person, purpose=purpose)
    registration = RegistrationFactory.create(cafe=cafe, person=person)
    invited = RegistrationFactory.create(
        cafe=cafe,
        person__language=language,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(days=1),
    )
    volunteer = volunteer_member(partnership)
    held = today_cafe(partnership, company__name="Saab AB", status=Cafe.Status.HELD)
    assign(volunteer, held)
    attended = RegistrationFactory.create(
        cafe=held, person__language=language, attendance=Registration.Attendance.ATTENDED
    )
    return World(partnership, cafe, held, registration, invited, attended, person, volunteer)


def _expired_link(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = time.time() - MAX_AGE_SECONDS - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: made)
    link = registration_link(world.registration)
    monkeypatch.undo()
    page.goto(link)
    assert page.locator("h1").inner_text() == _in(page, "This link is too old")


def _not_found(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == _in(page, "We could not find that page")
    # The browser logs the status; that is the page's purpose, not an error of it.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    page.console_errors.clear()


def _in(page, message: str) -> str:
    """The message as the page's language says it."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return gettext(message)


def _signup_with_errors(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(f"/cafes/{world.cafe.pk}/signup/")
    page.fill("main input[name=first_name]", "Amina")
    submit(page)
    assert page.locator("main .errorlist").count() == 2  # contact and consent


def _receipt(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(f"/cafes/{world.cafe.pk}/signup/")
    page.fill("main input[name=first_name]", "Samir")
    page.fill("main input[name=contact]", "070-765 43 21")
    page.check("main input[name=consent]")
    submit(page)
    assert Registration.objects.filter(person__first_name="Samir").count() == 1


def _about_you(birth_year: str) -> Step:
    """The optional questions of the confirmation page, answered (or answered wrong)."""

    def step(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        _receipt(page, world, monkeypatch)
        page.fill("main input[name=birth_year]", birth_year)
        submit(page)

    return step


def _link_sent(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto("/me/")
    page.fill("main input[name=contact]", "070-123 45 67")
    submit(page)


def _feedback_thanks(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(feedback_link(world.attended))
    for name in ("workplace", "study_paths", "wants_language_friend"):
        page.locator(f"main input[name={name}]").first.check()
    submit(page)


def _concern_sent(page, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(person_link(person=world.person) + "concern/")
    page.locator("main textarea").fill("Jag vill veta vem som ser mitt nummer.")
    submit(page)


Step = Callable[..., object]


def go(path: Callable[[World], str]) -> Step:
    """The step that opens one address."""
    return lambda page, world, monkeypatch: page.goto(path(world))


def me(rest: str = "") -> Step:
    return go(lambda world: person_link(person=world.person) + rest)


def r(rest: str = "") -> Step:
    return go(lambda world: registration_link(world.registration) + rest)


# name: how to get there (an address, or the steps a visitor takes).
PAGES: dict[str, Step] = {
    "home": go(lambda world: "/"),
    "calendar": go(lambda world: "/cafes/"),
    "cafe": go(lambda world: f"/cafes/{world.cafe.pk}/"),
    "signup": go(lambda world: f"/cafes/{world.cafe.pk}/signup/"),
    "signup-errors": _signup_with_errors,
    "receipt": _receipt,
    "about-you-thanks": _about_you("1985"),
    "about-you-errors": _about_you("1800"),
    "registration": r(),
    "registration-cancel": r("cancel/"),
    "registration-language": r("language/"),
    "invitation": go(
        lambda world: registration_link(world.invited).replace("/r/", "/invitations/", 1)
    ),
    "feedback": go(lambda world: feedback_link(world.attended)),
    "feedback-thanks": _feedback_thanks,
    "friend-signup": go(lambda world: friend_link(world.held)),
    "me-request": go(lambda world: "/me/"),
    "me-link-sent": _link_sent,
    "me": me(),
    "me-change": me("change/email/"),
    "me-consent": me("consent/"),
    "me-erase": me("erase/"),
    "me-concern": me("concern/"),
    "me-concern-sent": _concern_sent,
    "me-erased": go(lambda world: "/me/erased/"),
    "privacy": go(lambda world: "/privacy/"),
    "accessibility": go(lambda world: "/accessibility/"),
    "link-invalid": go(lambda world: "/r/not-a-link/"),
    "link-expired": _expired_link,
    "not-found": _not_found,
    "host": go(lambda world: f"/host/{world.partnership.slug}/"),
    "host-thanks": go(lambda world: f"/host/{world.partnership.slug}/thanks/"),
    "login": go(lambda world: "/accounts/login/"),
}
# A volunteer's pages, logged in.
VOLUNTEER_PAGES: dict[str, Step] = {
    "volunteer-start": go(lambda world: f"/p/{world.partnership.slug}/"),
    "volunteer-cafes": go(lambda world: f"/p/{world.partnership.slug}/volunteer/"),
    "checkin-today": go(lambda world: f"/p/{world.partnership.slug}/checkin/"),
    "checkin": go(lambda world: f"/p/{world.partnership.slug}/checkin/{world.held.pk}/"),
    "checkin-walk-in": go(
        lambda world: f"/p/{world.partnership.slug}/checkin/{world.held.pk}/walk-in/"
    ),
}


@pytest.fixture(scope="module")
def _pages(chromium, live_server) -> Iterator[dict[str, object]]:
    """One page per language for the whole module (a new browser context per test costs more
    than the check itself)."""
    pages: dict[str, object] = {}
    yield pages
    for page in pages.values():
        page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def page_in(_pages, chromium, live_server) -> Callable[[str], object]:
    """The page of a language, as a new visitor's: no cookie but the language switch's."""

    def open_page(language: str):
        page = _pages.get(language)
        if page is None:
            page = _pages[language] = visitor(chromium, live_server, language)
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page.console_errors.clear()
        return page

    return open_page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_and_participant_page_passes_axe(
    page_in, world, monkeypatch, name: str, language: str
) -> None:
    page = page_in(language)
    PAGES[name](page, world, monkeypatch)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    check(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(VOLUNTEER_PAGES))
def test_every_volunteer_page_passes_axe(
    page_in, world, live_server, monkeypatch, name: str, language: str
) -> None:
    page = page_in(language)
    log_in(page, live_server, world.volunteer.user)
    VOLUNTEER_PAGES[name](page, world, monkeypatch)
    assert page.locator("html").get_attribute("lang") == language
    assert "/accounts/login/" not in page.url
    check(page)


def test_the_statement_names_the_review_its_date_and_the_complaint_form(page_in, world) -> None:
    page = page_in("sv")
    response = page.goto("/accessibility/")

    assert response is not None and response.status == 200
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Tillgänglighet för Vi Ses!"
    assert "delvis förenlig" in main.inner_text()
    assert main.locator("time").get_attribute("datetime") == REVIEWED_ON.isoformat()
    assert main.locator("time").inner_text() == "2026-12-02"
    assert main.locator(f"a[href='{DIGG_COMPLAINT_URL}']").count() == 1
    assert DIGG_COMPLAINT_URL == "https://www.digg.se/tdosanmalan"
    assert world.partnership.name in main.inner_text()
    # In the footer of every page, beside the privacy notice.
    page.goto("/cafes/")
    footer = page.locator("footer")
    assert footer.get_by_role("link", name="Tillgänglighet").get_attribute("href") == (
        "/accessibility/"
    )
    assert footer.get_by_role("link").count() == 2


def test_the_statement_gives_the_contact_address_when_there_is_one(
    page_in, world, settings
) -> None:
    settings.VISES_CONTACT_EMAIL = "vises@example.org"
    page = page_in("sv")
    page.goto("/accessibility/")
    assert page.locator("main a[href='mailto:vises@example.org']").inner_text() == (
        "vises@example.org"
    )


def test_the_arabic_layout_is_mirrored(page_in, world, monkeypatch) -> None:
    """axe does not look at the direction of the layout. In Arabic the page mirrors: the
    brand and the headings stand at the right edge, the language menu comes before (right
    of) its button, and the lists of errors are indented on the right; in Swedish the same
    at the left. The CSS uses logical properties (margin-inline-start …) for this."""

    def layout(language: str) -> dict[str, object]:
        page = page_in(language)
        _signup_with_errors(page, world, monkeypatch)
        width = page.evaluate("document.documentElement.clientWidth")

        def box(selector: str) -> dict[str, float]:
            found = page.locator(selector).first.bounding_box()
            assert found is not None, selector
            return found

        brand = box(".brand")
        # The heading's text, not its box (a block is as wide as the page in both).
        h1 = page.evaluate(
            "(() => { const r = document.createRange();"
            " r.selectNodeContents(document.querySelector('main h1'));"
            " const b = r.getBoundingClientRect(); return {x: b.x, width: b.width}; })()"
        )
        select, change = box(".language-switch select"), box(".language-switch button")
        errors = page.locator("main .errorlist").first
        return {
            "brand_inset": brand["x"] if language == "sv" else width - brand["x"] - brand["width"],
            "h1_inset": h1["x"] if language == "sv" else width - h1["x"] - h1["width"],
            "menu_first": select["x"] < change["x"]
            if language == "sv"
            else select["x"] > change["x"],
            "indent": errors.evaluate(
                "e => [getComputedStyle(e).paddingLeft, getComputedStyle(e).paddingRight]"
            ),
        }

    swedish, arabic = layout("sv"), layout("ar")
    assert swedish["brand_inset"] == arabic["brand_inset"] == 16  # 1rem from the start edge
    assert swedish["h1_inset"] == arabic["h1_inset"] == 16
    assert swedish["menu_first"] is arabic["menu_first"] is True
    assert swedish["indent"] == ["20px", "0px"]
    assert arabic["indent"] == ["0px", "20px"]


KEYBOARD_FIELDS = ["first_name", "contact", "language", "gender", "consent"]
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize(
    ("width", "scale"),
    [(360, 1), (320, 2)],
    ids=["360px-phone", "200-percent-zoom"],
)
def test_signup_by_keyboard_alone(chromium, live_server, world, width: int, scale: int) -> None:
    """A visitor signs up with the keyboard only: Tab from the top of the page reaches each
    field and the button in the order of the form, typing fills them, Space ticks the
    consent and Enter sends it; the receipt follows and the registration exists. Every
    element the focus lands on shows an outline (WCAG 2.4.7).

    200 % zoom: a 640 px wide window at 200 % browser zoom lays the page out in 320 CSS px
    and draws each CSS pixel with 2 device pixels. Playwright has no browser zoom, so the
    test builds exactly that: a viewport of 320 CSS px with device_scale_factor 2 (the
    screenshot is 640 px wide). Unlike CSS `zoom` on the root, this also makes the media
    queries see 320 px, as real zoom does. It is the case of WCAG 1.4.4 (resize text to
    200 %) and 1.4.10 (reflow: at 320 CSS px, no scrolling sideways). 360 px is a phone.
    """
    context = chromium.new_context(
        viewport={"width": width, "height": 740},
        device_scale_factor=scale,
        locale="sv-SE",
        extra_http_headers={"Accept-Language": "sv"},
        base_url=live_server.url,
    )
    page = context.new_page()
    try:
        page.goto(f"/cafes/{world.cafe.pk}/signup/")
        assert page.evaluate("[window.innerWidth, window.devicePixelRatio]") == [width, scale]
        assert page.evaluate(NO_SIDEWAYS_SCROLL)

        reached: list[str] = []
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.closest('main form[method=post]') ? (e.name || e.type) : ''; })()"
            )
            if focused and focused not in reached:
                reached.append(focused)
                if focused == "first_name":
                    page.keyboard.type("Hawa")
                elif focused == "contact":
                    page.keyboard.type("0701112233")
                elif focused == "gender":
                    # One radio group, one Tab stop: an arrow moves to and picks the next tile.
                    page.keyboard.press("Space")
                    page.keyboard.press("ArrowRight")
                elif focused == "consent":
                    page.keyboard.press("Space")
                elif focused == "submit":
                    break
            # Every focused thing shows where the focus is (WCAG 2.4.7).
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", page.evaluate("document.activeElement.outerHTML")
        assert reached == [*KEYBOARD_FIELDS, "submit"]
        assert page.locator("main input[name=consent]").is_checked()

        submit(page, lambda: page.keyboard.press("Enter"))
        assert page.locator("h1").inner_text().endswith("Du har en plats")
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        assert (
            Registration.objects.filter(
                cafe=world.cafe,
                person__first_name="Hawa",
                person__phone="+46701112233",
                person__gender="man",
            ).count()
            == 1
        )
    finally:
        context.close()
