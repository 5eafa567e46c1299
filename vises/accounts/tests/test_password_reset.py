"""A password reset never logs in, so it cannot be used to skip the second factor."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from vises.accounts.tests.support import (
    HOME_URL,
    MFA_AUTHENTICATE_URL,
    PASSWORD_RESET_URL,
    link_from_last_mail,
    password_login,
    totp_code,
)
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a-brand-new-passphrase-77"


def reset_password(client: Client, email: str, new_password: str) -> list:
    """Ask for the mail, follow its link, set the new password; returns the four answers."""
    asked = client.post(PASSWORD_RESET_URL, {"email": email})
    link = link_from_last_mail()
    followed = client.get(link)
    form = client.get(followed["Location"])
    saved = client.post(
        followed["Location"], {"password1": new_password, "password2": new_password}
    )
    return [asked, followed, form, saved]


@pytest.mark.production
def test_a_reset_does_not_log_in_and_the_new_password_still_needs_the_code(
    production, staff_with_totp, partnership
):
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = Client()

    asked, followed, form, saved = reset_password(client, user.email, NEW_PASSWORD)
    page_after_reset = client.get(f"/p/{partnership.slug}/")
    old_password = password_login(Client(), user.username, TEST_PASSWORD)
    new_password = password_login(client, user.username, NEW_PASSWORD)
    logged_in_after_password = "_auth_user_id" in client.session
    after_code = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert (asked.status_code, asked["Location"]) == (302, "/accounts/password/reset/done/")
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert re.fullmatch(
        r"/accounts/password/reset/key/[0-9a-z]+-[0-9a-z-]+/", link_from_last_mail()
    )
    assert followed.status_code == 302
    assert re.fullmatch(
        r"/accounts/password/reset/key/[0-9a-z]+-set-password/", followed["Location"]
    )
    assert form.status_code == 200
    assert (saved.status_code, saved["Location"]) == (302, "/accounts/password/reset/key/done/")
    assert (page_after_reset.status_code, page_after_reset["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/",
    )
    assert old_password.status_code == 200
    assert (new_password.status_code, new_password["Location"]) == (302, MFA_AUTHENTICATE_URL)
    assert logged_in_after_password is False
    assert (after_code.status_code, after_code["Location"]) == (302, HOME_URL)
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.production
def test_a_reset_logs_out_the_browsers_that_used_the_old_password(
    production, staff_with_totp, partnership
):
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    elsewhere = Client()
    password_login(elsewhere, user.username, TEST_PASSWORD)
    elsewhere.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert elsewhere.get(f"/p/{partnership.slug}/").status_code == 200

    reset_password(Client(), user.email, NEW_PASSWORD)
    response = elsewhere.get(f"/p/{partnership.slug}/")

    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/",
    )


@pytest.mark.production
def test_a_used_reset_link_does_not_work_again(production, staff_with_totp):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    reset_password(Client(), user.email, NEW_PASSWORD)
    link = link_from_last_mail()

    response = Client().get(link)

    assert response.status_code == 200
    assert response.context["token_fail"] is True


@pytest.mark.production
def test_a_reset_for_an_unknown_address_looks_the_same(production, member):
    known = member(Role.COORDINATOR).user

    known_answer = Client().post(PASSWORD_RESET_URL, {"email": known.email})
    unknown_answer = Client().post(PASSWORD_RESET_URL, {"email": "nobody@example.org"})

    assert (known_answer.status_code, known_answer["Location"]) == (
        302,
        "/accounts/password/reset/done/",
    )
    assert (unknown_answer.status_code, unknown_answer["Location"]) == (
        302,
        "/accounts/password/reset/done/",
    )
    assert [message.to for message in mail.outbox] == [[known.email], ["nobody@example.org"]]
    assert "/accounts/signup/" not in mail.outbox[1].body
