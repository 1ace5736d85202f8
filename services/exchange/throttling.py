"""Per-token rate limit: at most EXCHANGE_RATE_LIMIT_PER_MINUTE calls in each clock minute.

The counter lives in Django's cache (Redis in production, so every worker shares it): `cache.add`
creates the minute's key only if it is missing and `cache.incr` is atomic, so concurrent calls
cannot both slip under the limit.
"""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE_LIMIT_PER_MINUTE = 120


def rate_limit_per_minute():
    return getattr(settings, "EXCHANGE_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE)


def take_call(token_id, *, now=None):
    """Count one call for the token; return 0 when allowed, else the seconds until the next minute."""
    now = time.time() if now is None else now
    minute = int(now // 60)
    key = f"exchange:calls:{token_id}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=120)
        count = 1
    if count > rate_limit_per_minute():
        return max(1, 60 - int(now % 60))
    return 0
