"""The start pages warn while the calendar year has fewer than the two meetings the agreement
asks for: "Styrgruppen sammanträder två gånger om året för att gemensamt följa upp och
utvärdera insatsen." (the signed agreement, seeds/001_4c89f7ac864d56f0.txt, "Organisation och
Samverkan"). Held and planned meetings count."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from vises.partnerships.access import Role
from vises.steering import panels
from vises.steering.tests.helpers import meeting_at

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=STOCKHOLM)
AGREEMENT = (
    "Styrgruppen sammanträder två gånger om året för att gemensamt följa upp och utvärdera "
    "insatsen."
)


@pytest.fixture(autouse=True)
def _june_2026(monkeypatch):
    monkeypatch.setattr(panels, "now", lambda: NOW)


def start_page(partnership, member, role) -> str:
    client = Client()
    client.force_login(member(role).user)
    response = client.get(reverse("partnership_start", kwargs={"slug": partnership.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_meetings_page_quotes_the_agreement(partnership, member):
    client = Client()
    client.force_login(member(Role.MUNICIPAL).user)

    html = client.get(reverse("steering_meetings", kwargs={"slug": partnership.slug})).text

    assert AGREEMENT in html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL])
def test_no_meeting_this_year_is_warned_on_every_steering_start_page(partnership, member, role):
    meeting_at(partnership, datetime(2025, 10, 1, 14, tzinfo=STOCKHOLM))  # last year's

    html = start_page(partnership, member, role)

    assert (
        "2026 har 0 styrgruppsmöten (hållna: 0, planerade: 0); överenskommelsen kräver två om året."
        in html
    )


def test_one_held_meeting_is_warned_with_a_link_to_plan_one(partnership, member):
    meeting_at(partnership, datetime(2026, 3, 10, 14, tzinfo=STOCKHOLM))

    html = start_page(partnership, member, Role.COORDINATOR)

    assert (
        "2026 har 1 styrgruppsmöte (hållna: 1, planerade: 0); överenskommelsen kräver två om året."
        in html
    )
    assert reverse("steering_meeting_create", kwargs={"slug": partnership.slug}) in html


def test_the_municipal_member_is_linked_to_the_meetings(partnership, member):
    meeting_at(partnership, datetime(2026, 11, 10, 14, tzinfo=STOCKHOLM))

    html = start_page(partnership, member, Role.MUNICIPAL)

    assert "(hållna: 0, planerade: 1)" in html
    assert reverse("steering_meeting_create", kwargs={"slug": partnership.slug}) not in html
    assert reverse("steering_meetings", kwargs={"slug": partnership.slug}) in html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL])
def test_one_held_and_one_planned_meeting_need_no_warning(partnership, member, role):
    meeting_at(partnership, datetime(2026, 3, 10, 14, tzinfo=STOCKHOLM))
    meeting_at(partnership, datetime(2026, 10, 6, 14, tzinfo=STOCKHOLM))

    html = start_page(partnership, member, role)

    assert "styrgruppsmöte" not in html


def test_other_roles_see_no_warning(partnership, member):
    assert "styrgruppsmöte" not in start_page(partnership, member, Role.VOLUNTEER)
