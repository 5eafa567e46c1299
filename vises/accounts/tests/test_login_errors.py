"""Wrong credentials get one generic answer that does not tell whether the account exists."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vises.accounts.tests.support import password_login
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD

USERNAME_MISMATCH = "Användarnamnet och/eller lösenordet är felaktigt."
EMAIL_MISMATCH = "Epost-adressen och/eller lösenordet är felaktigt."


def comparable(html: str, login: str) -> str:
    """The page with what legitimately differs taken out: the typed login, the CSRF token."""
    html = html.replace(login, "LOGIN")
    return re.sub(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1TOKEN", html)


@pytest.mark.production
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_wrong_password_and_unknown_user_get_the_same_page(production, member, role):
    existing = member(role).user.username

    wrong_password = password_login(Client(), existing, "not-the-password")
    unknown_user = password_login(Client(), "no-such-user", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == [USERNAME_MISMATCH]
    assert unknown_user.context["form"].non_field_errors() == [USERNAME_MISMATCH]
    assert comparable(wrong_password.content.decode(), existing) == comparable(
        unknown_user.content.decode(), "no-such-user"
    )


@pytest.mark.production
def test_wrong_password_and_unknown_e_mail_address_get_the_same_message(production, member):
    existing = member(Role.COORDINATOR).user.email

    wrong_password = password_login(Client(), existing, "not-the-password")
    unknown_address = password_login(Client(), "nobody@example.org", "not-the-password")

    assert wrong_password.status_code == unknown_address.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == [EMAIL_MISMATCH]
    assert unknown_address.context["form"].non_field_errors() == [EMAIL_MISMATCH]
    assert comparable(wrong_password.content.decode(), existing) == comparable(
        unknown_address.content.decode(), "nobody@example.org"
    )


@pytest.mark.production
def test_a_deactivated_user_with_a_wrong_password_gets_the_same_message(production, member):
    user = member(Role.COORDINATOR).user
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = password_login(Client(), user.username, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [USERNAME_MISMATCH]


@pytest.mark.production
def test_a_failed_login_logs_nobody_in_and_writes_no_login_event(production, member):
    user = member(Role.VOLUNTEER).user
    client = Client()

    password_login(client, user.username, "not-the-password")

    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="accounts.user.logged_in").exists()


@pytest.mark.production
def test_the_right_password_of_a_volunteer_logs_in(production, member):
    """The counterpart of the tests above: the same form does log in with the right password."""
    user = member(Role.VOLUNTEER).user
    client = Client()

    response = password_login(client, user.username, TEST_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(user.pk)
