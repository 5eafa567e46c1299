"""Guessing passwords is slowed down: after 5 failed logins for one account, 429 for a while."""

from __future__ import annotations

import pytest
from django.test import Client

from vises.accounts.tests.support import (
    MFA_AUTHENTICATE_URL,
    PASSWORD_RESET_URL,
    PRODUCTION_RATE_LIMITS,
    password_login,
)
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD

TOO_MANY = "<h1>För många försök</h1>"


def fail_logins(login: str, times: int) -> list[int]:
    """Status codes of `times` failed logins, each from a fresh browser (no shared cookies)."""
    return [password_login(Client(), login, f"wrong-{n}").status_code for n in range(times)]


@pytest.mark.production
def test_the_sixth_failed_login_for_one_account_answers_429(production, member):
    user = member(Role.COORDINATOR).user

    statuses = fail_logins(user.username, 5)
    sixth = password_login(Client(), user.username, "wrong-6")

    assert statuses == [200] * 5
    assert sixth.status_code == 429
    assert '<html lang="sv"' in sixth.content.decode()
    assert TOO_MANY in sixth.content.decode()
    assert [template.name for template in sixth.templates][0] == "429.html"


@pytest.mark.production
def test_once_limited_even_the_right_password_waits(production, member):
    user = member(Role.COORDINATOR).user
    client = Client()
    fail_logins(user.username, 5)

    response = password_login(client, user.username, TEST_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.production
def test_the_limit_is_per_account_and_ignores_case(production, member):
    user = member(Role.COORDINATOR).user
    other = member(Role.COORDINATOR).user
    fail_logins(user.username.upper(), 5)

    limited = password_login(Client(), user.username, "wrong")
    other_account = password_login(Client(), other.username, "wrong")

    assert limited.status_code == 429
    assert other_account.status_code == 200


@pytest.mark.production
def test_unknown_accounts_are_limited_the_same_way(production, db):
    """Otherwise the 429 itself would tell which accounts exist."""
    statuses = fail_logins("no-such-user", 6)

    assert statuses == [200] * 5 + [429]


@pytest.mark.production
def test_a_successful_login_does_not_reset_the_count(production, member, staff_with_totp):
    """Logging in to one's own account between guesses must not buy an attacker new tries."""
    user = member(Role.VOLUNTEER).user
    fail_logins(user.username, 4)

    success = password_login(Client(), user.username, TEST_PASSWORD)
    fifth = password_login(Client(), user.username, "wrong-5")
    sixth = password_login(Client(), user.username, "wrong-6")

    assert success.status_code == 302
    assert fifth.status_code == 200
    assert sixth.status_code == 429


@pytest.mark.production
def test_wrong_totp_codes_are_limited_per_user(production, staff_with_totp):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()
    password_login(client, user.username, TEST_PASSWORD)

    answers = [client.post(MFA_AUTHENTICATE_URL, {"code": "000000"}) for _ in range(6)]

    assert [answer.status_code for answer in answers] == [200] * 6
    assert answers[0].context["form"].errors == {"code": ["Felaktig kod."]}
    assert answers[-1].context["form"].errors == {
        "code": ["För många misslyckade inloggningsförsök. Försök igen senare."]
    }


@pytest.mark.production
def test_password_reset_requests_are_limited_per_address(production, member):
    user = member(Role.COORDINATOR).user
    client = Client()

    answers = [client.post(PASSWORD_RESET_URL, {"email": user.email}) for _ in range(6)]

    assert [answer.status_code for answer in answers] == [302] * 5 + [429]


def test_in_development_the_same_limits_apply_unless_switched_off(settings, member):
    """VISES_DEV does not switch the limits off; only VISES_RATE_LIMITS=0 does."""
    user = member(Role.COORDINATOR).user
    settings.VISES_DEV = True
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS

    statuses = fail_logins(user.username, 6)

    assert statuses == [200] * 5 + [429]


def test_with_rate_limits_off_failed_logins_are_not_limited(settings, member):
    settings.ACCOUNT_RATE_LIMITS = False
    user = member(Role.COORDINATOR).user

    statuses = fail_logins(user.username, 12)

    assert statuses == [200] * 12


OFFICE = "198.51.100.20"
ELSEWHERE = "203.0.113.9"


@pytest.mark.production
def test_one_colleagues_wrong_passwords_lock_out_nobody_else_behind_the_same_address(
    production, member
):
    """Failed logins count per account and address together (issue 8): five wrong passwords
    for one account from the office leave every other account there, and that account from
    another address, free; only that account from that address waits."""
    careless = member(Role.COORDINATOR).user
    colleague = member(Role.MANAGER).user
    statuses = [
        password_login(Client(REMOTE_ADDR=OFFICE), careless.username, f"wrong-{n}").status_code
        for n in range(5)
    ]

    colleague_at_office = password_login(
        Client(REMOTE_ADDR=OFFICE), colleague.username, TEST_PASSWORD
    )
    careless_at_home = password_login(
        Client(REMOTE_ADDR=ELSEWHERE), careless.username, TEST_PASSWORD
    )
    careless_at_office = password_login(
        Client(REMOTE_ADDR=OFFICE), careless.username, TEST_PASSWORD
    )

    assert statuses == [200] * 5
    assert colleague_at_office.status_code == 302
    assert careless_at_home.status_code == 302
    assert careless_at_office.status_code == 429


@pytest.mark.production
def test_one_address_guessing_many_accounts_is_stopped(production, db):
    guesses = [
        password_login(Client(REMOTE_ADDR=ELSEWHERE), f"user-{n}", "wrong").status_code
        for n in range(31)
    ]

    # 30 logins a minute from one address ("login": "30/m/ip"), 50 failures in 15 minutes.
    assert guesses == [200] * 30 + [429]
