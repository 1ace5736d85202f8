"""Changes to kiosks: issuing device tokens and recording what a kiosk reports about itself."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from kiosk_app.models import Kiosk, hash_token

TOKEN_PREFIX = "ksk_"
MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
MAX_SCREENSHOT_PIXELS = 4000 * 4000


def issue_token(kiosk, *, actor=None):
    """Give the kiosk a new device token and return it in clear; any previous token stops working.

    Only the hash is kept, so this is the one moment the token can be shown."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(24)
    with transaction.atomic():
        Kiosk.objects.filter(pk=kiosk.pk).update(
            token_hash=hash_token(raw), token_prefix=raw[:10], token_issued_at=timezone.now()
        )
        kiosk.refresh_from_db(fields=["token_hash", "token_prefix", "token_issued_at"])
        record_audit(
            "kiosk.token_issue", actor=actor, obj=kiosk, org_unit=kiosk.org_unit, detail={"token": kiosk.token_prefix}
        )
    return raw


def record_heartbeat(kiosk, *, app_version="", current_screen=""):
    """The kiosk is alive: note when, which app version it runs and what it shows."""
    kiosk.last_heartbeat_at = timezone.now()
    kiosk.app_version = (app_version or "")[:32]
    kiosk.current_screen = (current_screen or "")[:255]
    Kiosk.objects.filter(pk=kiosk.pk).update(
        last_heartbeat_at=kiosk.last_heartbeat_at, app_version=kiosk.app_version, current_screen=kiosk.current_screen
    )
    return kiosk


def store_screenshot(kiosk, upload):
    """Keep the latest screenshot the kiosk uploaded (PNG or JPEG), replacing the previous one."""
    from PIL import Image, UnidentifiedImageError

    data = upload.read(MAX_SCREENSHOT_BYTES + 1)
    if len(data) > MAX_SCREENSHOT_BYTES:
        raise ValidationError(_("The screenshot is larger than 5 MB."), code="too_large")
    try:
        import io

        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(_("The screenshot is not a PNG or JPEG picture."), code="not_an_image") from None
    if image_format not in ("PNG", "JPEG") or width * height > MAX_SCREENSHOT_PIXELS:
        raise ValidationError(_("The screenshot is not a PNG or JPEG picture."), code="not_an_image")
    previous = kiosk.screenshot.name if kiosk.screenshot else None
    extension = "png" if image_format == "PNG" else "jpg"
    with transaction.atomic():
        kiosk.screenshot.save(f"kiosk-{kiosk.pk}.{extension}", ContentFile(data), save=False)
        kiosk.screenshot_at = timezone.now()
        Kiosk.objects.filter(pk=kiosk.pk).update(screenshot=kiosk.screenshot.name, screenshot_at=kiosk.screenshot_at)
    if previous and previous != kiosk.screenshot.name:
        kiosk.screenshot.storage.delete(previous)
    return kiosk
