"""A municipal referral arrives on the coordinator's page (issue 9, point 8): "Kommunen bistår
med kontakter" (the agreement). An SFI teacher refers a person from a phone, with no account;
the coordinator, logged in, finds it on the start page and in the list of referrals. Each step
is saved as a screenshot under var/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    Language,
    Person,
    Referral,
)
from vises.people.tests.factories import ConsentTextFactory
from vises.tests.browser.support import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(django_settings.BASE_DIR).parent / "var" / "screenshots"


def shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"referral-{name}.png"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()


def test_an_sfi_teacher_refers_a_person_and_the_coordinator_sees_it(
    live_server, phone, partnership
) -> None:
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES, ConsentPurpose.MATCHING):
        ConsentTextFactory.create(partnership=partnership, purpose=purpose, language="sv")
    # A transactional test starts from empty tables: the register's languages come back.
    Language.objects.get_or_create(
        code="ar", defaults={"name_sv": "arabiska", "name_en": "Arabic", "name_local": "العربية"}
    )
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user

    # The teacher, on a phone, with no account.
    phone.goto(f"{live_server.url}/refer/")
    assert phone.url == f"{live_server.url}/refer/{partnership.slug}/"
    phone.select_option("[name=referrer_role]", Referral.ReferrerRole.SFI_TEACHER)
    phone.fill("[name=referrer_unit]", "SFI Campus Valla")
    phone.fill("[name=referrer_email]", "larare@linkoping.se")
    phone.fill("[name=first_name]", "هاوا")
    phone.fill("[name=phone]", "070-123 45 67")
    phone.select_option("#id_language", "ar")  # not the header's language menu
    phone.check("input[name=wants][value=both]")
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES, ConsentPurpose.MATCHING):
        phone.check(f"[name=consent_{purpose}]")
    phone.check("[name=explained]")
    phone.select_option("[name=consent_language]", "ar")
    check(phone, shot("1-form"))
    phone.get_by_role("button", name="Skicka anmälan").click()

    phone.get_by_role("heading", name="Tack för anmälan").wait_for()
    thanks = phone.content()
    assert "هاوا" not in thanks and "070" not in thanks  # the referrer learns nothing more
    check(phone, shot("2-thanks"))

    person = Person.objects.get()
    assert (person.first_name, person.phone, person.referral_source) == (
        "هاوا",
        "+46701234567",
        Person.ReferralSource.MUNICIPAL,
    )
    assert set(ConsentRecord.objects.values_list("channel", flat=True)) == {ConsentChannel.REFERRAL}

    # The coordinator, logged in: the start page tells, the list shows who and from where.
    log_in(phone, live_server, coordinator)
    phone.goto(f"{live_server.url}/p/{partnership.slug}/")
    link = phone.get_by_role("link", name="1 anmälan från kommunen som inte är hanterad än")
    check(phone, shot("3-start-page"))
    link.click()
    phone.get_by_role("heading", name="Anmälningar från kommunen").wait_for()
    row = phone.locator("tbody tr")
    assert row.count() == 1
    assert "هاوا" in row.inner_text()
    assert "SFI Campus Valla" in row.inner_text()
    check(phone, shot("4-referral-list"))
