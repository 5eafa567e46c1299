"""The receipt through Django's SMTP backend to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from vises.cafes.tasks import send_registration_receipt
from vises.cafes.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


def test_the_receipt_reaches_a_real_smtp_server_once_with_the_calendar_attached(
    smtp_server, settings
):
    registration = RegistrationFactory(person__email="amina@example.org", person__language="en")

    send_registration_receipt.call(registration.pk)  # the task's function, run directly

    ((mail_from, recipients, content),) = smtp_server.envelopes
    assert recipients == ["amina@example.org"]
    assert mail_from in settings.DEFAULT_FROM_EMAIL
    message = message_from_bytes(content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "amina@example.org"
    assert (
        str(message["Subject"])
        .strip()
        .startswith(f"Your place at the café at {registration.cafe.company.name}, ")
    )
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_filename() == "vises-cafe.ics"
    (event,) = Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")
    assert event.decoded("dtstart") == registration.cafe.starts_at
    assert "/r/" in parts["text/plain"].get_content()
