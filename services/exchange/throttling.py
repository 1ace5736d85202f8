"""Per-token rate limit: at most EXCHANGE_RATE_LIMIT_PER_MINUTE calls in each clock minute."""

from django.conf import settings

from cms.rate_limits import take_slot

DEFAULT_RATE_LIMIT_PER_MINUTE = 120


def rate_limit_per_minute():
    return getattr(settings, "EXCHANGE_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE)


def take_call(token_id, *, now=None):
    """Count one call for the token; return 0 when allowed, else the seconds until the next minute."""
    return take_slot(f"exchange:{token_id}", limit=rate_limit_per_minute(), window_seconds=60, now=now)
