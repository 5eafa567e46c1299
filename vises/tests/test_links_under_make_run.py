"""Under `make run` the links in messages point at the web server, whatever port honcho gives
the worker: the real process group on a free port, a sign-up through the public API, the
receipt the worker prints (console e-mail in development), its link fetched over HTTP."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
ADDRESS = "links-e2e@example.org"
WAIT_SECONDS = 60
# The console e-mail backend ends every message with this line.
MESSAGE_END = "-" * 79
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http(url: str, payload: dict[str, Any] | None = None) -> tuple[int, bytes]:
    data = json.dumps(payload).encode() if payload is not None else None
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def make_run(tmp_path) -> Iterator[tuple[str, Callable[[], str]]]:
    """`make run` on a free port with its own data directory (SQLite, migrated, demo data).

    Gives the address it serves and a function returning its output so far; the whole
    process group (make, honcho, web server, worker, scheduler) is stopped afterwards."""
    make = shutil.which("make")
    assert make is not None, "make is missing"
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("EMAIL_", "MAKE", "MFLAGS", "VISES_"))
        and name not in {"DATABASE_URL", "REDIS_URL", "PORT"}
    }
    env |= {"VISES_DEV": "1", "VISES_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    log_path = tmp_path / "make-run.log"
    with log_path.open("wb") as log:
        # `-o setup`: the virtualenv this test runs in is set up already.
        process = subprocess.Popen(
            [make, "--no-print-directory", "-o", "setup", "run", f"PORT={port}"],
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield f"http://127.0.0.1:{port}", lambda: log_path.read_text(errors="replace")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while group_members(process.pid) and time.monotonic() < deadline:
            process.poll()
            time.sleep(0.2)
        left = group_members(process.pid)
        if left:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        # Nothing of the group may outlive the test.
        assert left == [], "make run's processes did not stop on SIGTERM"


def group_members(group: int) -> list[int]:
    """The live (not zombie) processes of the process group."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            members.append(int(stat.parent.name))
    return members


def wait_for(what: str, found: Callable[[], T | None], output: Callable[[], str]) -> T:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = found()
        if value is not None:
            return value
        time.sleep(0.5)
    pytest.fail(f"no {what} within {WAIT_SECONDS} s; make run said:\n{output()[-4000:]}")


def open_cafes(base_url: str) -> list[dict[str, Any]] | None:
    try:
        status, body = http(f"{base_url}/api/v1/cafes")
    except OSError:
        return None  # not listening yet
    cafes = json.loads(body) if status == 200 else []
    return [cafe for cafe in cafes if cafe["status"] == "open"] or None


def mail_printed_by_worker(output: str, to: str) -> email.message.EmailMessage | None:
    """The first e-mail to `to` that the worker printed (honcho prefixes its lines)."""
    lines = re.findall(r"^\S+ worker\.1 +\| ?(.*)$", output, re.MULTILINE)
    for chunk in "\n".join(lines).split(f"\n{MESSAGE_END}\n"):
        start = re.search(r"^Content-Type: ", chunk, re.MULTILINE)
        if start is None or not re.search(rf"^To: {re.escape(to)}$", chunk, re.MULTILINE):
            continue
        message = email.message_from_string(chunk[start.start() :], policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        return message
    return None


def test_the_link_in_the_receipt_the_worker_sent_opens(make_run):
    base_url, output = make_run
    cafe = wait_for("café open for sign-up", lambda: open_cafes(base_url), output)[0]

    status, body = http(
        f"{base_url}/api/v1/cafes/{cafe['id']}/registrations",
        {"first_name": "Länk", "email": ADDRESS, "language": "sv", "consent": True},
    )
    assert (status, json.loads(body)["status"]) == (201, "confirmed")
    receipt = wait_for("receipt", lambda: mail_printed_by_worker(output(), ADDRESS), output)
    text_part = receipt.get_body(preferencelist=("plain",))
    assert text_part is not None
    text = text_part.get_content()
    links = re.findall(r"https?://\S+", text)
    registration_links = [link for link in links if "/r/" in link]

    assert links and all(link.startswith(f"{base_url}/") for link in links), links
    assert len(registration_links) == 1
    assert registration_links[0].startswith(f"{base_url}/r/")
    status, page = http(registration_links[0])
    assert status == 200
    assert "Länk" in page.decode()
