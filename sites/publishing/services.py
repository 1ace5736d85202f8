"""Full and incremental builds of a site's static copy. Each build ends in an atomic swap, or in nothing."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.audit.services import record_audit
from sites.publishing import selectors, storage
from sites.publishing.baking import PageRenderer, asset_source, asset_urls, file_for_path, stylesheet_urls
from sites.publishing.models import BakedSite

logger = logging.getLogger(__name__)


@dataclass
class BuildReport:
    host: str
    full: bool
    folder: str = ""
    pages: int = 0  # pages baked in this build
    written: list = field(default_factory=list)  # files written or replaced (relative paths)
    removed: list = field(default_factory=list)  # files removed
    assets: list = field(default_factory=list)  # assets linked in


class _Build:
    """One build folder being filled; nothing in it is served until `swap_in`."""

    def __init__(self, site, folder, report):
        self.site = site
        self.folder = folder
        self.report = report
        self.renderer = PageRenderer(site)
        self.seen_assets = set()

    def bake(self, path):
        relative = file_for_path(path)
        if relative is None:
            return
        rendered = self.renderer.render(path)
        if rendered.content is None:
            if storage.remove_file(self.folder, relative):
                self.report.removed.append(relative)
            return
        self.report.pages += 1
        if storage.write_file(self.folder, relative, rendered.content):
            self.report.written.append(relative)
        self.add_assets(asset_urls(rendered.content))

    def add_assets(self, urls, depth=0):
        for url in sorted(urls - self.seen_assets):
            self.seen_assets.add(url)
            source = asset_source(url)
            if source is None:
                continue
            relative = url.lstrip("/")
            if storage.link_or_copy_file(source, self.folder, relative):
                self.report.assets.append(relative)
            self.add_assets(stylesheet_urls(url, source, depth), depth + 1)

    def remove_subtree(self, path):
        relative = file_for_path(path)
        if relative is None or relative == "index.html":
            return
        self.report.removed.extend(storage.remove_tree(self.folder, relative.rsplit("/", 1)[0]))


def _record_failure(site, error):
    BakedSite.objects.filter(site=site).update(last_error=str(error)[:2000], last_error_at=timezone.now())


def bake_site(site):
    """Bake every public page of `site` into a new folder and serve it; the first build makes it a BakedSite."""
    host = site.hostname
    report = BuildReport(host=host, full=True)
    with storage.host_lock(host):
        folder = storage.new_build_folder(host)
        try:
            build = _Build(site, folder, report)
            for path in selectors.public_page_paths(site):
                build.bake(path)
        except Exception as error:
            storage.discard(folder)
            _record_failure(site, error)
            raise
        storage.swap_in(host, folder)
    now = timezone.now()
    BakedSite.objects.update_or_create(
        site=site,
        defaults={
            "build_name": folder.name,
            "full_build_at": now,
            "built_at": now,
            "page_count": report.pages,
            "last_error": "",
            "last_error_at": None,
        },
    )
    report.folder = str(folder)
    logger.info("Baked %s: %s pages, %s assets", host, report.pages, len(report.assets))
    return report


def unbake_site(site, actor=None):
    """Serve `site` dynamically again: remove its files and stop rebuilding it on publish."""
    with storage.host_lock(site.hostname):
        storage.remove_site(site.hostname)
    BakedSite.objects.filter(site=site).delete()
    record_audit("static_publishing.remove", actor=actor, obj=site, detail={"host": site.hostname})


def request_full_build(site, actor=None):
    """Queue a full build of `site` (the admin's button); it runs in a job worker."""
    from sites.publishing.tasks import bake_static_site

    record_audit("static_publishing.bake", actor=actor, obj=site, detail={"host": site.hostname})
    transaction.on_commit(lambda: bake_static_site.enqueue(site.pk))


def rebuild_paths(site, paths=(), removed_subtrees=()):
    """Re-bake `paths` of an already baked site and drop `removed_subtrees`, starting from the current build.

    Unchanged files stay hard links to the current build; only what changed is written.
    Without a current build (first time, or its folder is gone) this is a full build.
    """
    host = site.hostname
    report = BuildReport(host=host, full=False)
    with storage.host_lock(host):
        current = storage.current_build(host)
        if current is None:
            full_needed = True
        else:
            full_needed = False
            folder = storage.new_build_folder(host)
            try:
                storage.link_copy(current, folder)
                build = _Build(site, folder, report)
                for path in removed_subtrees:
                    build.remove_subtree(path)
                for path in dict.fromkeys(paths):  # in order, once each
                    build.bake(path)
            except Exception as error:
                storage.discard(folder)
                _record_failure(site, error)
                raise
            storage.swap_in(host, folder)
    if full_needed:
        return bake_site(site)
    BakedSite.objects.filter(site=site).update(
        build_name=folder.name, built_at=timezone.now(), last_error="", last_error_at=None
    )
    report.folder = str(folder)
    return report


def rebuild_site_by_id(site_id, paths=(), removed_subtrees=(), full=False):
    site = Site.objects.filter(pk=site_id, baked__isnull=False).select_related("baked").first()
    if site is None:  # no longer baked (or deleted) since the job was queued
        return None
    # After a failed build, the changes it was meant to carry are missing from the served copy:
    # the next job starts again from scratch, which also brings the site up to date.
    if full or site.baked.last_error:
        return bake_site(site)
    return rebuild_paths(site, paths, removed_subtrees)
