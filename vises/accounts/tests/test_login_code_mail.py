"""allauth's e-mails carry the product's name and address, never the host of the request."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from vises.accounts.tests.support import LOGIN_CODE_URL, PASSWORD_RESET_URL, code_from_last_mail
from vises.partnerships.access import Role


def test_the_login_code_mail_is_signed_vi_ses(settings, member):
    settings.VISES_BASE_URL = "https://vises.example.org"
    user = member(Role.VOLUNTEER).user

    Client(HTTP_HOST="127.0.0.1:18800").post(LOGIN_CODE_URL, {"email": user.email})

    message = mail.outbox[-1]
    assert message.subject == "Vi Ses!: Inloggningskod"
    assert message.body.rstrip().splitlines()[-3:] == [
        "--",
        "Vi Ses!",
        "https://vises.example.org",
    ]
    assert code_from_last_mail() in message.body
    assert "127.0.0.1" not in message.subject + message.body


def test_the_password_reset_mail_is_signed_vi_ses(settings, member):
    settings.VISES_BASE_URL = "https://vises.example.org"
    user = member(Role.COORDINATOR).user

    Client(HTTP_HOST="127.0.0.1").post(PASSWORD_RESET_URL, {"email": user.email})

    message = mail.outbox[-1]
    assert message.subject == "Vi Ses!: Återställning av lösenord"
    assert message.body.rstrip().splitlines()[-2:] == ["Vi Ses!", "https://vises.example.org"]
