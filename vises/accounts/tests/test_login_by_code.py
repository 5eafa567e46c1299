"""Volunteers and company contacts log in with a one-time code e-mailed to them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from vises.accounts.tests.support import (
    HOME_URL,
    LOGIN_CODE_CONFIRM_URL,
    LOGIN_CODE_URL,
    code_from_last_mail,
)
from vises.partnerships.access import Role

NON_STAFF = [Role.VOLUNTEER, Role.COMPANY]


@pytest.mark.production
@pytest.mark.parametrize("role", NON_STAFF)
def test_the_e_mailed_code_logs_in_without_a_second_factor(production, member, role):
    membership = member(role)
    user = membership.user
    client = Client()

    requested = client.post(LOGIN_CODE_URL, {"email": user.email})
    sent = [(message.to, message.subject) for message in mail.outbox]
    confirmed = client.post(LOGIN_CODE_CONFIRM_URL, {"code": code_from_last_mail()})
    home = client.get(HOME_URL)
    start = client.get(f"/p/{membership.partnership.slug}/")

    assert (requested.status_code, requested["Location"]) == (302, LOGIN_CODE_CONFIRM_URL)
    assert sent == [([user.email], "Vi Ses!: Inloggningskod")]
    assert (confirmed.status_code, confirmed["Location"]) == (302, HOME_URL)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (home.status_code, home["Location"]) == (302, f"/p/{membership.partnership.slug}/")
    assert start.status_code == 200


@pytest.mark.production
def test_a_wrong_code_does_not_log_in(production, member):
    user = member(Role.VOLUNTEER).user
    client = Client()
    client.post(LOGIN_CODE_URL, {"email": user.email})

    response = client.post(LOGIN_CODE_CONFIRM_URL, {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Felaktig kod."]}
    assert "_auth_user_id" not in client.session


@pytest.mark.production
def test_three_wrong_codes_end_the_attempt(production, member):
    """The code cannot be guessed: after the allowed tries the right code no longer works."""
    user = member(Role.VOLUNTEER).user
    client = Client()
    client.post(LOGIN_CODE_URL, {"email": user.email})
    code = code_from_last_mail()

    answers = [client.post(LOGIN_CODE_CONFIRM_URL, {"code": "AAAA-AAAA"}) for _ in range(3)]
    late = client.post(LOGIN_CODE_CONFIRM_URL, {"code": code})

    assert [answer.status_code for answer in answers] == [200, 200, 302]
    assert answers[-1]["Location"] == LOGIN_CODE_URL
    assert (late.status_code, late["Location"]) == (302, LOGIN_CODE_URL)
    assert "_auth_user_id" not in client.session


@pytest.mark.production
def test_an_unknown_address_gets_the_same_answer_and_no_code(production, member):
    known = member(Role.VOLUNTEER).user
    known_client, unknown_client = Client(), Client()

    known_answer = known_client.post(LOGIN_CODE_URL, {"email": known.email})
    unknown_answer = unknown_client.post(LOGIN_CODE_URL, {"email": "nobody@example.org"})
    guess = unknown_client.post(LOGIN_CODE_CONFIRM_URL, {"code": "AAAA-AAAA"})

    assert (known_answer.status_code, known_answer["Location"]) == (302, LOGIN_CODE_CONFIRM_URL)
    assert (unknown_answer.status_code, unknown_answer["Location"]) == (302, LOGIN_CODE_CONFIRM_URL)
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([known.email], "Vi Ses!: Inloggningskod"),
        (["nobody@example.org"], "Vi Ses!: Okänt konto"),
    ]
    assert guess.status_code == 200
    assert "_auth_user_id" not in unknown_client.session


def test_the_unknown_account_mail_does_not_invite_to_sign_up(db):
    """Nobody signs up alone (an admin creates accounts), so the mail has no sign-up link."""
    client = Client()

    client.post(LOGIN_CODE_URL, {"email": "nobody@example.org"})

    body = mail.outbox[0].body
    assert "nobody@example.org" in body
    assert "/accounts/signup/" not in body
    assert "registrera" not in body
    signup = client.get("/accounts/signup/")
    assert [template.name for template in signup.templates][0] == "account/signup_closed.html"


@pytest.mark.production
def test_a_deactivated_volunteer_gets_no_code(production, member):
    user = member(Role.VOLUNTEER).user
    user.is_active = False
    user.save(update_fields=["is_active"])
    client = Client()

    client.post(LOGIN_CODE_URL, {"email": user.email})

    assert len(mail.outbox) == 1
    assert "Inloggningskod" not in mail.outbox[0].subject
