"""The register's staff pages in a browser at 360 px: readable, accessible, no CSP errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD, MembershipFactory
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    ParticipantFactory,
    PersonFactory,
)
from vises.tests.browser.support import check

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_searches_opens_edits_and_merges_on_a_phone(
    live_server, phone, tmp_path: Path
) -> None:
    membership = MembershipFactory.create(role=Role.COORDINATOR)
    partnership = membership.partnership
    district = DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    amina = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        district=district,
    )
    amina.languages.set(["so", "ar"])
    ParticipantFactory.create(person=amina)
    ConsentRecordFactory.create(person=amina)
    twin = PersonFactory.create(partnership=partnership, first_name="Amina", phone="+46701234567")
    base = f"{live_server.url}/p/{partnership.slug}/people/"

    phone.goto(live_server.url + "/accounts/login/")
    phone.fill("input[name=login]", membership.user.username)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url(f"{live_server.url}/p/{partnership.slug}/")

    phone.get_by_role("navigation").get_by_role("link", name="Personer").or_(
        phone.get_by_role("navigation").get_by_role("link", name="People")
    ).click()
    phone.wait_for_url(base)
    # The search box has the focus: type and press Enter.
    assert phone.evaluate("document.activeElement.name") == "q"
    phone.keyboard.type("amina yusuf")
    phone.keyboard.press("Enter")
    phone.wait_for_url(base + "?q=amina+yusuf*")
    assert phone.locator("tbody tr").count() == 1
    check(phone, tmp_path / "list.png")

    phone.locator("tbody a").first.click()
    phone.wait_for_url(f"{base}{amina.pk}/")
    assert phone.locator("h1").inner_text() == "Amina Yusuf"
    check(phone, tmp_path / "detail.png")

    phone.goto(f"{base}{amina.pk}/edit/")
    check(phone, tmp_path / "edit.png")
    phone.goto(f"{base}new/")
    check(phone)
    phone.goto(f"{base}{amina.pk}/merge/{twin.pk}/")
    check(phone, tmp_path / "merge.png")
    phone.locator("form button.button--danger").click()
    phone.wait_for_url(f"{base}{amina.pk}/")
    assert phone.locator(".message").count() == 1
