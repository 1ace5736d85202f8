"""GraphQL shows a site's pushed-down notices with its own, in the site's list order, and never leaks
withdrawn, expired or other areas' pushes: not in lists, not by id, not through search or another token."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from kiosk_app.models import Kiosk
from kiosk_app.services import issue_token
from sites.models import NoticeIndexPage, NoticePage, PushedNotice
from sites.selectors import notice_entries, notices_of_site, org_unit_of_site
from sites.services.exchange import push_notice, withdraw_pushed_notice
from sites.services.site_builder import create_community_site
from tests.factories import staff
from tests.headless.conftest import data_of, post_graphql

NOTICES = """{ site { notices(pageSize: 50) { total items {
  id title pinned pushed source url fullUrl firstPublishedAt } } } }"""
NOTICE = """query One($id: ID!) { site { notice(id: $id) {
  id title summary pushed source bodyHtml attachments { title } url } } }"""
SEARCH = """query Find($q: String!) { site { search(query: $q) { total items { id kind title url source } } } }"""


def ask(client, token, query, **variables):
    cache.clear()
    return data_of(post_graphql(client, query, token=token, variables=variables))


def notice_list(built):
    return NoticeIndexPage.objects.child_of(built.home).get()


def at(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def pushes(kiosk_network):
    """Pushes that reach the kiosk's site (c1) and pushes that must never show on it."""
    network = kiosk_network
    street_staff = staff(network["street"], Role.STREET_STAFF)
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    other_street = create_org_unit(name="光明街道", code="330102002", level="street", parent=network["district"])
    other_unit = create_org_unit(name="光明第一社区", code="330102002001", level="community", parent=other_street)
    create_community_site(org_unit=other_unit, hostname="g1.localhost", theme="fresh_green")
    other_kiosk = Kiosk.objects.create(name="光明一号机", org_unit=other_unit)
    found = {
        "street": push_notice(
            actor=street_staff, target=network["street"], title="街道防汛通知", summary="请做好防汛准备"
        ),
        "city_pinned": push_notice(actor=city_admin, target=network["city"], title="全市燃气安全通知", pinned=True),
        "second_only": push_notice(actor=city_admin, target=network["communities"][1], title="第二社区停水通知"),
        "other_street": push_notice(
            actor=staff(other_street, Role.STREET_STAFF), target=other_street, title="光明街道停电通知"
        ),
        "withdrawn": push_notice(actor=street_staff, target=network["street"], title="已撤回的防汛通知"),
        "expired": push_notice(actor=street_staff, target=network["street"], title="已过期的防汛通知"),
        "other_token": issue_token(other_kiosk),
    }
    withdraw_pushed_notice(found["withdrawn"], actor=street_staff)
    PushedNotice.objects.filter(pk=found["expired"].pk).update(valid_until=timezone.localdate() - datetime.timedelta(1))
    return found


NEVER_ON_C1 = ("第二社区停水通知", "光明街道停电通知", "已撤回的防汛通知", "已过期的防汛通知")


@pytest.mark.django_db
def test_site_notices_include_pushed_ones_marked_with_their_source(client, kiosk_network, pushes):
    items = ask(client, kiosk_network["token"], NOTICES)["site"]["notices"]["items"]
    by_title = {item["title"]: item for item in items}
    street = by_title["街道防汛通知"]
    assert street["pushed"] is True and street["source"] == "和平街道"
    assert street["id"] == f"pushed-{pushes['street'].pk}"
    path = notice_list(kiosk_network["sites"][0]).get_url_parts()[2]
    assert street["url"] == f"{path}pushed/{pushes['street'].pk}/"
    assert street["fullUrl"] == f"http://c1.localhost{path}pushed/{pushes['street'].pk}/"
    assert by_title["全市燃气安全通知"]["source"] == "江城市"
    own = [item for item in items if not item["pushed"]]
    assert own and all(item["source"] is None for item in own)
    assert not set(NEVER_ON_C1) & set(by_title)

    # The pushed notice's url is a page the site serves.
    response = client.get(street["url"], HTTP_HOST="c1.localhost")
    assert response.status_code == 200 and "请做好防汛准备" in response.content.decode()


