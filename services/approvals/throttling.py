"""Rate limit of the public progress lookup, so case numbers cannot be enumerated cheaply.

Counted per client address in Django's cache (Redis in production, shared by every worker):
`cache.add` creates the window's key only when missing and `cache.incr` is atomic.
"""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LOOKUPS_PER_HOUR = 30


def lookups_per_hour():
    return getattr(settings, "PROGRESS_LOOKUPS_PER_HOUR", DEFAULT_LOOKUPS_PER_HOUR)


def take_lookup(client, *, now=None):
    """Count one lookup for `client`; return 0 when allowed, else the seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // 3600)
    key = f"approvals:progress:{client or 'unknown'}:{window}"
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3700)
        count = 1
    if count > lookups_per_hour():
        return max(1, 3600 - int(now % 3600))
    return 0
