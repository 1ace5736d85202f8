"""GraphQL types for site content. Resolvers read through `headless.selectors` and hold no rules."""

import graphene
from django.contrib.contenttypes.models import ContentType

from headless import selectors
from headless.errors import page_size_error
from headless.images import Image


def visibility(info):
    return selectors.Visibility.for_request(info.context)


def sliced(info, public_site, queryset_or_list, page, page_size):
    """A page of items, each tagged with the site it was read from (for urls and relations)."""
    try:
        found = selectors.paginate(queryset_or_list, page, page_size)
    except selectors.PageSizeError:
        raise page_size_error() from None
    for item in found.items:
        item._public_site = public_site
    return found


def tagged(item, public_site):
    if item is not None:
        item._public_site = public_site
    return item


def paging_arguments():
    return {
        "page": graphene.Int(default_value=1, description="1-based page number"),
        "page_size": graphene.Int(
            default_value=selectors.DEFAULT_PAGE_SIZE, description=f"at most {selectors.MAX_PAGE_SIZE}"
        ),
    }


def list_type(name, item_type):
    return type(
        name,
        (graphene.ObjectType,),
        {
            "items": graphene.List(graphene.NonNull(item_type), required=True),
            "total": graphene.Int(required=True),
            "page": graphene.Int(required=True),
            "page_size": graphene.Int(required=True),
            "has_next": graphene.Boolean(required=True),
        },
    )


