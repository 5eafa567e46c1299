"""Rate limits hold when many requests arrive at once (issue 8: 50 parallel sign-ups stored 65
against a limit of 20, because the database cache's `incr` is get-then-set).

Each round releases 50 threads, each with its own database connection, at one barrier; exactly
`limit` of them may pass. Run on the database the suite runs on (a SQLite file, or PostgreSQL
with DATABASE_URL) and on Redis.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import close_old_connections, connection, connections

from vises.common import ratelimit
from vises.common.models import RateCounter

PARALLEL = 50
LIMIT = 20
ROUNDS = 5


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A Redis server of the test's own on a free loopback port (scripts/preflight.sh installs
    Debian's redis-server for `make test`), stopped afterwards; nothing is saved to disk."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - Debian's redis-server with fixed arguments
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as attempt:
                if attempt.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def allowed_at_once(scope: str, key: str) -> tuple[int, list[BaseException]]:
    barrier = threading.Barrier(PARALLEL)
    passed: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            ok = ratelimit.allow(scope=scope, key=key, limit=LIMIT, window_seconds=3600)
            with lock:
                passed.append(ok)
        except BaseException as error:  # noqa: BLE001 - every failure is part of the result
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return passed.count(True), errors


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_hits_pass_the_database_counter_exactly_limit_times(settings):
    settings.VISES_RATE_LIMITS = True
    for round_number in range(ROUNDS):
        passed, errors = allowed_at_once("test-signup", f"198.51.100.{round_number}")

        assert errors == []
        assert passed == LIMIT, f"round {round_number} on {connection.vendor}"


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_hits_pass_the_redis_counter_exactly_limit_times(settings, redis_url):
    settings.VISES_RATE_LIMITS = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    caches["default"].clear()
    try:
        for round_number in range(ROUNDS):
            passed, errors = allowed_at_once("test-signup", f"198.51.100.{round_number}")

            assert errors == []
            assert passed == LIMIT, f"round {round_number} on Redis"
        assert RateCounter.objects.count() == 0  # Redis counted, the table did not
    finally:
        caches["default"].clear()


@pytest.mark.django_db
def test_limits_are_per_scope_and_subject_and_store_no_subject(settings):
    settings.VISES_RATE_LIMITS = True
    results = [
        ratelimit.allow(scope="a", key="+46701234567", limit=2, window_seconds=60) for _ in range(3)
    ]
    other_scope = ratelimit.allow(scope="b", key="+46701234567", limit=2, window_seconds=60)
    other_subject = ratelimit.allow(scope="a", key="+46709999999", limit=2, window_seconds=60)

    assert results == [True, True, False]
    assert other_scope is True
    assert other_subject is True
    stored = list(RateCounter.objects.values_list("key", "hits").order_by("-hits"))
    assert [hits for _key, hits in stored] == [3, 1, 1]
    assert not any("4670" in key for key, _hits in stored)


@pytest.mark.django_db
def test_vises_rate_limits_0_lets_everything_through(settings):
    settings.VISES_RATE_LIMITS = False

    results = [ratelimit.allow(scope="a", key="x", limit=1, window_seconds=60) for _ in range(5)]

    assert results == [True] * 5
    assert RateCounter.objects.count() == 0
