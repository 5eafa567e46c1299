"""Language names: a participant finds their language in a menu by its own name, in its own
script; staff pages name languages in Swedish; Pashto is "pashto" (issue 7, point 9)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import Language
from vises.people.services.links import person_link
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# The languages we write to people in, each by its own name (Django's names for sv … uk, ours
# for so and ti in settings.LANG_INFO).
MENU = ["svenska", "English", "العربيّة", "فارسی", "Soomaali", "ትግርኛ", "Українська"]


def options(html: str, select_name: str) -> list[str]:
    """The visible texts of a <select>'s options, in order."""
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, f"no select named {select_name}"
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def checkbox_labels(html: str) -> list[str]:
    return [
        text.strip()
        for text in re.findall(r"<label for=\"id_languages_\d+\"><input[^>]*>([^<]*)</label>", html)
    ]


def test_pashto_has_its_swedish_name_and_every_language_its_own():
    pashto = Language.objects.get(code="ps")
    assert (pashto.name_sv, pashto.name_en, pashto.name_local) == ("pashto", "Pashto", "پښتو")
    assert not Language.objects.filter(name_sv="afghanska").exists()
    assert Language.objects.filter(name_local="").count() == 0
    assert Language.objects.get(code="ti").name_local == "ትግርኛ"
    assert Language.objects.get(code="ar").name_local == "العربية"


def test_the_header_menu_names_each_language_in_its_own_script():
    page = Client().get("/cafes/").content.decode()

    assert options(page, "language") == MENU


def test_the_persons_own_page_offers_languages_by_their_own_names(partnership):
    person = PersonFactory.create(partnership=partnership, language="ar", email="a@example.org")
    link = person_link(person=person)
    client = Client()

    preferred = client.get(f"{link}change/language/").content.decode()
    spoken = client.get(f"{link}change/languages/").content.decode()

    assert options(preferred, "language") == MENU
    labels = checkbox_labels(spoken)
    assert len(labels) == Language.objects.count()
    assert {"پښتو", "ትግርኛ", "polski", "Türkçe"} <= set(labels)
    assert "arabiska" not in labels and "pashto" not in labels


def test_staff_pages_name_languages_in_swedish(partnership):
    person = PersonFactory.create(partnership=partnership, first_name="Gul")
    person.languages.set(["ps", "ar"])
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )

    page = client.get(f"/p/{partnership.slug}/people/{person.pk}/").content.decode()

    assert "pashto" in page and "arabiska" in page
    assert "پښتو" not in page
