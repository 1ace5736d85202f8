"""The kiosk's touch front end and the calls a kiosk makes about itself. All addressed by device token.

The app is one HTML page with plain JavaScript (no build step); it reads content from /graphql/
with the same token. Its service worker lives under /kiosk/<token>/ so its scope covers the app.
"""

import io
import json

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from headless import selectors as content_selectors
from kiosk_app import selectors, services
from kiosk_app.models import HEARTBEAT_INTERVAL_SECONDS

APP_VERSION = "1.0.0"
STATIC_FILES = ["kiosk_app/kiosk.css", "kiosk_app/kiosk.js"]


def kiosk_or_404(token):
    kiosk = selectors.kiosk_for_token(token)
    if kiosk is None:
        raise Http404(_("No active kiosk has this address."))
    return kiosk


def interface_texts():
    """The words the JavaScript shows, translated on the server (the catalogue is the one source)."""
    return {
        "loading": _("Loading…"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "back": _("Back"),
        "home": _("Home"),
        "page_of": _("Page %(page)s of %(pages)s"),
        "pages": _("Turn the pages"),
        "qr_code": _("QR code of this page"),
        "read_on": _("Read on"),
        "scroll_up": _("Scroll up"),
        "scroll_down": _("Scroll down"),
        "empty": _("Nothing here yet."),
        "offline": _("No network: showing the last saved content."),
        "failed": _("This content cannot be loaded now. Please try again later."),
        "scan_to_continue": _("Scan with your phone to read on"),
        "touch_to_start": _("Touch the screen to start"),
        "night": _("The service hall is closed now. Opening hours:"),
        "materials": _("Required materials"),
        "steps": _("Steps"),
        "eligibility": _("Who can apply"),
        "fee": _("Fee"),
        "time_limit": _("Time limit"),
        "office_hours": _("Office hours"),
        "place": _("Where to apply"),
        "phone": _("Phone"),
        "address": _("Address"),
        "population": _("Population"),
        "households": pgettext("count of households", "Households"),
        "committee": _("Committee members"),
        "when": _("Time"),
        "where": _("Place"),
        "copies": _("%(copies)s copies"),
        "original": _("original required"),
        "pinned": _("Pinned"),
        "sent_by": _("Sent by %(source)s"),
        "categories": _("Choose a kind of service"),
        "all_guides": _("All service guides"),
        "contact": _("Contact us"),
        "guide_categories": guide_categories(),
        "weekdays": [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")],
    }


def guide_categories():
    from sites.models import GuideCategory

    return [[value, str(label)] for value, label in GuideCategory.choices]


@never_cache
@require_GET
def app(request, token):
    kiosk = kiosk_or_404(token)
    site = selectors.community_site_of(kiosk)
    config = {
        "token": token,
        "graphql": "/graphql/",
        "base": f"/kiosk/{token}/",
        "serviceWorker": f"/kiosk/{token}/sw.js",
        "heartbeat": f"/kiosk/{token}/heartbeat/",
        "qr": f"/kiosk/{token}/qr.svg",
        "appVersion": APP_VERSION,
        "heartbeatSeconds": HEARTBEAT_INTERVAL_SECONDS,
        "idleSeconds": kiosk.idle_timeout_seconds,
        "texts": interface_texts(),
    }
    context = {"kiosk": kiosk, "site": site, "config": config}
    return render(request, "kiosk_app/app.html", context)


@never_cache
@require_GET
def service_worker(request, token):
    """The offline cache: the app shell and static files up front, content as it is read."""
    kiosk_or_404(token)
    precache = [f"/kiosk/{token}/", *[static(path) for path in STATIC_FILES]]
    body = render(
        request,
        "kiosk_app/sw.js",
        {"cache_name": f"kiosk-{APP_VERSION}", "precache": json.dumps(precache)},
        content_type="application/javascript",
    )
    body["Service-Worker-Allowed"] = f"/kiosk/{token}/"
    return body


@csrf_exempt  # authenticated by the device token in the address, no cookies involved
@require_POST
def heartbeat(request, token):
    kiosk = kiosk_or_404(token)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": {"code": "invalid", "message": _("The request body is not JSON.")}}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": {"code": "invalid", "message": _("The request body is not JSON.")}}, status=400)
    services.record_heartbeat(
        kiosk, app_version=str(payload.get("appVersion", "")), current_screen=str(payload.get("screen", ""))
    )
    return JsonResponse({"ok": True, "nextInSeconds": HEARTBEAT_INTERVAL_SECONDS})


@csrf_exempt
@require_POST
def screenshot(request, token):
    """The kiosk's device agent uploads what the screen shows (multipart field `screenshot`)."""
    kiosk = kiosk_or_404(token)
    upload = request.FILES.get("screenshot")
    if upload is None:
        return JsonResponse({"error": {"code": "missing", "message": _("Attach a screenshot.")}}, status=400)
    try:
        services.store_screenshot(kiosk, upload)
    except ValidationError as error:
        return JsonResponse({"error": {"code": error.code, "message": error.messages[0]}}, status=400)
    return JsonResponse({"ok": True})


@require_GET
def qr_code(request, token):
    """A QR code (SVG) of a public page of the kiosk's own site, to continue reading on a phone."""
    kiosk = kiosk_or_404(token)
    site = selectors.community_site_of(kiosk)
    visibility = content_selectors.Visibility()
    public_site = content_selectors.site_of(visibility, site)
    if public_site is None:
        raise Http404
    url = public_url_of(visibility, public_site, request.GET.get("page") or str(public_site.home.pk), request)
    if url is None:
        raise Http404
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = f"max-age={getattr(settings, 'PAGE_CACHE_SECONDS', 300) or 300}"
    return response


def qr_svg(url):
    """A stand-alone SVG document of the QR code: with its namespace, as an <img> needs (an inline
    HTML5 fragment without it shows nothing)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False)
    return buffer.getvalue()


def public_url_of(visibility, public_site, item_id, request):
    """The public address of a page of the site, or of a notice pushed down to it (GraphQL ids
    `pushed-<id>`, read under the site's notice list); None if the site shows no such thing."""
    if item_id.startswith("pushed-"):
        notice = content_selectors.pushed_notice_of(visibility, public_site, item_id.removeprefix("pushed-"))
        return notice.full_url if notice is not None else None
    page = content_selectors.page_of_site(visibility, public_site, item_id)
    return page.get_full_url(request) if page is not None else None
