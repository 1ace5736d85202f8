"""Rendering pages exactly as an anonymous visitor gets them, and finding the assets they use.

Pages go through Django's full request handling (middleware, Wagtail's routing and privacy
checks) with a request that carries no cookies, so a baked file holds the bytes the dynamic
site would send. Only plain public answers are baked: a 200 that sets no cookie and is not
private (the page cache's rule); anything else (404, a login redirect for a private page, a form
with its CSRF cookie) is left to the dynamic site, and any file there is removed.
"""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory

from cms.page_cache import PublicPageCacheMiddleware

ASSET_ATTRIBUTE = re.compile(rb"""(?:src|href|srcset|poster|data-src)\s*=\s*["']([^"']+)["']""")
CSS_URL = re.compile(rb"""url\(\s*["']?([^"')]+)["']?\s*\)""")
MAX_CSS_DEPTH = 3


class BuildFailed(Exception):
    """A page answered with a server error: the build stops and the previous one stays served."""


@dataclass
class Rendered:
    path: str
    content: bytes | None  # None: not bakeable, served dynamically


def host_header(site):
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def file_for_path(path):
    """'/' -> 'index.html', '/notices/x/' -> 'notices/x/index.html'; None for anything else."""
    if not path.startswith("/") or not path.endswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return None
    return "/".join([*parts, "index.html"])


class PageRenderer:
    """Renders public paths of one site through Django, as an anonymous visitor."""

    def __init__(self, site):
        self.site = site
        self.host = host_header(site)
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()
        self.secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))

    def render(self, path):
        extra = {"HTTP_HOST": self.host}
        if self.secure:
            extra["HTTP_X_FORWARDED_PROTO"] = "https"
        request = self.factory.get(path, secure=self.secure, **extra)
        # Not response.close(): its request_finished signal would close the database connection
        # between pages (CONN_MAX_AGE=0), which a job in a transaction cannot afford.
        response = self.handler.get_response(request)
        if response.status_code >= 500:
            raise BuildFailed(f"{self.host}{path}: HTTP {response.status_code}")
        if response.status_code != 200 or not PublicPageCacheMiddleware.cacheable_response(response):
            return Rendered(path, None)
        if not response.get("Content-Type", "").startswith("text/html"):
            return Rendered(path, None)
        return Rendered(path, response.content)


# ---------------------------------------------------------------- assets
def asset_urls(content):
    """Local static and media URLs that a page or stylesheet refers to."""
    urls = set()
    for match in ASSET_ATTRIBUTE.finditer(content):
        value = match.group(1).decode("utf-8", "replace")
        candidates = [item.strip().split(" ")[0] for item in value.split(",")] if "," in value else [value]
        urls.update(candidate for candidate in candidates if candidate)
    return {url for url in (local_asset_path(url) for url in urls) if url}


def local_asset_path(url):
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)) and ".." not in path.split("/"):
        return path
    return None


def asset_source(url_path):
    """The file on disk behind a static or media URL, or None (e.g. media on object storage)."""
    if url_path.startswith(settings.STATIC_URL):
        name = url_path[len(settings.STATIC_URL) :]
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():
            return collected
        found = finders.find(name)
        return Path(found) if found else None
    name = url_path[len(settings.MEDIA_URL) :]
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        return None
    return path if path.is_file() else None


def stylesheet_urls(url_path, source, depth=0):
    """Assets a stylesheet refers to (fonts, images), resolved against its own URL."""
    if depth >= MAX_CSS_DEPTH or not url_path.endswith(".css"):
        return set()
    urls = set()
    for match in CSS_URL.finditer(source.read_bytes()):
        reference = match.group(1).decode("utf-8", "replace").strip()
        if reference.startswith(("data:", "#")) or urlsplit(reference).scheme:
            continue
        resolved = local_asset_path(posixpath.normpath(posixpath.join(posixpath.dirname(url_path), reference)))
        if resolved:
            urls.add(resolved)
    return urls
