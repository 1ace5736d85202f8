"""Keeps the current request's client address available to services that write audit entries."""

from contextvars import ContextVar

_current_ip = ContextVar("audit_current_ip", default=None)


def client_ip(request):
    # Behind nginx the real client is the first X-Forwarded-For hop; nginx is configured to set it.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current_ip():
    return _current_ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)
