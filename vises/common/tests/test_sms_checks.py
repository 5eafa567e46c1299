"""The deploy check warns when the HTTP SMS provider is chosen but cannot work."""

from __future__ import annotations

from vises.common.sms_checks import sms_provider_check


def ids() -> list[str | None]:
    return [warning.id for warning in sms_provider_check()]


def test_the_local_backends_need_nothing(settings):
    settings.VISES_SMS_BACKEND = "vises.common.sms.FileBackend"
    settings.VISES_SMS_API_USER = ""

    assert ids() == []


def test_the_http_backend_without_credentials_or_token_is_warned_of(settings):
    settings.VISES_SMS_BACKEND = "vises.common.sms.ElksBackend"
    settings.VISES_SMS_API_USER = ""
    settings.VISES_SMS_API_PASSWORD = ""
    settings.VISES_SMS_CALLBACK_TOKEN = ""
    settings.VISES_SMS_FROM = "Vi Ses!"
    settings.VISES_BASE_URL = "https://vises.a-very-long-municipality-name.se"

    assert ids() == ["vises.W101", "vises.W102", "vises.W103", "vises.W104"]


def test_the_http_backend_configured_is_not_warned_of(settings):
    settings.VISES_SMS_BACKEND = "vises.common.sms.ElksBackend"
    settings.VISES_SMS_API_USER = "u0123456789abcdef"
    settings.VISES_SMS_API_PASSWORD = "secret"
    settings.VISES_SMS_CALLBACK_TOKEN = "x" * 32
    settings.VISES_SMS_FROM = "ViSes"
    settings.VISES_BASE_URL = "https://vises.example.se"

    assert ids() == []
