"""Cache of rendered public pages for anonymous visitors.

Keys include the host, path, query and language, plus a generation number that any
publish, unpublish, move or delete bumps, so a change shows on every site at once
(the portal aggregates all sites, so per-page invalidation would miss it anyway).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

GENERATION_KEY = "page-cache-generation"
SKIPPED_PREFIXES = ("/admin/", "/api/", "/documents/", "/lang/", "/i18n/", "/static/", "/media/")


def current_generation():
    return cache.get_or_set(GENERATION_KEY, 1, None)


def invalidate_public_pages(**_signal_kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        # The date is part of the key so no cached list shows a notice past its valid-until day.
        key = "page:{}:{}:{}:{}:{}".format(
            current_generation(),
            timezone.localdate().isoformat(),
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self.cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIPPED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and "preview" not in request.GET
        )

    @staticmethod
    def cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-cache" not in response.get("Cache-Control", "")
        )