@pytest.mark.django_db
def test_pushed_and_own_notices_are_merged_in_the_sites_own_list_order(client, kiosk_network, pushes):
    built = kiosk_network["sites"][0]
    index = notice_list(built)
    own_pinned = index.add_child(instance=NoticePage(title="社区置顶通知", pinned=True))
    own_new = index.add_child(instance=NoticePage(title="社区最新通知"))
    NoticePage.objects.filter(pk=own_pinned.pk).update(first_published_at=at(10))
    NoticePage.objects.filter(pk=own_new.pk).update(first_published_at=at(0))
    PushedNotice.objects.filter(pk=pushes["city_pinned"].pk).update(published_at=at(5))
    PushedNotice.objects.filter(pk=pushes["street"].pk).update(published_at=at(1))

    items = ask(client, kiosk_network["token"], NOTICES)["site"]["notices"]["items"]
    titles = [item["title"] for item in items]
    expected = ["全市燃气安全通知", "社区置顶通知", "社区最新通知", "街道防汛通知"]  # pinned first, then newest
    assert [title for title in titles if title in expected] == expected
    # Exactly the order of the site's own notice list.
    rows = notices_of_site(NoticePage.objects.descendant_of(built.home), org_unit_of_site(index))
    assert titles == [entry.title for entry in notice_entries(rows, "/")]
    html = client.get(index.get_url_parts()[2], HTTP_HOST="c1.localhost").content.decode()
    items_start = html.index("</header>", html.index('class="page-header"'))  # after the list's own lead text
    positions = [html.index(title, items_start) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_pushed_notice_by_id_on_a_site_it_reaches(client, kiosk_network, pushes):
    notice_id = f"pushed-{pushes['street'].pk}"
    notice = ask(client, kiosk_network["token"], NOTICE, id=notice_id)["site"]["notice"]
    assert notice["title"] == "街道防汛通知" and notice["summary"] == "请做好防汛准备"
    assert notice["pushed"] is True and notice["source"] == "和平街道" and notice["attachments"] == []
    assert notice["url"].endswith(f"/pushed/{pushes['street'].pk}/")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["second_only", "other_street", "withdrawn", "expired"])
def test_pushed_notices_that_do_not_reach_the_site_are_not_found_by_id(client, kiosk_network, pushes, key):
    data = ask(client, kiosk_network["token"], NOTICE, id=f"pushed-{pushes[key].pk}")
    assert data["site"]["notice"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["pushed-", "pushed-abc", "pushed-99999", "pushed--1"])
def test_malformed_or_unknown_pushed_ids_find_nothing(client, kiosk_network, pushes, bad_id):
    assert ask(client, kiosk_network["token"], NOTICE, id=bad_id)["site"]["notice"] is None


@pytest.mark.django_db
def test_a_page_id_never_opens_a_pushed_notice_and_the_reverse(client, kiosk_network, pushes):
    own = NoticePage.objects.descendant_of(kiosk_network["sites"][0].home).live().first()
    assert ask(client, kiosk_network["token"], NOTICE, id=str(own.pk))["site"]["notice"]["pushed"] is False
    # A bare number is a page id even when a pushed notice has that id.
    plain = ask(client, kiosk_network["token"], NOTICE, id=str(pushes["second_only"].pk))["site"]["notice"]
    assert plain is None or plain["pushed"] is False


@pytest.mark.django_db
def test_another_sites_token_sees_only_its_own_areas_pushes(client, kiosk_network, pushes):
    items = ask(client, pushes["other_token"], NOTICES)["site"]["notices"]["items"]
    titles = {item["title"] for item in items}
    assert "光明街道停电通知" in titles and "全市燃气安全通知" in titles
    assert not {"街道防汛通知", "第二社区停水通知", "已撤回的防汛通知", "已过期的防汛通知"} & titles
    by_id = ask(client, pushes["other_token"], NOTICE, id=f"pushed-{pushes['street'].pk}")
    assert by_id["site"]["notice"] is None


@pytest.mark.django_db
def test_search_finds_pushed_notices_of_the_site_only(client, kiosk_network, pushes):
    result = ask(client, kiosk_network["token"], SEARCH, q="防汛")["site"]["search"]
    assert result["total"] == 1
    (item,) = result["items"]
    assert item["id"] == f"pushed-{pushes['street'].pk}" and item["kind"] == "NOTICE"
    assert item["source"] == "和平街道" and item["url"].endswith(f"/pushed/{pushes['street'].pk}/")
    for query in ("停水", "停电"):
        assert ask(client, kiosk_network["token"], SEARCH, q=query)["site"]["search"]["total"] == 0
    assert ask(client, pushes["other_token"], SEARCH, q="停电")["site"]["search"]["total"] == 1
    assert ask(client, pushes["other_token"], SEARCH, q="防汛")["site"]["search"]["total"] == 0


def count_queries(client, token):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        data = data_of(post_graphql(client, NOTICES, token=token))
    return len(captured), data["site"]["notices"]


@pytest.mark.django_db
def test_notice_list_query_count_is_the_same_at_5_and_50_pushed_notices(client, kiosk_network):
    street_staff = staff(kiosk_network["street"], Role.STREET_STAFF)
    # The welcome notice pinned: the first page of the list holds own and pushed notices both times.
    NoticePage.objects.descendant_of(kiosk_network["sites"][0].home).update(pinned=True)
    for number in range(5):
        push_notice(actor=street_staff, target=kiosk_network["street"], title=f"街道通知{number}")
    count_queries(client, kiosk_network["token"])  # warm Django's caches (content types, site roots)
    small_count, small = count_queries(client, kiosk_network["token"])
    assert small["total"] == 6  # with the welcome notice
    for number in range(5, 50):
        push_notice(actor=street_staff, target=kiosk_network["street"], title=f"街道通知{number}")
    large_count, large = count_queries(client, kiosk_network["token"])
    assert large["total"] == 51 and len(large["items"]) == 50
    assert sum(item["pushed"] for item in large["items"]) == 49 and not large["items"][0]["pushed"]
    assert large_count == small_count, f"{small_count} queries at 5 pushed notices, {large_count} at 50"
