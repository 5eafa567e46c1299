"""A fake of a 46elks-style SMS API: a real HTTP server on 127.0.0.1 in a thread that checks
HTTP Basic and the form fields, answers JSON with an id, and keeps every request."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

USER = "u0123456789abcdef"
PASSWORD = "fake-provider-password"
REQUIRED = ("from", "to", "message")


@dataclass
class FakeProvider:
    server: ThreadingHTTPServer | None = None
    requests: list[dict[str, str]] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    # The status to answer with next (e.g. 400 for an invalid number, 503 for an outage).
    answer_status: int = 200

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/a1/sms"


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    credentials = f"{USER}:{PASSWORD}".encode()
    expected = "Basic " + base64.b64encode(credentials).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # quiet: the test reads `requests`

        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode()
            if self.headers.get("Authorization") != expected:
                provider.refused.append(401)
                self._answer(401, {"error": "authorization"})
                return
            if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
                provider.refused.append(415)
                self._answer(415, {"error": "form fields only"})
                return
            form = {key: values[0] for key, values in parse_qs(raw).items()}
            if self.path != "/a1/sms" or any(not form.get(name) for name in REQUIRED):
                provider.refused.append(400)
                self._answer(400, {"error": "missing field"})
                return
            provider.requests.append(form)
            if provider.answer_status != 200:
                self._answer(provider.answer_status, {"error": "refused"})
                return
            self._answer(
                200,
                {
                    "id": f"s{uuid.uuid4().hex}",
                    "status": "created",
                    "direction": "outgoing",
                    "from": form["from"],
                    "to": form["to"],
                    "parts": 1,
                },
            )

    return Handler


def start() -> FakeProvider:
    provider = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider
