"""Language friends in the browser (issue 10): the coordinator runs a match on a phone,
publishes, and an Arabic-speaking participant and a friend answer through their links; the
follow-up form after a month. Each page passes the shared checks (axe WCAG 2.1 AA, 360 px,
no console or CSP errors) and is saved under var/screenshots/ for a person to look at."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from vises.matching.links import answer_link, followup_link
from vises.matching.models import Pair
from vises.matching.tests.factories import friend_with_room, waiting_participant
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import Language
from vises.tests.browser.support import check, log_in, submit

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(django_settings.BASE_DIR).parent / "var" / "screenshots"


def shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"matching-{name}.png"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()


def test_a_match_from_the_run_to_the_follow_up(live_server, phone, partnership) -> None:
    # A transactional test starts from empty tables: the register's languages come back.
    for code, sv, en, local in (
        ("ar", "arabiska", "Arabic", "العربية"),
        ("ti", "tigrinja", "Tigrinya", "ትግርኛ"),
    ):
        Language.objects.get_or_create(
            code=code, defaults={"name_sv": sv, "name_en": en, "name_local": local}
        )
    amal = waiting_participant(
        partnership,
        first_name="أمل",
        languages=("ar",),
        language="ar",
        waiting_since=date(2026, 6, 27),
    )
    waiting_participant(partnership, first_name="Bisrat", languages=("ti",), language="ti")
    eva = friend_with_room(partnership, first_name="Eva", languages=("ar",), capacity=1)
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user

    # The coordinator: the overview, a run with its reasons and what the pool lacks.
    log_in(phone, live_server, coordinator)
    phone.goto(f"{live_server.url}/p/{partnership.slug}/matching/")
    check(phone, shot("1-overview"))
    submit(phone, phone.get_by_role("button", name="Starta en matchning").click)
    page = phone.content()
    assert "båda talar arabiska" in page
    assert "1 deltagare som talar tigrinja väntar, ingen språkvän talar tigrinja" in page
    check(phone, shot("2-run"))
    submit(phone, phone.get_by_role("button", name="Publicera").click)
    pair = Pair.objects.get()
    assert (pair.participant, pair.friend, pair.status) == (amal, eva, "proposed")

    # The participant, in Arabic, on the answer page: the friend's first name, why, two buttons.
    phone.context.clear_cookies()
    phone.goto(live_server.url + answer_link(pair, "participant"))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert "Eva" in phone.content()
    check(phone, shot("3-proposal-ar"))
    submit(phone, phone.locator("form[action$='/accept/'] button").click)
    check(phone, shot("4-accepted-ar"))

    # The friend accepts: the pair is confirmed.
    phone.goto(live_server.url + answer_link(pair, "friend"))
    submit(phone, phone.locator("form[action$='/accept/'] button").click)
    pair.refresh_from_db()
    assert pair.status == "confirmed"
    phone.goto(live_server.url + answer_link(pair, "participant"))
    check(phone, shot("5-confirmed-ar"))

    # A month later: the participant's follow-up form, in Arabic.
    followup = pair.followups.get(month=1, side="participant")
    phone.goto(live_server.url + followup_link(followup))
    check(phone, shot("6-follow-up-ar"))
    phone.check("input[name=meetings][value=weekly]")
    phone.check("input[name=going][value=good]")
    phone.check("input[name=wants_to_continue][value=yes]")
    submit(phone, phone.locator("form button[type=submit]").last.click)
    followup.refresh_from_db()
    pair.refresh_from_db()
    assert (followup.meetings, pair.status) == ("weekly", "active")
    check(phone, shot("7-follow-up-answered-ar"))
