"""Scheduling: pages' go-live and expiry dates take effect through a periodic job.

Wagtail's `publish_scheduled` command publishes revisions whose go-live time has passed and
unpublishes pages whose expiry time has passed (each sends the signal that empties the page cache).
Notices past their valid-until date need no job: every list filters them by date
(`sites.selectors.current_notices`, `PushedNotice.objects.current()`), and the page cache key
carries the date, so no cached list outlives midnight. The job still bumps the cache generation,
so a cache shared by workers in different time zones or a clock change cannot keep one.
"""

import io

from django.core.management import call_command

from cms.audit.services import record_audit
from cms.page_cache import invalidate_public_pages


def run_scheduled_publishing():
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    invalidate_public_pages()
    record_audit("sites.publish_scheduled", detail={"output": output.getvalue()[-2000:]})
    return output.getvalue()
