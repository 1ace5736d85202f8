"""Fixed-window rate limits counted in Django's cache (Redis in production, shared by every worker).

`cache.add` creates the window's counter only when it is missing and `cache.incr` is atomic, so
concurrent calls cannot both slip under the limit.
"""

import time

from django.core.cache import cache


def take_slot(name, *, limit, window_seconds, now=None):
    """Count one call for `name` in the current clock window; 0 when allowed, else seconds until it ends."""
    now = time.time() if now is None else now
    key = f"rate:{name}:{int(now // window_seconds)}"
    timeout = window_seconds + 60  # outlives its window a little, whatever the clock skew between workers
    cache.add(key, 0, timeout=timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=timeout)
        count = 1
    if count > limit:
        return max(1, window_seconds - int(now % window_seconds))
    return 0
