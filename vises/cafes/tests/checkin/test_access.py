"""Who may open a café's check-in: every check-in URL × every kind of visitor.

Volunteers only their assigned cafés (any other café → 404, like an object of another
partnership); coordinators and managers every café of the partnership; other roles 403;
anonymous → the login page.
"""

from __future__ import annotations

import pytest
from django.test import Client

from vises.cafes.tests.checkin.support import (
    assign,
    key,
    logged_in,
    today_cafe,
    volunteer_member,
)
from vises.cafes.tests.factories import RegistrationFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

PAGES = ["", "list.pdf", "tags.pdf", "walk-in/"]
VISITORS = {
    "assigned volunteer": 200,
    "unassigned volunteer": 404,
    "coordinator": 200,
    "manager": 200,
    "municipal": 403,
    "company": 403,
    "admin": 403,
    "coordinator of another partnership": 404,
    "anonymous": 302,
}


def visitor_client(kind: str, partnership, cafe) -> Client:
    if kind == "anonymous":
        return Client()
    if kind == "assigned volunteer":
        membership = volunteer_member(partnership)
        assign(membership, cafe)
        return logged_in(membership)
    if kind == "unassigned volunteer":
        membership = volunteer_member(partnership)
        # Assigned elsewhere: that gives no right to this café.
        assign(membership, today_cafe(partnership))
        return logged_in(membership)
    if kind == "coordinator of another partnership":
        other = PartnershipFactory.create()
        return logged_in(MembershipFactory.create(partnership=other, role=Role.COORDINATOR))
    return logged_in(MembershipFactory.create(partnership=partnership, role=Role(kind)))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("kind", "status"), VISITORS.items())
def test_check_in_pages(partnership, kind, status, page):
    cafe = today_cafe(partnership)
    client = visitor_client(kind, partnership, cafe)
    url = f"/p/{partnership.slug}/checkin/{cafe.pk}/{page}"

    response = client.get(url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(("kind", "status"), VISITORS.items())
def test_a_tap(partnership, kind, status):
    cafe = today_cafe(partnership)
    registration = RegistrationFactory.create(cafe=cafe)
    client = visitor_client(kind, partnership, cafe)
    url = f"/p/{partnership.slug}/checkin/{cafe.pk}/registrations/{registration.pk}/"

    response = client.post(url, {"key": key(), "attendance": "attended"})

    assert response.status_code == (302 if status == 200 else status)  # 200 → redirect back
    registration.refresh_from_db()
    assert registration.attendance == ("attended" if status == 200 else "")


def test_a_registration_of_another_cafe_is_not_found(partnership):
    cafe = today_cafe(partnership)
    elsewhere = RegistrationFactory.create(cafe=today_cafe(partnership))
    client = logged_in(MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR))

    response = client.post(
        f"/p/{partnership.slug}/checkin/{cafe.pk}/registrations/{elsewhere.pk}/",
        {"key": key(), "attendance": "attended"},
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.attendance == ""


def test_a_cafe_of_another_partnership_is_not_found_through_ones_own(partnership):
    other_cafe = today_cafe(PartnershipFactory.create())
    client = logged_in(MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR))

    assert client.get(f"/p/{partnership.slug}/checkin/{other_cafe.pk}/").status_code == 404


def test_todays_list_shows_a_volunteer_only_their_cafes(partnership):
    mine = today_cafe(partnership, company__name="Mitt Företag AB")
    today_cafe(partnership, company__name="Annat Företag AB")
    membership = volunteer_member(partnership)
    assign(membership, mine)

    volunteer_page = logged_in(membership).get(f"/p/{partnership.slug}/checkin/")
    coordinator_page = logged_in(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR)
    ).get(f"/p/{partnership.slug}/checkin/")

    assert volunteer_page.status_code == 200
    assert "Mitt Företag AB" in volunteer_page.content.decode()
    assert "Annat Företag AB" not in volunteer_page.content.decode()
    assert [cafe.pk for cafe in volunteer_page.context["cafes"]] == [mine.pk]
    assert len(coordinator_page.context["cafes"]) == 2


def test_a_deactivated_volunteer_no_longer_opens_their_cafes(partnership):
    cafe = today_cafe(partnership)
    membership = volunteer_member(partnership)
    assign(membership, cafe)
    client = logged_in(membership)
    assert client.get(f"/p/{partnership.slug}/checkin/{cafe.pk}/").status_code == 200

    membership.user.volunteer.is_active = False
    membership.user.volunteer.save()

    assert client.get(f"/p/{partnership.slug}/checkin/{cafe.pk}/").status_code == 404
