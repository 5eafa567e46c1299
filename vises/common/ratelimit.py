"""A small fixed-window rate limiter on the shared cache (Redis or the database table).

`VISES_RATE_LIMITS=0` switches every limit off (load tests only).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for `key` in `scope`; False once more than `limit` hits fall in a window."""
    if not settings.VISES_RATE_LIMITS:
        return True
    bucket = int(time.time() // window_seconds)
    cache_key = f"vises-rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, window_seconds + 1):
        return True
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds + 1)
        hits = 1
    return hits <= limit
