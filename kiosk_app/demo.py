"""A demo kiosk in the first community's service hall, so `make run` shows the touch front end."""

from django.urls import reverse

from kiosk_app.models import Kiosk, Orientation
from kiosk_app.services import issue_token

DEMO_KIOSK_NAME = "服务大厅一楼查询机"


def add_demo_kiosk(unit, report):
    """Create the kiosk if missing and issue it a fresh token (only hashes are kept, so an earlier
    token cannot be shown again); the address goes into the report."""
    kiosk, created = Kiosk.objects.get_or_create(
        org_unit=unit,
        name=DEMO_KIOSK_NAME,
        defaults={"location": "社区服务大厅一楼", "orientation": Orientation.PORTRAIT, "idle_timeout_seconds": 90},
    )
    report.created["kiosks"] += created
    return reverse("kiosk:app", args=[issue_token(kiosk)])
