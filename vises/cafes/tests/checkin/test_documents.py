"""The printed fallbacks for a door without network: the check-in list and first-name tags."""

from __future__ import annotations

import pytest
from django.utils import translation

from vises.cafes.checkin import documents
from vises.cafes.tests.checkin.support import (
    assign,
    events,
    logged_in,
    today_cafe,
    volunteer_member,
)
from vises.cafes.tests.factories import RegistrationFactory
from vises.people.tests.factories import PersonFactory


@pytest.fixture
def cafe(partnership):
    cafe = today_cafe(partnership)
    for first, last, phone, email in (
        ("Amina", "Qwertyson", "+46701234567", "amina.private@example.org"),
        ("Ларыса", "Zyxwinska", "+46707654321", "larysa@example.net"),
        ("فاطمة", "Plonkfeld", "", "fatima@example.com"),
    ):
        person = PersonFactory.create(
            partnership=partnership, first_name=first, last_name=last, phone=phone, email=email
        )
        RegistrationFactory.create(cafe=cafe, person=person)
    RegistrationFactory.create(cafe=cafe, status="waitlisted", person__first_name="Väntande")
    return cafe


@pytest.fixture
def volunteer(partnership, cafe):
    membership = volunteer_member(partnership)
    assign(membership, cafe)
    return logged_in(membership)


FULL_DETAILS = ["Qwertyson", "Zyxwinska", "Plonkfeld", "@example", "Väntande"]


def test_the_list_holds_first_name_initial_and_phone_only(cafe):
    with translation.override("en"):
        html = documents.checkin_list_html(cafe=cafe)

    for shown in ("Amina Q.", "Ларыса Z.", "فاطمة P.", "070-123 45 67", "070-765 43 21"):
        assert shown in html
    for hidden in FULL_DETAILS:
        assert hidden not in html
    assert html.count('<tr class="blank">') == documents.BLANK_LINES
    assert "Employees present:" in html


def test_the_tags_hold_first_names_only(cafe):
    html = documents.name_tags_html(cafe=cafe)

    for shown in ("Amina", "Ларыса", "فاطمة"):
        assert f'<div class="name">{shown}</div>' in html
    for hidden in [*FULL_DETAILS, "Amina Q.", "070-"]:
        assert hidden not in html
    # Three names and eight empty tags: two A4 pages of eight.
    assert html.count('<div class="name">') == 11
    assert html.count('<div class="page">') == 2


@pytest.mark.parametrize(
    ("page", "name", "action"),
    [
        ("list.pdf", "checkin-", "cafes.cafe.checkin_printed"),
        ("tags.pdf", "tags-", "cafes.cafe.tags_printed"),
    ],
)
def test_the_pdfs(cafe, volunteer, page, name, action):
    response = volunteer.get(f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/{page}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{name}{cafe.pk}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1000
    (event,) = events(action)
    assert event.object_id == str(cafe.pk)
