"""Fixed-window rate limits whose counting holds when many requests arrive at once.

Each hit is counted by one atomic operation: Redis `INCR` when the cache is Redis (`REDIS_URL`),
otherwise one `INSERT … ON CONFLICT DO UPDATE … RETURNING` on the `RateCounter` table (SQLite
and PostgreSQL both do it in one statement). A get-then-set, as Django's database cache does
for `incr`, lets parallel requests read the same count and all pass.

Subjects (an address, a phone number, an e-mail address) are never stored: the counter's key
is an HMAC of scope, subject and window under the secret key.

`VISES_RATE_LIMITS=0` switches every limit off (load tests only).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from vises.common.models import RateCounter


def _counter_key(scope: str, subject: str, window: int) -> str:
    message = f"{scope}\x00{subject}\x00{window}".encode()
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _count_in_redis(key: str, ttl_seconds: int) -> int:
    client = caches["default"]._cache.get_client(key, write=True)  # type: ignore[attr-defined]
    pipeline = client.pipeline()
    pipeline.incr(f"vises-rl:{key}")
    pipeline.expire(f"vises-rl:{key}", ttl_seconds)
    hits, _expiry_set = pipeline.execute()
    return int(hits)


def _count_in_database(key: str, expires_at: datetime) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, expires_at],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:
        # A new window began: forget windows that have ended (at most one delete per window).
        RateCounter.objects.filter(expires_at__lt=datetime.now(UTC)).delete()
    return int(hits)


def hit(*, scope: str, key: str, window_seconds: int) -> int:
    """Count one hit for `key` in `scope` and return the hits of the current window so far."""
    window = int(time.time() // window_seconds)
    counter = _counter_key(scope, key, window)
    if isinstance(caches["default"], RedisCache):
        return _count_in_redis(counter, window_seconds + 1)
    window_end = datetime.fromtimestamp((window + 1) * window_seconds, tz=UTC)
    return _count_in_database(counter, window_end + timedelta(seconds=1))


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for `key` in `scope`; False once more than `limit` hits fall in a window."""
    if not settings.VISES_RATE_LIMITS:
        return True
    return hit(scope=scope, key=key, window_seconds=window_seconds) <= limit
