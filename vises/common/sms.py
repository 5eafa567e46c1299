"""Sending SMS through one small backend interface (DESIGN §5).

`send_sms(to, body)` hands the message to the backend named by settings.VISES_SMS_BACKEND:
ConsoleBackend prints it (development), FileBackend writes one file per message into
settings.VISES_SMS_FILE_PATH, LocmemBackend keeps it in `outbox` (tests, like Django's
mail.outbox). A provider's HTTP backend plugs in the same way.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    body: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_text(self) -> str:
        return (
            f"To: {self.to}\nDate: {self.created_at.isoformat(timespec='seconds')}\n\n{self.body}\n"
        )


class BaseBackend:
    """Delivers one message; raises on failure so the task that called it can retry."""

    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: SmsMessage) -> None:
        sys.stdout.write(message.as_text() + "-" * 40 + "\n")
        sys.stdout.flush()


class FileBackend(BaseBackend):
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.VISES_SMS_FILE_PATH)

    def send(self, message: SmsMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = message.created_at.strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:12]}.txt"
        path.write_text(message.as_text(), encoding="utf-8")
        path.chmod(0o600)  # the messages carry people's numbers


# Messages sent through LocmemBackend; tests empty it (vises/conftest.py).
outbox: list[SmsMessage] = []


class LocmemBackend(BaseBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def get_backend(path: str | None = None) -> BaseBackend:
    backend_class = import_string(path or settings.VISES_SMS_BACKEND)
    backend: BaseBackend = backend_class()
    return backend


def send_sms(to: str, body: str) -> None:
    """Send one SMS to an E.164 number through the configured backend."""
    if not to:
        raise ValueError("an SMS needs a phone number")
    get_backend().send(SmsMessage(to=to, body=body))
