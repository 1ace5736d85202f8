"""Scheduling: pages' go-live and expiry dates take effect through a periodic job.

Wagtail's `publish_scheduled` command publishes revisions whose go-live time has passed and
unpublishes pages whose expiry time has passed (each sends the signal that empties the page cache).
Notices past their valid-until date need no job: every list filters them by date
(`sites.selectors.current_notices`, `PushedNotice.objects.current()`), and the page cache key
carries the date, so no cached list outlives midnight. The job still bumps the cache generation,
so a cache shared by workers in different time zones or a clock change cannot keep one.
Baked static sites have no date in their key: the job queues rebuilds of the lists that notices
and events left since its previous run.
"""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.audit.models import AuditEntry
from cms.audit.services import record_audit
from cms.page_cache import invalidate_public_pages

RUN_ACTION = "sites.publish_scheduled"


def run_scheduled_publishing():
    from sites.publishing.selectors import changes_for_lapsed_items
    from sites.publishing.signals import queue_rebuilds

    now = timezone.now()
    since = previous_run_time() or now - timedelta(days=1)
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    invalidate_public_pages()
    lapsed = changes_for_lapsed_items(since, now)
    queue_rebuilds(lapsed)
    record_audit(
        RUN_ACTION,
        detail={"output": output.getvalue()[-2000:], "now": now.isoformat(), "static_sites_rebuilt": sorted(lapsed)},
    )
    return output.getvalue()


def previous_run_time():
    """When the previous run looked at the clock (kept in its audit entry); None before the first run."""
    entry = AuditEntry.objects.filter(action=RUN_ACTION).order_by("-at").values_list("at", "detail").first()
    if entry is None:
        return None
    at, detail = entry
    recorded = parse_datetime(detail.get("now", "")) if isinstance(detail, dict) else None
    return recorded or at
