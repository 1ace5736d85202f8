"""Reads behind the public pages. Each list is one query whatever the number of pages it shows."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import PageViewRestriction

from sites.permissions import in_page_trees

HOME_LIST_SIZES = {"notices": 6, "news": 4, "events": 4, "guides": 8, "party_affairs": 5}


def restricted_page_paths():
    """Tree paths of pages with a view restriction (private subtrees): one query per page render.

    Wagtail's `.public()` runs this query once per queryset; a home page with six lists
    fetches it once and applies it to all of them.
    """
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def public_only(queryset, restricted_paths=None):
    """Pages outside private subtrees: with the paths read once per render, or Wagtail's own query."""
    if restricted_paths is None:
        return queryset.public()
    return queryset.exclude(in_page_trees(restricted_paths)) if restricted_paths else queryset


def event_ends_at():
    """When an event is over: its end, or its start when it has no end (indexed on EventPage)."""
    return Coalesce("end_at", "start_at")


def current_notices(queryset, restricted_paths=None):
    """Live, public, not expired; pinned first, then newest."""
    today = timezone.localdate()
    return (
        public_only(queryset, restricted_paths)
        .live()
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-pinned", "-first_published_at", "-pk")
    )


def in_category_order(guides):
    """Service guides grouped in the order categories are declared (social security first), then by tree."""
    from sites.models import GuideCategory

    rank = Case(
        *[When(category=value, then=Value(index)) for index, value in enumerate(GuideCategory.values)],
        default=Value(len(GuideCategory.values)),
        output_field=IntegerField(),
    )
    return guides.order_by(rank, "path")


def upcoming_events(queryset):
    """Live events that have not ended yet, soonest first (the caller filters out private pages)."""
    return queryset.live().alias(ends_at=event_ends_at()).filter(ends_at__gte=timezone.now()).order_by("start_at", "pk")


def section_pages(home, restricted_paths=None):
    """The home page's section index pages by kind, for the navigation and the 'more' links."""
    from sites.models import (
        CommunityProfilePage,
        ContactPage,
        EventIndexPage,
        NewsIndexPage,
        NoticeIndexPage,
        PartyAffairsIndexPage,
        ServiceGuideIndexPage,
    )

    kinds = {
        NoticeIndexPage: "notices",
        NewsIndexPage: "news",
        EventIndexPage: "events",
        ServiceGuideIndexPage: "guides",
        PartyAffairsIndexPage: "party_affairs",
        CommunityProfilePage: "profile",
        ContactPage: "contact",
    }
    by_content_type = {}
    from django.contrib.contenttypes.models import ContentType

    for model, kind in kinds.items():
        by_content_type[ContentType.objects.get_for_model(model).pk] = kind  # cached by Django
    sections = {}
    children = home.get_children().live()
    children = public_only(children, restricted_paths)
    for page in children.order_by("path"):
        kind = by_content_type.get(page.content_type_id)
        if kind and kind not in sections:
            sections[kind] = page
    return sections


def home_page_context(home):
    from sites.models import (
        CommunityFeedPage,
        EventPage,
        NewsPage,
        NoticePage,
        PartyAffairsPage,
        PortalHomePage,
        ServiceGuidePage,
    )

    sizes = HOME_LIST_SIZES
    restricted = restricted_page_paths()

    def public_below_home(model):
        return public_only(model.objects.descendant_of(home).live(), restricted)

    sections = section_pages(home, restricted)
    notice_rows = notices_of_site(NoticePage.objects.descendant_of(home), home.org_unit, restricted)
    notice_list = sections.get("notices")
    context = {
        "sections": sections,
        "latest_notices": notice_entries(
            notice_rows[: sizes["notices"]], notice_list.relative_url(None) if notice_list else None
        ),
        "latest_news": public_below_home(NewsPage)
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
        .order_by("-date", "-pk")[: sizes["news"]],
        "upcoming_events": upcoming_events(public_below_home(EventPage))[: sizes["events"]],
        "service_guides": in_category_order(public_below_home(ServiceGuidePage))[: sizes["guides"]],
        "party_affairs": public_below_home(PartyAffairsPage).order_by("-date", "-pk")[: sizes["party_affairs"]],
    }
    if isinstance(home, PortalHomePage):
        from sites.aggregation import portal_home_context

        context.update(portal_home_context(restricted))
        context["community_feed"] = (
            public_only(CommunityFeedPage.objects.child_of(home).live(), restricted).order_by("path").first()
        )
    return context


def site_home_of(page):
    """The portal or community home page a page belongs to (its site root), specific."""
    from sites.models import CommunityHomePage, PortalHomePage

    for model in (CommunityHomePage, PortalHomePage):
        home = model.objects.ancestor_of(page, inclusive=True).first()
        if home is not None:
            return home
    return None


# ---------------------------------------------------------------- notices of a site, own and pushed down
def org_unit_of_site(page):
    """The org unit of the site a page belongs to (its home page's unit), in one query."""
    from cms.orgs.models import OrgUnit

    home_path = page.path[: page.steplen * 2]
    return OrgUnit.objects.filter(Q(communityhomepage__path=home_path) | Q(portalhomepage__path=home_path)).first()


def notices_of_site(own_notices, unit, restricted_paths=None):
    """A site's current notices: its own pages and the notices pushed to a unit above it, as one
    UNION query of (id, pinned, kind, sort_at) rows, pinned first, then newest. Paginate it, then
    turn the rows of one page into objects with `notice_entries`."""
    from django.db.models import F

    from sites.models import PushedNotice

    own = (
        current_notices(own_notices, restricted_paths)
        .order_by()
        .annotate(kind=Value("page"), sort_at=F("first_published_at"))
        .values_list("id", "pinned", "kind", "sort_at")
    )
    if unit is None:
        return own.order_by("-pinned", "-sort_at", "-id")
    pushed = (
        PushedNotice.objects.reaching(unit)
        .current()
        .order_by()
        .annotate(kind=Value("pushed"), sort_at=F("published_at"))
        .values_list("id", "pinned", "kind", "sort_at")
    )
    return own.union(pushed, all=True).order_by("-pinned", "-sort_at", "-id")


def notice_entries(rows, notice_list_url):
    """Objects for rows of `notices_of_site`, in their order: NoticePages (with the community a
    portal item was submitted by) and PushedNotices (with `local_url` under the site's notice list)."""
    from sites.models import NoticePage, PushedNotice

    rows = list(rows)
    page_ids = [row[0] for row in rows if row[2] == "page"]
    pushed_ids = [row[0] for row in rows if row[2] == "pushed"]
    pages = NoticePage.objects.select_related("portal_submission__source_unit").in_bulk(page_ids) if page_ids else {}
    pushed = PushedNotice.objects.select_related("sender").in_bulk(pushed_ids) if pushed_ids else {}
    entries = []
    for notice_id, _pinned, kind, _sort_at in rows:
        if kind == "pushed":
            entry = pushed[notice_id]
            entry.local_url = pushed_notice_path(notice_list_url, notice_id)
        else:
            entry = pages[notice_id]
        entries.append(entry)
    return entries


def pushed_notice_path(notice_list_url, notice_id):
    """A pushed notice's address on one site: a route of that site's notice list (NoticeIndexPage)."""
    return f"{notice_list_url or '/'}pushed/{notice_id}/"


def current_pushed_notice(unit, notice_id):
    """A pushed notice by id, only while it is current and reaches `unit` (None otherwise)."""
    from sites.models import PushedNotice

    if unit is None:
        return None
    return PushedNotice.objects.reaching(unit).current().select_related("sender").filter(pk=notice_id).first()
