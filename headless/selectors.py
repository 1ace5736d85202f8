"""Reads behind the GraphQL schema: live, public content of one site at a time.

Every read here starts from a `PublicSite` (a site whose home page is live and public) and stays
inside its page tree, so no query can wander into drafts, private subtrees or another site.
The rules themselves (what is current, in which order) come from `sites.selectors`.
"""

from dataclasses import dataclass

from wagtail.models import Page, Site

from cms.orgs.models import OrgLevel, OrgUnit
from sites import selectors as site_selectors

MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10


class PageSizeError(ValueError):
    """A page size outside 1..MAX_PAGE_SIZE or a page number below 1."""


@dataclass
class PageSlice:
    items: list
    total: int
    page: int
    page_size: int

    @property
    def has_next(self):
        return self.page * self.page_size < self.total


@dataclass
class PublicSite:
    site: Site
    home: Page  # the specific CommunityHomePage or PortalHomePage
    org_unit: OrgUnit
    street: OrgUnit | None = None
    district: OrgUnit | None = None

    @property
    def is_portal(self):
        from sites.models import PortalHomePage

        return isinstance(self.home, PortalHomePage)

    def contains(self, page):
        return page.path.startswith(self.home.path)


class Visibility:
    """What the public may see, fetched once per request: the tree paths of private subtrees."""

    def __init__(self):
        self._restricted = None

    @classmethod
    def for_request(cls, request):
        visibility = getattr(request, "_headless_visibility", None)
        if visibility is None:
            visibility = request._headless_visibility = cls()
        return visibility

    @property
    def restricted_paths(self):
        if self._restricted is None:
            self._restricted = site_selectors.restricted_page_paths()
        return self._restricted

    def public(self, queryset):
        """Live pages outside every private subtree."""
        return site_selectors.public_only(queryset.live(), self.restricted_paths)

    def is_public(self, page):
        return page.live and not any(page.path.startswith(path) for path in self.restricted_paths)


def check_page_size(page, page_size):
    if page_size is None:
        page_size = DEFAULT_PAGE_SIZE
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise PageSizeError("page_size")
    if page is None:
        page = 1
    if page < 1:
        raise PageSizeError("page")
    return page, page_size


def paginate(queryset_or_list, page, page_size):
    """One page of a queryset (a count and one fetch, plus its prefetches) or of a list."""
    page, page_size = check_page_size(page, page_size)
    start = (page - 1) * page_size
    if isinstance(queryset_or_list, list):
        total = len(queryset_or_list)
    else:
        total = queryset_or_list.count()
    items = list(queryset_or_list[start : start + page_size]) if start < total else []
    return PageSlice(items=items, total=total, page=page, page_size=page_size)


# ---------------------------------------------------------------- sites
def _home_models():
    from sites.models import CommunityHomePage, PortalHomePage

    return CommunityHomePage, PortalHomePage


def _attach_org_ancestors(public_sites):
    """Fill in each site's street and district with one query for all of them."""
    steplen = OrgUnit.steplen
    prefixes = {ps.org_unit.path[:end] for ps in public_sites for end in range(steplen, len(ps.org_unit.path), steplen)}
    ancestors = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=prefixes)} if prefixes else {}
    for ps in public_sites:
        for end in range(steplen, len(ps.org_unit.path), steplen):
            unit = ancestors.get(ps.org_unit.path[:end])
            if unit is not None and unit.level == OrgLevel.STREET:
                ps.street = unit
            elif unit is not None and unit.level == OrgLevel.DISTRICT:
                ps.district = unit
    return public_sites


def _with_sites(visibility, homes):
    homes = [home for home in homes if visibility.is_public(home)]
    sites_by_root = {}
    for site in Site.objects.filter(root_page_id__in=[home.pk for home in homes]).order_by("-is_default_site", "port"):
        sites_by_root.setdefault(site.root_page_id, site)
    found = [
        PublicSite(site=sites_by_root[home.pk], home=home, org_unit=home.org_unit)
        for home in homes
        if home.pk in sites_by_root
    ]
    return _attach_org_ancestors(found)


def community_sites(visibility, *, district=None, street=None):
    """Every public community site, in the order of the org tree; optionally within a district or
    street (by administrative code). An unknown code gives no sites."""
    community_home, _portal_home = _home_models()
    homes = community_home.objects.live().select_related("org_unit").order_by("org_unit__path")
    for code in (district, street):
        if code:
            unit = OrgUnit.objects.filter(code=code).only("path").first()
            if unit is None:
                return []
            homes = homes.filter(org_unit__path__startswith=unit.path)
    return _with_sites(visibility, list(homes))


def site_by_hostname(visibility, hostname):
    """The public community site or portal answering this host name, or None."""
    hostname = (hostname or "").strip().lower()
    if not hostname:
        return None
    site = Site.objects.filter(hostname=hostname).order_by("port").first()
    return site_of(visibility, site)


def site_of(visibility, site):
    """The `PublicSite` of a Wagtail Site, if its root is a live, public community or portal home."""
    if site is None:
        return None
    for model in _home_models():
        home = model.objects.live().select_related("org_unit").filter(pk=site.root_page_id).first()
        if home is not None:
            found = _with_sites(visibility, [home])
            return found[0] if found else None
    return None


# ---------------------------------------------------------------- the sections of a site
def _below(visibility, public_site, model):
    return visibility.public(model.objects.descendant_of(public_site.home))


