"""A person's own pages in a browser at 360 px: one question at a time, accessible, no CSP
errors, in the person's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from vises.people.models import ConsentPurpose, Person
from vises.people.services.links import person_link
from vises.people.tests.factories import ConsentRecordFactory, PersonFactory
from vises.tests.browser.support import check as check_page
from vises.tests.browser.support import screenshot_path

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, name: str, tmp_path: Path) -> None:
    check_page(page, screenshot_path(tmp_path, f"self-service-{name}"))


def test_a_person_sees_corrects_withdraws_and_erases_on_a_phone(
    live_server, phone, tmp_path: Path
) -> None:
    amina = PersonFactory.create(
        first_name="Amina", last_name="Yusuf", phone="+46701234567", email="", language="en"
    )
    amina.languages.set(["so", "ar"])
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES):
        ConsentRecordFactory.create(person=amina, purpose=purpose)
    link = live_server.url + person_link(person=amina)

    phone.goto(link)
    assert phone.locator("h1").inner_text() == "Hello Amina!"
    check(phone, "home", tmp_path)

    phone.get_by_role("link", name="Change: E-mail").click()
    assert phone.locator("h1").inner_text() == "E-mail"
    phone.fill("input[name=email]", "amina@example")
    phone.get_by_role("button", name="Save").click()
    assert phone.locator(".errorlist").count() == 1
    check(phone, "change-error", tmp_path)
    phone.fill("input[name=email]", "amina@example.org")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(link + "#details")
    assert "amina@example.org" in phone.locator("#details").inner_text()

    phone.get_by_role("link", name="Say yes or no to what we do").click()
    check(phone, "consent", tmp_path)
    phone.locator("#consent-messages").get_by_role("button", name="No, stop this").click()
    assert phone.locator("#consent-messages .status").inner_text() == "You said no"

    phone.goto(link + "concern/")
    check(phone, "concern", tmp_path)

    phone.goto(link + "erase/")
    check(phone, "erase", tmp_path)
    phone.get_by_role("button", name="Yes, delete all my data").click()
    phone.wait_for_url(f"{live_server.url}/me/erased/?lang=en")
    check(phone, "erased", tmp_path)
    assert not Person.objects.filter(first_name="Amina").exists()

    phone.goto(link)
    assert phone.locator("h1").inner_text() in {"This link does not work", "Länken fungerar inte"}
    check(phone, "link-problem", tmp_path)
    phone.fill("input[name=contact]", "070-123 45 67")
    phone.locator("main form button[type=submit]").click()
    check(phone, "link-sent", tmp_path)
