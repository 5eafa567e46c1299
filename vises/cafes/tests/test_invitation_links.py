"""The person's answer to an invitation through the link in their message: the page only
shows it; accept and decline are POST buttons; an expired or altered link changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from vises.cafes.links.registrations import registration_token
from vises.cafes.models import Cafe, Registration
from vises.cafes.services.invitations import invitation_create
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe() -> Cafe:
    return CafeFactory.create()


TOKENS: dict[int, str] = {}


def invitation_url(registration: Registration, action: str = "") -> str:
    # One token per registration: a token carries the second it was made.
    token = TOKENS.setdefault(registration.pk, registration_token(registration))
    return f"/invitations/{token}/{action}"


@pytest.fixture(autouse=True)
def _fresh_tokens() -> None:
    TOKENS.clear()


@pytest.fixture
def invitation(cafe) -> Registration:
    person = PersonFactory.create(partnership=cafe.partnership)
    return invitation_create(cafe=cafe, person=person, actor="system:test")


def test_the_invitation_page_shows_both_answers_and_changes_nothing(invitation):
    response = Client().get(invitation_url(invitation))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{invitation_url(invitation, "accept/")}"' in page
    assert f'action="{invitation_url(invitation, "decline/")}"' in page
    assert Registration.objects.get().status == Registration.Status.INVITED


def test_accept_through_the_link(invitation):
    client = Client()

    response = client.post(invitation_url(invitation, "accept/"))

    assert (response.status_code, response["Location"]) == (302, invitation_url(invitation))
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    event = AuditEvent.objects.get(action="cafes.registration.accepted")
    assert event.actor == "link:invitation"
    page = client.get(invitation_url(invitation)).content.decode()
    assert "accept/" not in page


def test_decline_through_the_link_gives_the_seat_to_the_waitlist(invitation, cafe):
    RegistrationFactory.create(cafe=cafe)
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.FULL)
    waiting = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)

    response = Client().post(invitation_url(invitation, "decline/"))

    assert response.status_code == 302
    invitation.refresh_from_db()
    waiting.refresh_from_db()
    assert (invitation.status, waiting.status) == ("declined", "confirmed")


def test_an_expired_invitation_shows_no_buttons_and_cannot_be_accepted(invitation):
    Registration.objects.filter(pk=invitation.pk).update(
        invited_until=timezone.now() - timedelta(minutes=1)
    )
    client = Client()

    page = client.get(invitation_url(invitation)).content.decode()
    response = client.post(invitation_url(invitation, "accept/"), follow=True)

    assert "accept/" not in page
    assert response.status_code == 200
    assert Registration.objects.get().status == Registration.Status.INVITED


def test_the_answers_are_post_only(invitation):
    assert Client().get(invitation_url(invitation, "accept/")).status_code == 405
    assert Client().get(invitation_url(invitation, "decline/")).status_code == 405
    assert Registration.objects.get().status == Registration.Status.INVITED


def test_an_altered_link_is_not_found(invitation):
    token = registration_token(invitation)
    altered = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)

    assert Client().get(f"/invitations/{altered}/").status_code == 404
    assert Client().post(f"/invitations/{altered}/accept/").status_code == 404
    assert Registration.objects.get().status == Registration.Status.INVITED
