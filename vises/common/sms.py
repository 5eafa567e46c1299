"""Sending SMS through one small backend interface (DESIGN §5).

`send_sms(to, body)` hands the message to the backend named by settings.VISES_SMS_BACKEND:
ConsoleBackend prints it (development), FileBackend writes one file per message into
settings.VISES_SMS_FILE_PATH, LocmemBackend keeps it in `outbox` (tests, like Django's
mail.outbox), ElksBackend posts it to an HTTP SMS provider in the style of 46elks
(docs/sms.md) and returns the provider's id for the delivery callback.

A backend raises SmsRejected when the provider refused this message for good (a 4xx: an
invalid number, a text it will not send): sending it again cannot help. It raises
SmsUnavailable when the provider could not be reached or failed (a timeout, a 5xx, 429): the
task may try again later. Neither error, nor anything logged here, holds the phone number or
the text.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# 46elks's sender: a name of 3–11 letters and digits starting with a letter, or an E.164 number.
SENDER = re.compile(r"[A-Za-z][A-Za-z0-9]{2,10}|\+[1-9][0-9]{6,14}")
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# Refusals that are not about the message: wrong credentials, no credit, too soon.
NOT_THE_MESSAGE = frozenset({401, 402, 403, 408, 429})
# What a provider's answer may be read up to: an id and a status, never a long page.
ANSWER_LIMIT = 64 * 1024


class SmsError(Exception):
    """The SMS did not go. The message never holds the number or the text."""


class SmsRejected(SmsError):
    """The provider refused this message for good (HTTP 4xx): do not send it again."""


class SmsUnavailable(SmsError):
    """The provider could not be reached or failed (timeout, HTTP 5xx or 429): try later."""


@dataclass(frozen=True)
class SmsSent:
    """What the backend knows of a message it handed over: the provider's id (empty for the
    local backends) and the provider's first status for it."""

    provider_id: str = ""
    status: str = ""


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

    def send(self, message: SmsMessage) -> SmsSent | None:
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


def sms_callback_token_matches(token: str) -> bool:
    """True when `token` is settings.VISES_SMS_CALLBACK_TOKEN (compared in constant time);
    never true while no token is configured."""
    expected = settings.VISES_SMS_CALLBACK_TOKEN
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


def delivery_callback_url() -> str:
    """The address the provider reports a message's delivery to, with the secret token in
    its path (the view is vises.people.views.sms.sms_delivery_status)."""
    path = reverse("sms_delivery_status", kwargs={"token": settings.VISES_SMS_CALLBACK_TOKEN})
    return f"{settings.VISES_BASE_URL}{path}"


class ElksBackend(BaseBackend):
    """An HTTP SMS provider in the style of 46elks: a form-encoded POST with HTTP Basic to
    settings.VISES_SMS_API_URL, fields `from` (settings.VISES_SMS_FROM), `to` (E.164),
    `message` and `whendelivered` (our delivery callback); the answer is JSON with the
    message's `id`. Uses the standard library's urllib with a timeout."""

    def __init__(
        self,
        *,
        url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        sender: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url or settings.VISES_SMS_API_URL
        self.user = settings.VISES_SMS_API_USER if user is None else user
        self.password = settings.VISES_SMS_API_PASSWORD if password is None else password
        self.sender = sender or settings.VISES_SMS_FROM
        self.timeout = timeout or settings.VISES_SMS_TIMEOUT

    def _request(self, message: SmsMessage) -> urllib.request.Request:
        fields = {"from": self.sender, "to": message.to, "message": message.body}
        if settings.VISES_SMS_CALLBACK_TOKEN:
            fields["whendelivered"] = delivery_callback_url()
        credentials = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if urllib.parse.urlsplit(self.url).scheme not in ("https", "http"):
            raise SmsUnavailable("VISES_SMS_API_URL must be an http(s) address")
        return urllib.request.Request(  # noqa: S310  (the scheme is checked above)
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    def send(self, message: SmsMessage) -> SmsSent:
        if not E164.fullmatch(message.to):
            raise SmsRejected("the number is not in E.164 form")
        if not self.user or not self.password:
            raise SmsUnavailable("VISES_SMS_API_USER and VISES_SMS_API_PASSWORD are not set")
        request = self._request(message)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read(ANSWER_LIMIT)
        except urllib.error.HTTPError as error:
            error.close()
            # Credentials, credit, 408 and 429 are ours to fix or wait for; other 4xx
            # (an invalid number, a text it will not send) say "never this message".
            if 400 <= error.code < 500 and error.code not in NOT_THE_MESSAGE:
                logger.warning("SMS refused by the provider: HTTP %s", error.code)
                raise SmsRejected(f"the provider refused the message (HTTP {error.code})") from None
            logger.warning("SMS provider failed: HTTP %s", error.code)
            raise SmsUnavailable(f"the provider failed (HTTP {error.code})") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            logger.warning("SMS provider not reachable: %s", type(reason).__name__)
            raise SmsUnavailable("the provider could not be reached") from None
        try:
            data = json.loads(answer)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            # Handed over, but without an id its delivery cannot be followed.
            logger.warning("SMS provider answered without a message id")
            return SmsSent()
        status = data.get("status")
        return SmsSent(data["id"][:64], status[:20] if isinstance(status, str) else "")


def get_backend(path: str | None = None) -> BaseBackend:
    backend_class = import_string(path or settings.VISES_SMS_BACKEND)
    backend: BaseBackend = backend_class()
    return backend


def send_sms(to: str, body: str) -> SmsSent:
    """Send one SMS to an E.164 number through the configured backend; returns what the
    backend knows of it (the provider's id). Raises SmsRejected or SmsUnavailable."""
    if not to:
        raise ValueError("an SMS needs a phone number")
    return get_backend().send(SmsMessage(to=to, body=body)) or SmsSent()
