"""Which addresses of which baked sites a page change affects, and the public pages of a site.

A page's own address, the addresses of its ancestors up to the site's home (its section list and
the home page) and, for any change on any site, the portal's home and its direct children (the
portal aggregates every site). Ancestors' addresses are prefixes of the page's own, so they cost
no query. A change to the home page or to a section (which every page's navigation shows) rebuilds
the whole site.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, Site


@dataclass
class SiteChange:
    paths: list = field(default_factory=list)
    removed_subtrees: list = field(default_factory=list)
    full: bool = False

    def as_job_arguments(self, site_id):
        return {
            "site_id": site_id,
            "paths": list(dict.fromkeys(self.paths)),
            "removed_subtrees": list(dict.fromkeys(self.removed_subtrees)),
            "full": self.full,
        }


@dataclass(frozen=True)
class BakedRoot:
    site_id: int
    path: str  # tree path of the root page
    url_path: str
    depth: int
    is_portal: bool
    root_page_id: int


def baked_roots():
    """The root pages of the sites that have been baked (one query; none before the first build)."""
    from sites.models import PortalHomePage

    portal_type = ContentType.objects.get_for_model(PortalHomePage).pk
    rows = Site.objects.filter(baked__isnull=False).values_list(
        "pk", "root_page__path", "root_page__url_path", "root_page__depth", "root_page__content_type", "root_page"
    )
    return [
        BakedRoot(pk, path, url_path, depth, content_type == portal_type, root)
        for pk, path, url_path, depth, content_type, root in rows
    ]


def relative_path(root, url_path):
    return url_path[len(root.url_path) - 1 :]


def ancestor_paths(relative):
    """'/notices/x/' -> ['/', '/notices/', '/notices/x/']."""
    parts = [part for part in relative.split("/") if part]
    return ["/" + "".join(f"{part}/" for part in parts[:index]) for index in range(len(parts) + 1)]


def live_descendant_paths(root, page, inclusive=False):
    rows = Page.objects.descendant_of(page, inclusive=inclusive).live().order_by("path")
    return [relative_path(root, url_path) for url_path in rows.values_list("url_path", flat=True)]


def portal_paths(root):
    children = Page.objects.child_of(Page(path=root.path, depth=root.depth)).live().order_by("path")
    return ["/"] + [relative_path(root, url_path) for url_path in children.values_list("url_path", flat=True)]


def changes_for_page(page, *, subtree=False, roots=None):
    """{site_id: SiteChange} for a page published, unpublished or made private (subtree=True)."""
    roots = baked_roots() if roots is None else roots
    changes = {}
    for root in roots:
        if not page.path.startswith(root.path):
            continue
        change = changes.setdefault(root.site_id, SiteChange())
        if page.depth <= root.depth + 1:
            change.full = True
            continue
        own = relative_path(root, page.url_path)
        change.paths.extend(ancestor_paths(own))
        if subtree:
            change.removed_subtrees.append(own)
            change.paths.extend(live_descendant_paths(root, page))
    _add_portal(changes, roots)
    return changes


def changes_for_move(page, url_path_before, roots=None):
    """A moved page: its old addresses go, its old ancestors' lists change, the new place is baked."""
    roots = baked_roots() if roots is None else roots
    changes = changes_for_page(page, subtree=True, roots=roots)
    for root in roots:
        if not url_path_before.startswith(root.url_path) or url_path_before == root.url_path:
            continue
        change = changes.setdefault(root.site_id, SiteChange())
        old = relative_path(root, url_path_before)
        change.removed_subtrees.append(old)
        change.paths.extend(ancestor_paths(old)[:-1])
    _add_portal(changes, roots)
    return changes


def _add_portal(changes, roots):
    """The portal aggregates every community site, baked or not, so any page change reaches it."""
    for root in roots:
        if root.is_portal:
            change = changes.setdefault(root.site_id, SiteChange())
            if not change.full:
                change.paths.extend(portal_paths(root))


def changes_for_homes_below(unit, roots=None):
    """A notice pushed down to `unit`: the home page and section lists of every baked site at or below it."""
    from sites.models import CommunityHomePage

    roots = baked_roots() if roots is None else roots
    if not roots:
        return {}
    home_paths = set(
        CommunityHomePage.objects.filter(org_unit__path__startswith=unit.path).values_list("path", flat=True)
    )
    return {root.site_id: SiteChange(paths=portal_paths(root)) for root in roots if root.path in home_paths}


def changes_for_site(site_id, roots=None):
    """Something every page of a site shows changed (its theme or logo): rebuild it all."""
    roots = baked_roots() if roots is None else roots
    return {site_id: SiteChange(full=True)} if any(root.site_id == site_id for root in roots) else {}


def public_page_paths(site):
    """Addresses of the live pages of a site outside private subtrees, home first (two queries)."""
    root = site.root_page
    rows = (
        Page.objects.descendant_of(root, inclusive=True)
        .live()
        .public()
        .order_by("path")
        .values_list("url_path", flat=True)
    )
    return [url_path[len(root.url_path) - 1 :] for url_path in rows]


def sites_with_build_status():
    """Every site with its baked state (None when served only by Django), for the admin: one query."""
    return Site.objects.select_related("root_page", "baked").order_by("hostname")


def merge_changes(*change_sets):
    merged = {}
    for changes in change_sets:
        for site_id, change in changes.items():
            target = merged.setdefault(site_id, SiteChange())
            target.paths.extend(change.paths)
            target.removed_subtrees.extend(change.removed_subtrees)
            target.full = target.full or change.full
    return merged


def changes_for_lapsed_items(since, now, roots=None):
    """Lists drop items by the clock, with no publishing event: notices whose valid-until date ended
    and events that finished between `since` and `now`. {site_id: SiteChange} for their lists."""
    from sites.models import EventPage, NoticePage, PushedNotice
    from sites.selectors import event_ends_at

    roots = baked_roots() if roots is None else roots
    if not roots:
        return {}
    # A notice valid until day D leaves the lists when day D+1 begins (`current_notices`).
    first_day, today = timezone.localdate(since), timezone.localdate(now)
    notices = NoticePage.objects.live().filter(valid_until__gte=first_day, valid_until__lt=today)
    events = EventPage.objects.live().alias(ends_at=event_ends_at()).filter(ends_at__gt=since, ends_at__lte=now)
    pushed = PushedNotice.objects.filter(withdrawn_at__isnull=True, valid_until__gte=first_day, valid_until__lt=today)
    change_sets = [changes_for_page(page, roots=roots) for page in [*notices, *events]]
    change_sets += [changes_for_homes_below(notice.target, roots=roots) for notice in pushed.select_related("target")]
    return merge_changes(*change_sets)
