"""Sessions end after 30 idle minutes and, however active, 12 hours after login."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from vises.accounts.middleware import LOGIN_AT_KEY
from vises.accounts.tests.support import MFA_AUTHENTICATE_URL, password_login, totp_code
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD

TWELVE_HOURS = 12 * 60 * 60


def logged_in_volunteer(member) -> tuple[Client, str]:
    """A volunteer logged in through the login form; returns the client and their start page."""
    membership = member(Role.VOLUNTEER)
    client = Client()
    response = password_login(client, membership.user.username, TEST_PASSWORD)
    assert response.status_code == 302
    return client, f"/p/{membership.partnership.slug}/"


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_login_time(client: Client, seconds_ago: float) -> None:
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - seconds_ago
    session.save()


def seconds_left(session: Session) -> float:
    return (session.expire_date - timezone.now()).total_seconds()


@pytest.mark.production
def test_a_session_lasts_30_idle_minutes_and_no_cookie_outlives_the_browser(production, member):
    membership = member(Role.VOLUNTEER)
    client = Client()

    response = password_login(client, membership.user.username, TEST_PASSWORD)

    assert client.session.get_expiry_age() == 1800
    assert 1790 <= seconds_left(session_row(client)) <= 1800
    assert response.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie
    assert response.cookies["sessionid"]["httponly"] is True


@pytest.mark.production
def test_every_request_renews_the_idle_limit(production, member):
    client, start = logged_in_volunteer(member)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=60)  # 29 minutes idle
    )

    response = client.get(start)

    assert response.status_code == 200
    assert 1790 <= seconds_left(session_row(client)) <= 1800


@pytest.mark.production
def test_after_30_idle_minutes_the_user_logs_in_again(production, member):
    client, start = logged_in_volunteer(member)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(start)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={start}")


@pytest.mark.production
def test_login_records_its_time_and_activity_does_not_move_it(production, member):
    before = time.time()
    client, start = logged_in_volunteer(member)
    login_at = client.session[LOGIN_AT_KEY]

    client.get(start)
    client.get(start)

    assert before <= login_at <= time.time()
    assert client.session[LOGIN_AT_KEY] == login_at


@pytest.mark.production
def test_a_session_older_than_12_hours_is_logged_out(production, member):
    client, start = logged_in_volunteer(member)
    old_key = client.session.session_key
    set_login_time(client, TWELVE_HOURS + 1)

    response = client.get(start)
    again = client.get(start)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={start}")
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=old_key).exists()
    assert (again.status_code, again["Location"]) == (302, f"/accounts/login/?next={start}")


@pytest.mark.production
def test_a_session_just_under_12_hours_old_still_works(production, member):
    client, start = logged_in_volunteer(member)
    set_login_time(client, TWELVE_HOURS - 60)

    response = client.get(start)

    assert response.status_code == 200


@pytest.mark.production
def test_htmx_requests_of_a_12_hour_old_session_get_an_hx_redirect_to_login(production, member):
    client, start = logged_in_volunteer(member)
    set_login_time(client, TWELVE_HOURS + 1)

    response = client.get(start, headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


@pytest.mark.production
def test_staff_sessions_end_after_12_hours_too(production, staff_with_totp, partnership):
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()
    password_login(client, user.username, TEST_PASSWORD)
    client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    set_login_time(client, TWELVE_HOURS + 1)

    response = client.get(f"/p/{partnership.slug}/")

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/",
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.production
def test_a_session_without_login_time_gets_one_and_is_not_ended(production, member):
    """Sessions from before the limit existed start their 12 hours at their next request."""
    client, start = logged_in_volunteer(member)
    session = client.session
    del session[LOGIN_AT_KEY]
    session.save()
    before = time.time()

    response = client.get(start)

    assert response.status_code == 200
    assert before <= client.session[LOGIN_AT_KEY] <= time.time()
