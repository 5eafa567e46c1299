"""Sign-up burst against gunicorn on PostgreSQL: 1 000 requests in flight across 10 cafés.

Runs the same burst twice in one run, against 1 worker (the baseline) and against several
workers, and reports sign-ups per second for each, their ratio, overbooked cafés and errors.
Writes the result to docs/benchmarks.md. Not part of the test suite (`make bench`).

    VISES_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/vises_bench \
        .venv/bin/python bench/bench_signup_burst.py
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REQUESTS = 1000
CAFES = 10
CAPACITY = 8
WORKERS = int(os.environ.get("VISES_BENCH_WORKERS", "4"))
DATABASE_URL = os.environ.get(
    "VISES_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vises_bench"
)


def bench_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "VISES_DEV": "1",
            "VISES_DEBUG": "0",
            "VISES_RATE_LIMITS": "0",
            "DATABASE_URL": DATABASE_URL,
            "VISES_DATA_DIR": data_dir,
            "VISES_LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "vises"), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


SETUP = """
from datetime import timedelta
from django.utils import timezone
from vises.cafes.models import Cafe, Registration
from vises.companies.models import Company
from vises.partnerships.models import Partnership
from vises.people.models import ConsentText, Person
from vises.partnerships.demo import load
partnership = load()
Registration.objects.filter(cafe__partnership=partnership).delete()
Cafe.objects.filter(partnership=partnership).delete()
Person.objects.filter(partnership=partnership).delete()
ConsentText.objects.get_or_create(partnership=partnership, purpose="register", language="sv",
    version=1, defaults={"text": "Jag samtycker."})
company, _ = Company.objects.get_or_create(partnership=partnership, name="Benchmark AB")
start = timezone.now() + timedelta(days=7)
ids = [Cafe.objects.create(partnership=partnership, company=company, starts_at=start,
    ends_at=start + timedelta(hours=1), capacity=%d, status="open", place="Fika").pk
    for _ in range(%d)]
print(",".join(map(str, ids)))
"""

COUNT = """
from django.db.models import Count, Q
from vises.cafes.models import Cafe
rows = Cafe.objects.filter(pk__in=[%s]).annotate(
    confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
    waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")))
print(";".join(f"{c.pk}:{c.confirmed}:{c.waitlisted}" for c in rows))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def post(port: int, path: str, body: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        + body
    )
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()
    writer.close()
    return int(status_line.split()[1])


async def burst(port: int, cafe_ids: list[int], round_id: int) -> list[int]:
    calls = []
    for n in range(REQUESTS):
        cafe_id = cafe_ids[n % len(cafe_ids)]
        body = json.dumps(
            {
                "first_name": f"Bench{n}",
                "phone": f"+46703{round_id}{n:05d}",
                "language": "sv",
                "consent": True,
            }
        ).encode()
        calls.append(post(port, f"/api/v1/cafes/{cafe_id}/registrations", body))
    results = await asyncio.gather(*calls, return_exceptions=True)
    return [r if isinstance(r, int) else 0 for r in results]


@dataclass
class Outcome:
    workers: int
    seconds: float
    created: int
    errors: int
    overbooked: int

    @property
    def rate(self) -> float:
        return self.created / self.seconds


def run(workers: int, round_id: int, env: dict[str, str]) -> Outcome:
    output = manage(env, "shell", "--no-imports", "-c", SETUP % (CAPACITY, CAFES))
    cafe_ids = [int(x) for x in output.strip().splitlines()[-1].split(",")]
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "vises.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter()
        statuses = asyncio.run(burst(port, cafe_ids, round_id))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = manage(env, "shell", "--no-imports", "-c", COUNT % ",".join(map(str, cafe_ids)))
    counts = counts.strip().splitlines()[-1]
    overbooked = sum(1 for row in counts.split(";") if int(row.split(":")[1]) > CAPACITY)
    return Outcome(
        workers=workers,
        seconds=seconds,
        created=statuses.count(201),
        errors=sum(1 for status in statuses if status not in (200, 201)),
        overbooked=overbooked,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        env = bench_env(data_dir)
        manage(env, "migrate", "--noinput", "-v0")
        baseline = run(1, 1, env)
        scaled = run(WORKERS, 2, env)
    lines = [
        "## Sign-up burst (gunicorn, PostgreSQL)",
        "",
        f"Command: `{' '.join(['.venv/bin/python', 'bench/bench_signup_burst.py'])}` "
        f"({REQUESTS} requests in flight across {CAFES} cafés of {CAPACITY} seats, "
        "rate limits off, one machine with 2 cores).",
        "",
        "| gunicorn workers | sign-ups/s | ratio to 1 worker | time for the burst | "
        "201 answers | errors | overbooked cafés |",
        "|---|---|---|---|---|---|---|",
    ]
    for outcome in (baseline, scaled):
        lines.append(
            f"| {outcome.workers} | {outcome.rate:.0f} | {outcome.rate / baseline.rate:.2f} | "
            f"{outcome.seconds:.2f} s | {outcome.created} | {outcome.errors} | "
            f"{outcome.overbooked} |"
        )
    lines += [
        "",
        "Each sign-up is one transaction of about 40 queries (person, consent, seat under the "
        "café lock, three audit events). Every sign-up of a partnership appends to that "
        "partnership's audit hash chain, whose head row stays locked until commit, so "
        "sign-ups of one partnership are serialised by design (the chain must stay linear); "
        "more workers help with the request handling around that lock. The seat lock itself "
        "is per café. The load generator shares the 2-core machine with the servers and "
        "the database: compare the ratio, not the absolute numbers.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    write_section("## Sign-up burst (gunicorn, PostgreSQL)", report)
    if baseline.errors or scaled.errors or baseline.overbooked or scaled.overbooked:
        sys.exit(1)


if __name__ == "__main__":
    main()
