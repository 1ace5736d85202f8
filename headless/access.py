"""Who may ask the GraphQL endpoint: kiosks with a device token, or signed-in staff with a cookie session.

Token requests are exempt from CSRF (no cookie carries them); session requests go through Django's
CSRF check as everywhere else. Each token (and each staff account) has a per-minute call budget.
"""

from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware

from cms.rate_limits import take_slot

DEFAULT_RATE_LIMIT_PER_MINUTE = 240


@dataclass
class Client:
    kind: str  # "kiosk" or "staff"
    rate_key: str
    kiosk: object = None
    site: object = None  # the Wagtail Site a query without a host name means


class Rejected(Exception):
    def __init__(self, status, code, retry_after=None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.retry_after = retry_after


def bearer_token(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def identify(request):
    """The Client behind the request, or Rejected (401 unknown token, 403 failed CSRF)."""
    token = bearer_token(request)
    if token is not None:
        from kiosk_app import selectors as kiosk_selectors

        kiosk = kiosk_selectors.kiosk_for_token(token)
        if kiosk is None:
            raise Rejected(401, "UNAUTHENTICATED")
        return Client(
            kind="kiosk",
            rate_key=f"kiosk:{kiosk.pk}",
            kiosk=kiosk,
            site=kiosk_selectors.community_site_of(kiosk),
        )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        reason = _csrf_failure(request)
        if reason is not None:
            raise Rejected(403, "CSRF_FAILED")
        return Client(kind="staff", rate_key=f"user:{user.pk}")
    raise Rejected(401, "UNAUTHENTICATED")


def _csrf_failure(request):
    """Django's own CSRF check for a cookie-session request (None when it passes)."""
    middleware = CsrfViewMiddleware(lambda _request: None)
    middleware.process_request(request)
    response = middleware.process_view(request, None, (), {})
    return None if response is None else response


def rate_limit_per_minute():
    return getattr(settings, "HEADLESS_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE)


def take_call(client, *, now=None):
    """Count one call in this clock minute (in the shared cache); 0 when allowed, else seconds to wait."""
    return take_slot(f"headless:{client.rate_key}", limit=rate_limit_per_minute(), window_seconds=60, now=now)
