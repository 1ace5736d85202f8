"""Every query is scoped to one site, and drafts, private pages, expired notices and other sites'
content never come out: not from lists, not by id, not through parent/children/siblings, not from search."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.accounts.models import Role
from sites.models import (
    CommunityHomePage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    PartyAffairsPage,
    ServiceGuideIndexPage,
    ServiceGuidePage,
)
from tests.factories import staff
from tests.headless.conftest import data_of, post_graphql


def under(home, index_model):
    return index_model.objects.child_of(home).get()


def draft(parent, page):
    page.live = False
    return parent.add_child(instance=page)


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    return page


@pytest.fixture
def content(kiosk_network):
    own = kiosk_network["sites"][0].home
    other = kiosk_network["sites"][1].home
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    pages = {}
    notices = under(own, NoticeIndexPage)
    pages["public"] = notices.add_child(instance=NoticePage(title="公开通知 垃圾分类", summary="公开"))
    pages["draft"] = draft(notices, NoticePage(title="草稿通知 垃圾分类", summary="草稿"))
    pages["private"] = make_private(notices.add_child(instance=NoticePage(title="内部通知 垃圾分类", summary="内部")))
    pages["expired"] = notices.add_child(
        instance=NoticePage(title="过期通知 垃圾分类", valid_until=timezone.localdate() - datetime.timedelta(days=2))
    )
    pages["other"] = under(other, NoticeIndexPage).add_child(instance=NoticePage(title="外社区通知 垃圾分类"))
    # a whole private section: nothing below it may show
    news_index = make_private(under(own, NewsIndexPage))
    pages["news_index"] = news_index
    pages["news_in_private_section"] = news_index.add_child(instance=NewsPage(title="私有栏目新闻 垃圾分类"))
    events = under(own, EventIndexPage)
    pages["event"] = events.add_child(instance=EventPage(title="公开活动", start_at=tomorrow, place="活动室"))
    pages["draft_event"] = draft(events, EventPage(title="草稿活动 垃圾分类", start_at=tomorrow, place="活动室"))
    guides = under(own, ServiceGuideIndexPage)
    pages["draft_guide"] = draft(guides, ServiceGuidePage(title="草稿指南 垃圾分类"))
    pages["other_guide"] = under(other, ServiceGuideIndexPage).add_child(instance=ServiceGuidePage(title="外社区指南"))
    party = under(own, PartyAffairsIndexPage)
    pages["party"] = party.add_child(instance=PartyAffairsPage(title="党费收缴公示"))
    pages["draft_party"] = draft(party, PartyAffairsPage(title="草稿党务 垃圾分类"))
    pages["other_home"] = other
    pages["own_home"] = own
    pages["notices_index"] = notices
    return pages


NEVER = ["草稿", "内部", "外社区", "私有栏目"]  # drafts, private pages, other sites, private sections
NOT_IN_LISTS = [*NEVER, "过期"]  # an expired notice leaves the lists but stays readable at its address


def assert_clean(data, forbidden=NOT_IN_LISTS):
    text = str(data)
    for word in forbidden:
        assert word not in text, f"{word} leaked: {text}"


def ask(client, kiosk_network, query, **variables):
    return data_of(post_graphql(client, query, token=kiosk_network["token"], variables=variables))


def test_lists_show_only_live_public_current_pages_of_the_site(client, kiosk_network, content):
    data = ask(
        client,
        kiosk_network,
        """{ site {
            notices(pageSize: 50) { total items { title } }
            news(pageSize: 50) { total items { title } }
            events(pageSize: 50, includePast: true) { total items { title } }
            serviceGuides(pageSize: 50) { total items { title } }
            partyAffairs(pageSize: 50) { total items { title } }
        } }""",
    )
    site = data["site"]
    assert {item["title"] for item in site["notices"]["items"]} == {"公开通知 垃圾分类", "第1社区网站开通"}
    assert site["news"]["total"] == 0
    assert [item["title"] for item in site["events"]["items"]] == ["公开活动"]
    assert [item["title"] for item in site["partyAffairs"]["items"]] == ["党费收缴公示"]
    assert_clean(data)


@pytest.mark.parametrize(
    "field, key",
    [
        ("notice", "draft"),
        ("notice", "private"),
        ("notice", "expired"),
        ("notice", "other"),
        ("newsArticle", "news_in_private_section"),
        ("event", "draft_event"),
        ("serviceGuide", "draft_guide"),
        ("serviceGuide", "other_guide"),
        ("partyAffairsItem", "draft_party"),
    ],
)
def test_details_by_id_do_not_leak(client, kiosk_network, content, field, key):
    data = ask(
        client,
        kiosk_network,
        f"query($id: ID!) {{ site {{ item: {field}(id: $id) {{ title }} }} }}",
        id=content[key].pk,
    )
    assert data["site"]["item"] is None


@pytest.mark.parametrize("key", ["draft", "private", "other", "news_in_private_section", "other_home", "draft_guide"])
def test_any_page_by_id_does_not_leak(client, kiosk_network, content, key):
    data = ask(client, kiosk_network, "query($id: ID!) { site { page(id: $id) { title } } }", id=content[key].pk)
    assert data["site"]["page"] is None


PAGE_RELATIONS = """query($id: ID!) { site { page(id: $id) {
    title kind
    parent { title kind parent { title kind parent { title } siblings(pageSize: 50) { items { title } } } }
    children(pageSize: 50) { total items { title children(pageSize: 20) { items { title } } } }
    siblings(pageSize: 50) { total items { title kind } }
} } }"""


def test_relations_of_a_notice_stay_in_the_site(client, kiosk_network, content):
    data = ask(client, kiosk_network, PAGE_RELATIONS, id=content["public"].pk)
    page = data["site"]["page"]
    assert page["parent"]["kind"] == "SECTION"
    assert page["parent"]["parent"]["kind"] == "HOME"
    assert page["parent"]["parent"]["parent"] is None  # above the home page lie other sites
    sibling_titles = {item["title"] for item in page["siblings"]["items"]}
    assert "公开通知 垃圾分类" not in sibling_titles
    assert_clean(data, NEVER)


def test_relations_of_the_home_page_stay_in_the_site(client, kiosk_network, content):
    data = ask(client, kiosk_network, PAGE_RELATIONS, id=content["own_home"].pk)
    home = data["site"]["page"]
    assert home["kind"] == "HOME"
    assert home["parent"] is None
    assert home["siblings"] == {"total": 0, "items": []}  # the other sites' homes
    child_titles = [item["title"] for item in home["children"]["items"]]
    assert "通知公告" in child_titles
    assert content["news_index"].title not in child_titles  # a private section
    assert_clean(data, NEVER)


def test_children_of_a_section_skip_drafts_and_private_pages(client, kiosk_network, content):
    data = ask(client, kiosk_network, PAGE_RELATIONS, id=content["notices_index"].pk)
    titles = [item["title"] for item in data["site"]["page"]["children"]["items"]]
    assert "公开通知 垃圾分类" in titles
    assert all(word not in str(titles) for word in ("草稿", "内部", "外社区"))


def test_search_finds_only_live_public_pages_of_the_site(client, kiosk_network, content):
    data = ask(
        client,
        kiosk_network,
        "query($q: String!) { site { search(query: $q, pageSize: 50) { total items { title kind url } } } }",
        q="垃圾分类",
    )
    titles = [item["title"] for item in data["site"]["search"]["items"]]
    for word in ("草稿", "内部", "外社区", "私有栏目"):
        assert word not in str(titles)
    assert "公开通知 垃圾分类" in titles


def test_a_site_with_an_unpublished_or_private_home_is_not_served(client, kiosk_network, content):
    other = content["other_home"]
    make_private(Page.objects.get(pk=other.pk))
    data = ask(
        client,
        kiosk_network,
        '{ site(hostname: "c2.localhost") { hostname } communitySites(pageSize: 50) { total items { hostname } } }',
    )
    assert data["site"] is None
    assert [item["hostname"] for item in data["communitySites"]["items"]] == ["c1.localhost"]

    CommunityHomePage.objects.filter(pk=kiosk_network["sites"][0].home.pk).update(live=False)
    data = ask(client, kiosk_network, '{ site(hostname: "c1.localhost") { hostname } communitySites { total } }')
    assert data == {"site": None, "communitySites": {"total": 0}}


def test_another_site_is_read_only_when_named(client, kiosk_network, content):
    data = ask(
        client,
        kiosk_network,
        '{ site(hostname: "c2.localhost") { hostname notices(pageSize: 50) { items { title } } } }',
    )
    assert data["site"]["hostname"] == "c2.localhost"
    titles = [item["title"] for item in data["site"]["notices"]["items"]]
    assert "外社区通知 垃圾分类" in titles
    assert "公开通知 垃圾分类" not in titles


def test_sites_are_listed_by_district_and_street(client, kiosk_network, content):
    data = ask(
        client,
        kiosk_network,
        """{ districts { code name streets { code name sites { hostname community { name } } } }
             byStreet: communitySites(street: "330102001") { total }
             unknown: communitySites(district: "999999") { total } }""",
    )
    assert data["districts"] == [
        {
            "code": "330102",
            "name": "东湖区",
            "streets": [
                {
                    "code": "330102001",
                    "name": "和平街道",
                    "sites": [
                        {"hostname": "c1.localhost", "community": {"name": "第1社区"}},
                        {"hostname": "c2.localhost", "community": {"name": "第2社区"}},
                    ],
                }
            ],
        }
    ]
    assert data["byStreet"]["total"] == 2
    assert data["unknown"]["total"] == 0


def test_the_portal_is_a_site_too_but_not_a_community(client, kiosk_network):
    data = ask(client, kiosk_network, '{ site(hostname: "portal.localhost") { isPortal } communitySites { total } }')
    assert data["site"]["isPortal"] is True
    assert data["communitySites"]["total"] == 2


def test_staff_sessions_see_the_same_public_content_only(kiosk_network, content, client):
    client.force_login(staff(kiosk_network["communities"][0], Role.COMMUNITY_STAFF))
    response = post_graphql(
        client,
        '{ site(hostname: "c1.localhost") { notices(pageSize: 50) { items { title } } } }',
    )
    assert_clean(data_of(response))
