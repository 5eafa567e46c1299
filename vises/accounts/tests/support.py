"""Helpers for login tests: URLs, TOTP codes from a stored secret, sessions of a user."""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

LOGIN_URL = "/accounts/login/"
LOGIN_CODE_URL = "/accounts/login/code/"
LOGIN_CODE_CONFIRM_URL = "/accounts/login/code/confirm/"
MFA_AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
TOTP_ACTIVATE_URL = "/accounts/2fa/totp/activate/"
RECOVERY_CODES_URL = "/accounts/2fa/recovery-codes/"
REAUTHENTICATE_URL = "/accounts/reauthenticate/"
PASSWORD_RESET_URL = "/accounts/password/reset/"
HOME_URL = "/"

# ACCOUNT_RATE_LIMITS of vises/settings.py when VISES_RATE_LIMITS is on (the default);
# test_settings.py checks that the two stay the same.
PRODUCTION_RATE_LIMITS = {
    "login_failed": "50/15m/ip,5/300s/key",
    "login": "30/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "reset_password": "20/m/ip,5/m/key",
}

TOTP_PERIOD_SECONDS = 30


def enrol_totp(user: AbstractBaseUser) -> tuple[str, list[str]]:
    """Give the user a TOTP authenticator and recovery codes, as the enrolment page does."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    recovery_codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, recovery_codes


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret.

    Waits for the next period when the current one ends within a second, so the code
    is still valid when the server checks it.
    """
    if TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS < 1:
        time.sleep(1.1)
    counter = int(time.time()) // TOTP_PERIOD_SECONDS
    return format_hotp_value(hotp_value(secret, counter))


def wrong_totp_code(secret: str) -> str:
    """A well-formed code that no authenticator shows now (nor in the neighbour periods)."""
    counter = int(time.time()) // TOTP_PERIOD_SECONDS
    valid = {format_hotp_value(hotp_value(secret, counter + i)) for i in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def password_login(client: Client, login: str, password: str) -> Any:
    """POST the login form as a browser does; returns the test client's response."""
    return client.post(LOGIN_URL, {"login": login, "password": password})


def live_session_keys(user: AbstractBaseUser) -> set[str]:
    """Keys of the stored, unexpired sessions in which this user is logged in."""
    return {
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    }


def authenticator_types(user: AbstractBaseUser) -> list[str]:
    return sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def code_from_last_mail() -> str:
    """The one-time login code (`ABCD-EFGH`) in the last mail sent, on a line of its own."""
    body = str(mail.outbox[-1].body)
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.MULTILINE)
    assert match is not None, body
    return match.group(1)


def link_from_last_mail() -> str:
    """The path of the first link to this site in the last mail sent."""
    match = re.search(r"https?://testserver(/\S+)", str(mail.outbox[-1].body))
    assert match is not None, mail.outbox[-1].body
    return match.group(1)