def notices(visibility, public_site):
    """The site's own current notices (not expired), pinned first."""
    from sites.models import NoticePage

    queryset = NoticePage.objects.descendant_of(public_site.home)
    return site_selectors.current_notices(queryset, visibility.restricted_paths)


def notice_rows(visibility, public_site):
    """The site's notice list as the site shows it: its own current notices and the current notices
    pushed to its unit or above, pinned first, then newest, as one UNION query of rows (see
    `sites.selectors.notices_of_site`); page it, then turn the rows into objects with `notice_entries`."""
    from sites.models import NoticePage

    own = NoticePage.objects.descendant_of(public_site.home)
    return site_selectors.notices_of_site(own, public_site.org_unit, visibility.restricted_paths)


def notice_list_path(visibility, public_site):
    """The path of the site's public notice list, under which pushed notices are read (or None)."""
    from sites.models import NoticeIndexPage

    notice_list = visibility.public(NoticeIndexPage.objects.child_of(public_site.home)).order_by("path").first()
    if notice_list is None:
        return None
    parts = notice_list.get_url_parts()
    return parts[2] if parts else None


def with_full_urls(public_site, pushed_notices):
    for notice in pushed_notices:
        notice.full_url = f"{public_site.site.root_url}{notice.local_url}"
    return pushed_notices


def notice_entries(visibility, public_site, rows):
    """NoticePages and PushedNotices (with `sender`, `local_url` and `full_url` on this site) for rows
    of `notice_rows`, in their order, in a fixed number of queries."""
    from sites.models import PushedNotice

    rows = list(rows)
    has_pushed = any(kind == "pushed" for _notice_id, _pinned, kind, _sort_at in rows)
    entries = site_selectors.notice_entries(rows, notice_list_path(visibility, public_site) if has_pushed else None)
    with_full_urls(public_site, [entry for entry in entries if isinstance(entry, PushedNotice)])
    return entries


def pushed_notice_of(visibility, public_site, pk):
    """A current pushed notice by id, only if it reaches this site."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    notice = site_selectors.current_pushed_notice(public_site.org_unit, pk)
    if notice is None:
        return None
    notice.local_url = site_selectors.pushed_notice_path(notice_list_path(visibility, public_site), notice.pk)
    return with_full_urls(public_site, [notice])[0]


def news(visibility, public_site):
    from sites.models import NewsPage

    return (
        _below(visibility, public_site, NewsPage)
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-date", "-pk")
    )


def events(visibility, public_site, *, include_past=False):
    """Upcoming events, soonest first; with `include_past`, every event, latest first."""
    from sites.models import EventPage

    queryset = _below(visibility, public_site, EventPage)
    if include_past:
        return queryset.order_by("-start_at", "-pk")
    return site_selectors.upcoming_events(queryset)


def service_guides(visibility, public_site, *, category=None):
    from sites.models import ServiceGuidePage

    queryset = _below(visibility, public_site, ServiceGuidePage).prefetch_related("materials", "steps")
    if category:
        queryset = queryset.filter(category=category)
    return site_selectors.in_category_order(queryset)


def party_affairs(visibility, public_site):
    from sites.models import PartyAffairsPage

    return _below(visibility, public_site, PartyAffairsPage).order_by("-date", "-pk")


def profile(visibility, public_site):
    from sites.models import CommunityProfilePage

    return (
        _below(visibility, public_site, CommunityProfilePage)
        .select_related("map_image")
        .prefetch_related("map_image__renditions", "committee_members__photo__renditions")
        .order_by("path")
        .first()
    )


def contact(visibility, public_site):
    from sites.models import ContactPage

    return _below(visibility, public_site, ContactPage).order_by("path").first()


def notice_attachments(notice):
    return list(notice.attachments.select_related("document"))


def item_of(queryset, pk):
    """One page of a section list by id, only if that list would show it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return queryset.filter(pk=pk).first()


# ---------------------------------------------------------------- any page of a site and its relations
def page_of_site(visibility, public_site, pk):
    """Any live, public page of the site (its home included), as its specific type."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    page = visibility.public(Page.objects.descendant_of(public_site.home, inclusive=True)).filter(pk=pk).first()
    return page.specific if page is not None else None


def parent_of(visibility, public_site, page):
    """The parent inside the same site; the home page has none (above it lie other sites)."""
    if page.depth <= public_site.home.depth:
        return None
    parent_path = page.path[: -Page.steplen]
    return visibility.public(Page.objects.filter(path=parent_path)).first()


def children_of(visibility, public_site, page):
    if not public_site.contains(page):
        return Page.objects.none()
    return visibility.public(page.get_children()).order_by("path")


def siblings_of(visibility, public_site, page):
    """Other pages under the same parent; the home page has no siblings (they would be other sites)."""
    if page.depth <= public_site.home.depth or not public_site.contains(page):
        return Page.objects.none()
    return visibility.public(page.get_siblings(inclusive=False)).order_by("path")


# ---------------------------------------------------------------- search
def search_site(visibility, public_site, query, *, page, page_size):
    """Search the site through the project's search layer; hits outside the site are dropped again."""
    from search.api import search_content

    page, page_size = check_page_size(page, page_size)
    results = search_content(query, sites=[public_site.site], page=page, per_page=page_size)
    hits = [
        hit
        for hit in results.hits
        if (hit.page is None and hit.site == public_site.site)
        or (hit.page is not None and public_site.contains(hit.page) and visibility.is_public(hit.page))
    ]
    return results, hits
