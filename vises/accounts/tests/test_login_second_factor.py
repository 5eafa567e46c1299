"""Staff with TOTP log in with password, then their authenticator code or a recovery code."""

from __future__ import annotations

import pytest
from django.test import Client

from vises.accounts.tests.support import (
    HOME_URL,
    LOGIN_CODE_CONFIRM_URL,
    LOGIN_CODE_URL,
    MFA_AUTHENTICATE_URL,
    REAUTHENTICATE_URL,
    authenticator_types,
    code_from_last_mail,
    password_login,
    totp_code,
    wrong_totp_code,
)
from vises.common.models import AuditEvent
from vises.partnerships.access import STAFF_ROLES, Role
from vises.partnerships.tests.factories import TEST_PASSWORD

STAFF = sorted(STAFF_ROLES)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.production
@pytest.mark.parametrize("role", STAFF)
def test_password_then_totp_code_logs_staff_in(production, staff_with_totp, partnership, role):
    user, secret, _codes = staff_with_totp(role)
    client = Client()

    after_password = password_login(client, user.username, TEST_PASSWORD)
    logged_in_after_password = is_logged_in(client)
    start_before_code = client.get(f"/p/{partnership.slug}/")
    after_code = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    start = client.get(f"/p/{partnership.slug}/")

    assert (after_password.status_code, after_password["Location"]) == (302, MFA_AUTHENTICATE_URL)
    assert logged_in_after_password is False
    assert (start_before_code.status_code, start_before_code["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/",
    )
    assert (after_code.status_code, after_code["Location"]) == (302, HOME_URL)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert start.status_code == 200
    assert (
        AuditEvent.objects.filter(action="accounts.user.logged_in", actor=f"user:{user.pk}").count()
        == 1
    )


@pytest.mark.production
def test_login_with_e_mail_address_also_stops_at_the_second_factor(production, staff_with_totp):
    user, _secret, _codes = staff_with_totp(Role.MANAGER)
    client = Client()

    response = password_login(client, user.email, TEST_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, MFA_AUTHENTICATE_URL)
    assert is_logged_in(client) is False


@pytest.mark.production
def test_a_wrong_totp_code_does_not_log_in(production, staff_with_totp):
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()
    password_login(client, user.username, TEST_PASSWORD)

    response = client.post(MFA_AUTHENTICATE_URL, {"code": wrong_totp_code(secret)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Felaktig kod."]}
    assert is_logged_in(client) is False
    assert AuditEvent.objects.filter(action="accounts.user.logged_in").count() == 0


@pytest.mark.production
def test_a_totp_code_works_once_only(production, staff_with_totp):
    """A code read over someone's shoulder cannot be replayed in the same 30 seconds."""
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    first, second = Client(), Client()
    code = totp_code(secret)
    password_login(first, user.username, TEST_PASSWORD)
    password_login(second, user.username, TEST_PASSWORD)

    used = first.post(MFA_AUTHENTICATE_URL, {"code": code})
    replayed = second.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert (used.status_code, used["Location"]) == (302, HOME_URL)
    assert replayed.status_code == 200
    assert is_logged_in(second) is False


@pytest.mark.production
def test_a_recovery_code_logs_in_once(production, staff_with_totp):
    user, _secret, recovery_codes = staff_with_totp(Role.ADMIN)
    first, second = Client(), Client()
    password_login(first, user.username, TEST_PASSWORD)
    password_login(second, user.username, TEST_PASSWORD)

    used = first.post(MFA_AUTHENTICATE_URL, {"code": recovery_codes[0]})
    reused = second.post(MFA_AUTHENTICATE_URL, {"code": recovery_codes[0]})

    assert (used.status_code, used["Location"]) == (302, HOME_URL)
    assert first.session["_auth_user_id"] == str(user.pk)
    assert reused.status_code == 200
    assert reused.context["form"].errors == {"code": ["Felaktig kod."]}
    assert is_logged_in(second) is False


@pytest.mark.production
def test_a_wrong_password_never_reaches_the_second_factor(production, staff_with_totp):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()

    response = password_login(client, user.username, "not-the-password")
    stage = client.get(MFA_AUTHENTICATE_URL)

    assert response.status_code == 200
    assert (stage.status_code, stage["Location"]) == (302, "/accounts/login/")


@pytest.mark.production
def test_an_e_mailed_login_code_does_not_skip_the_second_factor(production, staff_with_totp):
    """Login by code is for volunteers; a staff member using it still meets the TOTP stage."""
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()

    client.post(LOGIN_CODE_URL, {"email": user.email})
    after_mail_code = client.post(LOGIN_CODE_CONFIRM_URL, {"code": code_from_last_mail()})
    logged_in_after_mail_code = is_logged_in(client)
    after_totp = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert (after_mail_code.status_code, after_mail_code["Location"]) == (
        302,
        MFA_AUTHENTICATE_URL,
    )
    assert logged_in_after_mail_code is False
    assert (after_totp.status_code, after_totp["Location"]) == (302, HOME_URL)
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.production
def test_removing_the_totp_after_login_asks_for_reauthentication(production, staff_with_totp):
    """Only enrolment right after login skips the password prompt, never a removal."""
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()
    password_login(client, user.username, TEST_PASSWORD)
    client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert (response.status_code, response["Location"]) == (
        302,
        f"{REAUTHENTICATE_URL}?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F",
    )
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_in_development_staff_with_totp_still_give_their_code(settings, staff_with_totp):
    """VISES_DEV only spares enrolment; an enrolled second factor is always asked for."""
    settings.VISES_DEV = True
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()

    response = password_login(client, user.username, TEST_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, MFA_AUTHENTICATE_URL)
    assert is_logged_in(client) is False


def test_in_development_staff_without_totp_log_in_with_password_alone(settings, member):
    settings.VISES_DEV = True
    membership = member(Role.COORDINATOR)
    client = Client()

    response = password_login(client, membership.user.username, TEST_PASSWORD)
    start = client.get(HOME_URL)

    assert (response.status_code, response["Location"]) == (302, HOME_URL)
    assert (start.status_code, start["Location"]) == (302, f"/p/{membership.partnership.slug}/")
