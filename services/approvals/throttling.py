"""Rate limit of the public progress lookup (per client address and clock hour), so case numbers
cannot be enumerated cheaply."""

from django.conf import settings

from cms.rate_limits import take_slot

DEFAULT_LOOKUPS_PER_HOUR = 30


def lookups_per_hour():
    return getattr(settings, "PROGRESS_LOOKUPS_PER_HOUR", DEFAULT_LOOKUPS_PER_HOUR)


def take_lookup(client, *, now=None):
    """Count one lookup for `client`; return 0 when allowed, else the seconds until the window ends."""
    return take_slot(
        f"approvals-progress:{client or 'unknown'}", limit=lookups_per_hour(), window_seconds=3600, now=now
    )
