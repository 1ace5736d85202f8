"""Notices pushed down the org tree are found by search on every site they reach, and nowhere else.

A push is one index row (not one per community): a site's search finds it under that site's notice
list, the network search finds it once; withdrawn pushes leave search with the withdrawal, expired
ones never show, and a rebuild of the index brings them back.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from search.api import search_content
from search.models import PushedNoticeDocument
from sites.models import NoticeIndexPage, PushedNotice
from sites.services.exchange import push_notice, update_pushed_notice, withdraw_pushed_notice
from sites.services.site_builder import create_community_site
from tests.factories import staff
from tests.search.conftest import add_guide, add_notice


def notice_list_path(built):
    return NoticeIndexPage.objects.child_of(built.home).get().get_url_parts()[2]


def site_search(built, query, **options):
    return search_content(query, sites=[built.site], **options)


@pytest.fixture
def other_street(network):
    """A second street of the same district, with one community site of its own."""
    street = create_org_unit(name="光明街道", code="330102002", level="street", parent=network["district"])
    unit = create_org_unit(name="光明第一社区", code="330102002001", level="community", parent=street)
    built = create_community_site(org_unit=unit, hostname="g1.localhost", theme="fresh_green")
    return {"street": street, "community": unit, "site": built}


@pytest.fixture
def street_staff(network):
    return staff(network["street"], Role.STREET_STAFF)


@pytest.mark.django_db
def test_street_push_is_found_on_every_community_site_below_from_its_sender(network, street_staff, client):
    notice = push_notice(
        actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知", summary="请各社区做好防汛准备。"
    )
    for built in network["sites"]:
        results = site_search(built, "防汛")
        assert results.total == 1
        (hit,) = results.hits
        assert hit.page is None and hit.pushed_notice.pk == notice.pk
        assert hit.source == "和平街道"
        assert hit.site == built.site
        assert hit.local_url == f"{notice_list_path(built)}pushed/{notice.pk}/"
        assert "<mark>防汛</mark>" in hit.title_html

        detail = client.get(hit.local_url, HTTP_HOST=built.site.hostname)
        assert detail.status_code == 200 and "请各社区做好防汛准备" in detail.content.decode()

        page = client.get("/search/", {"q": "防汛"}, HTTP_HOST=built.site.hostname).content.decode()
        assert f'href="{hit.local_url}"' in page
        assert "来源 和平街道" in page


@pytest.mark.django_db
def test_network_search_shows_a_push_once_not_once_per_community(network, street_staff, client):
    notice = push_notice(actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知")
    results = search_content("防汛")
    assert results.total == 1 and len(results.hits) == 1
    (hit,) = results.hits
    first = network["sites"][0]
    assert hit.site == first.site  # the first community of the street, in org-tree order
    assert hit.url == f"http://{first.site.hostname}{notice_list_path(first)}pushed/{notice.pk}/"
    assert dict((value, count) for value, _label, count in results.facets["street"]) == {str(network["street"].pk): 1}

    page = client.get("/search/", {"q": "防汛"}, HTTP_HOST="portal.localhost").content.decode()
    assert page.count("关于汛期<mark>防汛</mark>值班的通知") == 1
    assert f'href="{hit.url}"' in page


@pytest.mark.django_db
def test_push_is_ranked_and_counted_with_the_sites_own_pages(network, street_staff):
    first = network["sites"][0]
    own = add_notice(first, "社区防汛物资清点", "防汛沙袋已到位。")
    add_guide(first, "防汛抢险志愿者报名", "报名参加防汛抢险志愿服务。")
    push_notice(actor=street_staff, target=network["street"], title="街道防汛工作部署", summary="防汛")
    results = site_search(first, "防汛", per_page=2)
    assert results.total == 3
    page_two = site_search(first, "防汛", per_page=2, page=2)
    seen = [hit.page.pk if hit.page else ("pushed", hit.pushed_notice.pk) for hit in results.hits + page_two.hits]
    assert len(seen) == 3 and len(set(seen)) == 3 and own.pk in seen
    kinds = dict((value, count) for value, _label, count in results.facets["content_type"])
    assert kinds["community_sites.NoticePage"] == 2  # its own notice and the pushed one

    only_notices = site_search(first, "防汛", content_types=["community_sites.NoticePage"])
    assert only_notices.total == 2
    only_guides = site_search(first, "防汛", content_types=["community_sites.ServiceGuidePage"])
    assert only_guides.total == 1 and only_guides.hits[0].pushed_notice is None


@pytest.mark.django_db
def test_push_is_not_found_outside_the_area_it_was_sent_to(network, other_street):
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    first, second = network["sites"]
    push_notice(actor=city_admin, target=network["communities"][0], title="第一社区停水通知")
    other_staff = staff(other_street["street"], Role.STREET_STAFF)
    push_notice(actor=other_staff, target=other_street["street"], title="光明街道停电通知")

    assert site_search(first, "停水").total == 1
    assert site_search(second, "停水").total == 0
    assert site_search(other_street["site"], "停水").total == 0
    assert site_search(other_street["site"], "停电").total == 1
    assert site_search(first, "停电").total == 0 and site_search(second, "停电").total == 0
    assert search_content("停水", sites=[]).total == 0  # a request for no site finds nothing

    # The portal's street filter keeps a push to its own street.
    assert search_content("停电", streets=[network["street"]]).total == 0
    assert search_content("停电", streets=[other_street["street"]]).total == 1


@pytest.mark.django_db
def test_city_push_reaches_every_community_and_still_shows_once_network_wide(network, other_street):
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    push_notice(actor=city_admin, target=network["city"], title="全市燃气安全检查通知")
    for built in [*network["sites"], other_street["site"]]:
        assert site_search(built, "燃气").total == 1
    assert search_content("燃气").total == 1


@pytest.mark.django_db
def test_push_from_above_is_found_under_the_district_and_street_filters_it_reaches(network, other_street):
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    push_notice(actor=city_admin, target=network["city"], title="全市燃气安全检查通知")
    push_notice(actor=city_admin, target=network["district"], title="区燃气管道改造通知")
    other_district = create_org_unit(name="西湖区", code="330106", level="district", parent=network["city"])
    assert search_content("燃气", districts=[network["district"]]).total == 2
    assert search_content("燃气", streets=[other_street["street"]]).total == 2
    assert search_content("燃气", districts=[other_district]).total == 1  # the city's, not the other district's


@pytest.mark.django_db
def test_withdrawn_push_leaves_search_on_every_site_at_once(network, street_staff, client):
    notice = push_notice(actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知")
    assert all(site_search(built, "防汛").total == 1 for built in network["sites"])
    withdraw_pushed_notice(notice, actor=street_staff)
    assert not PushedNoticeDocument.objects.filter(notice=notice).exists()
    assert search_content("防汛").total == 0
    for built in network["sites"]:
        assert site_search(built, "防汛").total == 0
        page = client.get("/search/", {"q": "防汛"}, HTTP_HOST=built.site.hostname).content.decode()
        assert "防汛值班" not in page


@pytest.mark.django_db
def test_withdrawn_push_never_shows_even_if_its_index_row_was_left_behind(network, street_staff):
    notice = push_notice(actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知")
    PushedNotice.objects.filter(pk=notice.pk).update(withdrawn_at=timezone.now())  # bypassing the service
    assert PushedNoticeDocument.objects.filter(notice=notice).exists()
    assert search_content("防汛").total == 0
    assert site_search(network["sites"][0], "防汛").hits == []


@pytest.mark.django_db
def test_expired_push_never_shows(network, street_staff):
    notice = push_notice(
        actor=street_staff, target=network["street"], title="限时防汛通知", valid_until=timezone.localdate()
    )
    assert site_search(network["sites"][0], "防汛").total == 1  # valid through its last day
    PushedNotice.objects.filter(pk=notice.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    PushedNoticeDocument.objects.filter(notice=notice).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert search_content("防汛").total == 0
    assert site_search(network["sites"][0], "防汛").total == 0


@pytest.mark.django_db
def test_expired_push_is_dropped_even_when_the_index_missed_the_change(network, street_staff):
    notice = push_notice(actor=street_staff, target=network["street"], title="限时防汛通知")
    PushedNotice.objects.filter(pk=notice.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    results = site_search(network["sites"][0], "防汛")
    assert results.total == 0 and results.hits == []


@pytest.mark.django_db
def test_updated_push_is_found_by_its_new_words_only(network, street_staff):
    notice = push_notice(actor=street_staff, target=network["street"], title="防汛值班通知")
    update_pushed_notice(notice, actor=street_staff, title="供暖开通通知", summary="本周起集中供暖。")
    first = network["sites"][0]
    assert site_search(first, "防汛").total == 0
    results = site_search(first, "供暖")
    assert results.total == 1 and results.hits[0].pushed_notice.title == "供暖开通通知"


@pytest.mark.django_db
def test_rebuild_includes_current_pushes_and_leaves_withdrawn_ones_out(network, street_staff, capsys):
    kept = push_notice(actor=street_staff, target=network["street"], title="防汛值班通知")
    gone = push_notice(actor=street_staff, target=network["street"], title="防汛物资通知")
    withdraw_pushed_notice(gone, actor=street_staff)
    PushedNoticeDocument.objects.all().delete()
    assert search_content("防汛").total == 0

    call_command("rebuild_search_index", "--no-progress")
    assert list(PushedNoticeDocument.objects.values_list("notice_id", flat=True)) == [kept.pk]
    assert site_search(network["sites"][1], "防汛").total == 1
    assert "Indexed" in capsys.readouterr().out


@pytest.mark.django_db
def test_site_search_query_count_does_not_grow_with_pushed_notices(
    network, street_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = network["sites"][0]

    def count(expected_hits):
        with CaptureQueriesContext(connection) as captured:
            results = site_search(first, "防汛", per_page=50)
        assert len(results.hits) == expected_hits
        return len(captured)

    for number in range(5):
        push_notice(actor=street_staff, target=network["street"], title=f"防汛通知第{number}号")
    count(5)  # warm Django's and Wagtail's caches (content types, site root paths)
    small = count(5)
    for number in range(5, 50):
        push_notice(actor=street_staff, target=network["street"], title=f"防汛通知第{number}号")
    large = count(50)
    assert small == large, f"{small} queries at 5 pushes, {large} at 50"
    with django_assert_max_num_queries(14):
        search_content("防汛", per_page=50)  # the network search links each push to a site too


@pytest.mark.django_db
def test_pushing_does_not_fail_when_indexing_fails(network, street_staff, monkeypatch, caplog):
    from search import indexing

    def broken(notice):
        raise RuntimeError("index down")

    monkeypatch.setattr(indexing, "index_pushed_notice", broken)
    notice = push_notice(actor=street_staff, target=network["street"], title="防汛值班通知")
    assert PushedNotice.objects.filter(pk=notice.pk).exists()
    assert "Search index update failed for pushed notice" in caplog.text


# ---------------------------------------------------------------- with Elasticsearch configured
@pytest.fixture
def elasticsearch(settings):
    from tests.search.elasticsearch_server import ElasticsearchLikeServer

    with ElasticsearchLikeServer() as server:
        settings.ELASTICSEARCH_URL = server.url
        settings.ELASTICSEARCH_INDEX = "cms-test-pages"
        yield server


@pytest.mark.django_db
def test_elasticsearch_finds_a_push_on_the_sites_it_reaches_until_it_is_withdrawn(
    network, other_street, street_staff, elasticsearch
):
    notice = push_notice(actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知")
    documents = elasticsearch.indices["cms-test-pages"]["documents"]
    assert documents[f"pushed-{notice.pk}"]["target_path"] == network["street"].path
    first, second = network["sites"]
    for built in (first, second):
        results = site_search(built, "防汛")
        assert results.backend == "elasticsearch"
        assert [hit.pushed_notice.pk for hit in results.hits] == [notice.pk]
    assert site_search(other_street["site"], "防汛").total == 0
    assert search_content("防汛").total == 1

    withdraw_pushed_notice(notice, actor=street_staff)
    assert f"pushed-{notice.pk}" not in documents
    assert site_search(first, "防汛").total == 0


@pytest.mark.django_db
def test_elasticsearch_rebuild_sends_pushes_with_the_pages(network, street_staff, elasticsearch):
    notice = push_notice(actor=street_staff, target=network["street"], title="关于汛期防汛值班的通知")
    elasticsearch.indices["cms-test-pages"]["documents"].clear()
    call_command("rebuild_search_index", "--no-progress")
    assert f"pushed-{notice.pk}" in elasticsearch.indices["cms-test-pages"]["documents"]
    assert site_search(network["sites"][0], "防汛").total == 1