class OrgUnit(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    level = graphene.String(required=True)


class PageKind(graphene.Enum):
    HOME = "home"
    NOTICE = "notice"
    NEWS = "news"
    EVENT = "event"
    SERVICE_GUIDE = "service_guide"
    PARTY_AFFAIRS = "party_affairs"
    PROFILE = "profile"
    CONTACT = "contact"
    SECTION = "section"
    OTHER = "other"


KIND_OF_MODEL = {
    "communityhomepage": "home",
    "portalhomepage": "home",
    "noticepage": "notice",
    "newspage": "news",
    "eventpage": "event",
    "serviceguidepage": "service_guide",
    "partyaffairspage": "party_affairs",
    "communityprofilepage": "profile",
    "contactpage": "contact",
    "noticeindexpage": "section",
    "newsindexpage": "section",
    "eventindexpage": "section",
    "serviceguideindexpage": "section",
    "partyaffairsindexpage": "section",
}


def kind_of(page):
    model = ContentType.objects.get_for_id(page.content_type_id).model  # cached by Django
    return KIND_OF_MODEL.get(model, "other")


class PageFields:
    """What every page shows: id, title, where it lives on its site."""

    id = graphene.ID(required=True)
    title = graphene.String(required=True)
    url = graphene.String(description="path on the page's own site")
    full_url = graphene.String(description="absolute address, for a QR code to continue on a phone")
    first_published_at = graphene.DateTime()
    last_published_at = graphene.DateTime()

    @staticmethod
    def resolve_url(page, info):
        return page.get_url(info.context)

    @staticmethod
    def resolve_full_url(page, info):
        return page.get_full_url(info.context)


def body_html(page, info):
    return str(page.body) if page.body else ""


class Attachment(graphene.ObjectType):
    title = graphene.String(required=True)
    url = graphene.String(required=True)

    @staticmethod
    def resolve_title(attachment, info):
        return attachment.title or attachment.document.title

    @staticmethod
    def resolve_url(attachment, info):
        return info.context.build_absolute_uri(attachment.document.url)


PUSHED_ID_PREFIX = "pushed-"  # pushed notices are rows, not pages: their ids must not collide with page ids


def is_pushed(notice):
    from sites.models import PushedNotice

    return isinstance(notice, PushedNotice)


class NoticeSummary(PageFields, graphene.ObjectType):
    """A notice of the site's own, or one a street, district or the city pushed down to it."""

    summary = graphene.String(required=True)
    pinned = graphene.Boolean(required=True)
    valid_until = graphene.Date()
    pushed = graphene.Boolean(required=True, description="pushed down by a street, district or the city")
    source = graphene.String(description="the name of the unit that pushed the notice down; null for the site's own")

    @staticmethod
    def resolve_id(notice, info):
        return f"{PUSHED_ID_PREFIX}{notice.pk}" if is_pushed(notice) else notice.pk

    @staticmethod
    def resolve_url(notice, info):
        return notice.local_url if is_pushed(notice) else notice.get_url(info.context)

    @staticmethod
    def resolve_full_url(notice, info):
        return notice.full_url if is_pushed(notice) else notice.get_full_url(info.context)

    @staticmethod
    def resolve_last_published_at(notice, info):
        return notice.updated_at if is_pushed(notice) else notice.last_published_at

    @staticmethod
    def resolve_pushed(notice, info):
        return is_pushed(notice)

    @staticmethod
    def resolve_source(notice, info):
        return notice.sender.name if is_pushed(notice) else None


class Notice(NoticeSummary):
    body_html = graphene.String(required=True, resolver=body_html)
    attachments = graphene.List(graphene.NonNull(Attachment), required=True)

    @staticmethod
    def resolve_attachments(notice, info):
        return [] if is_pushed(notice) else selectors.notice_attachments(notice)


class NewsSummary(PageFields, graphene.ObjectType):
    date = graphene.Date(required=True)
    summary = graphene.String(required=True)
    cover_image = graphene.Field(Image)


class News(NewsSummary):
    body_html = graphene.String(required=True, resolver=body_html)


class EventSummary(PageFields, graphene.ObjectType):
    start_at = graphene.DateTime(required=True)
    end_at = graphene.DateTime()
    place = graphene.String(required=True)
    capacity = graphene.Int()
    organiser = graphene.String(required=True)
    summary = graphene.String(required=True)


class Event(EventSummary):
    body_html = graphene.String(required=True, resolver=body_html)


class GuideMaterial(graphene.ObjectType):
    name = graphene.String(required=True)
    copies = graphene.Int(required=True)
    original_required = graphene.Boolean(required=True)
    note = graphene.String(required=True)


class GuideStep(graphene.ObjectType):
    title = graphene.String(required=True)
    description = graphene.String(required=True)


class ServiceGuideSummary(PageFields, graphene.ObjectType):
    category = graphene.String(required=True)
    category_label = graphene.String(required=True)
    summary = graphene.String(required=True)
    eligibility = graphene.String(required=True)
    fee = graphene.String(required=True)
    time_limit = graphene.String(required=True)
    time_limit_days = graphene.Int()
    office_hours = graphene.String(required=True)
    place = graphene.String(required=True)
    contact_phone = graphene.String(required=True)
    materials = graphene.List(graphene.NonNull(GuideMaterial), required=True)
    steps = graphene.List(graphene.NonNull(GuideStep), required=True)

    @staticmethod
    def resolve_category_label(guide, info):
        return str(guide.get_category_display())

    @staticmethod
    def resolve_materials(guide, info):
        return guide.materials.all()  # prefetched by the selector

    @staticmethod
    def resolve_steps(guide, info):
        return guide.steps.all()


class ServiceGuide(ServiceGuideSummary):
    legal_basis = graphene.String(required=True)
    body_html = graphene.String(required=True, resolver=body_html)


class PartyAffairsSummary(PageFields, graphene.ObjectType):
    category = graphene.String(required=True)
    category_label = graphene.String(required=True)
    date = graphene.Date(required=True)
    summary = graphene.String(required=True)

    @staticmethod
    def resolve_category_label(item, info):
        return str(item.get_category_display())


class PartyAffairs(PartyAffairsSummary):
    body_html = graphene.String(required=True, resolver=body_html)


class CommitteeMember(graphene.ObjectType):
    name = graphene.String(required=True)
    position = graphene.String(required=True)
    duties = graphene.String(required=True)
    photo = graphene.Field(Image)


class Profile(PageFields, graphene.ObjectType):
    population = graphene.Int()
    households = graphene.Int()
    area_km2 = graphene.Float()
    address = graphene.String(required=True)
    latitude = graphene.Float()
    longitude = graphene.Float()
    map_image = graphene.Field(Image)
    body_html = graphene.String(required=True, resolver=body_html)
    committee_members = graphene.List(graphene.NonNull(CommitteeMember), required=True)

    @staticmethod
    def resolve_committee_members(profile, info):
        return profile.committee_members.all()  # prefetched by the selector


class Contact(PageFields, graphene.ObjectType):
    address = graphene.String(required=True)
    phone = graphene.String(required=True)
    email = graphene.String(required=True)
    office_hours = graphene.String(required=True)


class PageNode(PageFields, graphene.ObjectType):
    """Any page of a site, for walking its tree; every relation stays inside the same site."""

    kind = graphene.Field(PageKind, required=True)
    parent = graphene.Field(lambda: PageNode)
    children = graphene.Field(lambda: PageNodeList, required=True, **paging_arguments())
    siblings = graphene.Field(lambda: PageNodeList, required=True, **paging_arguments())

    @staticmethod
    def resolve_kind(page, info):
        return kind_of(page)

    @staticmethod
    def resolve_parent(page, info):
        return tagged(selectors.parent_of(visibility(info), page._public_site, page), page._public_site)

    @staticmethod
    def resolve_children(node, info, page, page_size):
        queryset = selectors.children_of(visibility(info), node._public_site, node)
        return sliced(info, node._public_site, queryset, page, page_size)

    @staticmethod
    def resolve_siblings(node, info, page, page_size):
        queryset = selectors.siblings_of(visibility(info), node._public_site, node)
        return sliced(info, node._public_site, queryset, page, page_size)


PageNodeList = list_type("PageNodeList", PageNode)
NoticeList = list_type("NoticeList", NoticeSummary)
NewsList = list_type("NewsList", NewsSummary)
EventList = list_type("EventList", EventSummary)
ServiceGuideList = list_type("ServiceGuideList", ServiceGuideSummary)
PartyAffairsList = list_type("PartyAffairsList", PartyAffairsSummary)


class SearchHit(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = graphene.Field(PageKind, required=True)
    title = graphene.String(required=True)
    title_html = graphene.String(required=True)
    snippet_html = graphene.String(required=True)
    url = graphene.String()
    source = graphene.String(description="for a pushed notice, the name of the unit that pushed it down")


SearchResultList = list_type("SearchResultList", SearchHit)


class Site(graphene.ObjectType):
    """A community site or the portal, and everything public on it."""

    hostname = graphene.String(required=True)
    name = graphene.String(required=True)
    url = graphene.String(required=True)
    is_portal = graphene.Boolean(required=True)
    introduction = graphene.String(required=True)
    community = graphene.Field(OrgUnit, required=True)
    street = graphene.Field(OrgUnit)
    district = graphene.Field(OrgUnit)
    notices = graphene.Field(
        NoticeList,
        required=True,
        description="the site's own notices and those pushed down to it, pinned first, then newest",
        **paging_arguments(),
    )
    notice = graphene.Field(Notice, id=graphene.ID(required=True))
    news = graphene.Field(NewsList, required=True, **paging_arguments())
    news_article = graphene.Field(News, id=graphene.ID(required=True))
    events = graphene.Field(
        EventList, required=True, include_past=graphene.Boolean(default_value=False), **paging_arguments()
    )
    event = graphene.Field(Event, id=graphene.ID(required=True))
    service_guides = graphene.Field(ServiceGuideList, required=True, category=graphene.String(), **paging_arguments())
    service_guide = graphene.Field(ServiceGuide, id=graphene.ID(required=True))
    party_affairs = graphene.Field(PartyAffairsList, required=True, **paging_arguments())
    party_affairs_item = graphene.Field(PartyAffairs, id=graphene.ID(required=True))
    profile = graphene.Field(Profile)
    contact = graphene.Field(Contact)
    page = graphene.Field(PageNode, id=graphene.ID(required=True))
    search = graphene.Field(SearchResultList, required=True, query=graphene.String(required=True), **paging_arguments())

    @staticmethod
    def resolve_hostname(public_site, info):
        return public_site.site.hostname

    @staticmethod
    def resolve_name(public_site, info):
        return public_site.site.site_name or public_site.home.title

    @staticmethod
    def resolve_url(public_site, info):
        return public_site.site.root_url

    @staticmethod
    def resolve_introduction(public_site, info):
        return public_site.home.introduction

    @staticmethod
    def resolve_community(public_site, info):
        return public_site.org_unit

    @staticmethod
    def resolve_notices(public_site, info, page, page_size):
        try:
            found = selectors.paginate(selectors.notice_rows(visibility(info), public_site), page, page_size)
        except selectors.PageSizeError:
            raise page_size_error() from None
        found.items = [
            tagged(item, public_site) for item in selectors.notice_entries(visibility(info), public_site, found.items)
        ]
        return found

    @staticmethod
    def resolve_notice(public_site, info, id):
        if str(id).startswith(PUSHED_ID_PREFIX):
            notice = selectors.pushed_notice_of(visibility(info), public_site, str(id)[len(PUSHED_ID_PREFIX) :])
            return tagged(notice, public_site)
        return tagged(selectors.item_of(selectors.notices(visibility(info), public_site), id), public_site)

    @staticmethod
    def resolve_news(public_site, info, page, page_size):
        return sliced(info, public_site, selectors.news(visibility(info), public_site), page, page_size)

    @staticmethod
    def resolve_news_article(public_site, info, id):
        return tagged(selectors.item_of(selectors.news(visibility(info), public_site), id), public_site)

    @staticmethod
    def resolve_events(public_site, info, include_past, page, page_size):
        queryset = selectors.events(visibility(info), public_site, include_past=include_past)
        return sliced(info, public_site, queryset, page, page_size)

    @staticmethod
    def resolve_event(public_site, info, id):
        queryset = selectors.events(visibility(info), public_site, include_past=True)
        return tagged(selectors.item_of(queryset, id), public_site)

    @staticmethod
    def resolve_service_guides(public_site, info, page, page_size, category=None):
        queryset = selectors.service_guides(visibility(info), public_site, category=category)
        return sliced(info, public_site, queryset, page, page_size)

    @staticmethod
    def resolve_service_guide(public_site, info, id):
        return tagged(selectors.item_of(selectors.service_guides(visibility(info), public_site), id), public_site)

    @staticmethod
    def resolve_party_affairs(public_site, info, page, page_size):
        return sliced(info, public_site, selectors.party_affairs(visibility(info), public_site), page, page_size)

    @staticmethod
    def resolve_party_affairs_item(public_site, info, id):
        return tagged(selectors.item_of(selectors.party_affairs(visibility(info), public_site), id), public_site)

    @staticmethod
    def resolve_profile(public_site, info):
        return tagged(selectors.profile(visibility(info), public_site), public_site)

    @staticmethod
    def resolve_contact(public_site, info):
        return tagged(selectors.contact(visibility(info), public_site), public_site)

    @staticmethod
    def resolve_page(public_site, info, id):
        return tagged(selectors.page_of_site(visibility(info), public_site, id), public_site)

    @staticmethod
    def resolve_search(public_site, info, query, page, page_size):
        try:
            results, hits = selectors.search_site(visibility(info), public_site, query, page=page, page_size=page_size)
        except selectors.PageSizeError:
            raise page_size_error() from None
        items = [
            SearchHit(
                id=f"{PUSHED_ID_PREFIX}{hit.pushed_notice.pk}",
                kind="notice",
                title=hit.pushed_notice.title,
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                url=hit.local_url,
                source=hit.source,
            )
            if hit.pushed_notice is not None
            else SearchHit(
                id=hit.page.pk,
                kind=kind_of(hit.page),
                title=hit.page.title,
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                url=hit.page.get_url(info.context),
            )
            for hit in hits
        ]
        return SearchResultList(
            items=items,
            total=results.total,
            page=results.page,
            page_size=results.per_page,
            has_next=results.page * results.per_page < results.total,
        )


SiteList = list_type("SiteList", Site)


class Street(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    sites = graphene.List(graphene.NonNull(Site), required=True)


class District(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    streets = graphene.List(graphene.NonNull(Street), required=True)
