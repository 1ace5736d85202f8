"""The /search/ page on community sites and the portal, autocomplete, the synonym admin, GraphQL search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cms.accounts.models import Role
from search.models import SynonymGroup
from tests.factories import staff
from tests.search.conftest import add_guide


def get(client, host, **params):
    return client.get("/search/", params, HTTP_HOST=host)


@pytest.mark.django_db
def test_community_search_shows_highlighted_hits_of_its_own_site_only(client, network, guides):
    response = get(client, "c1.localhost", q="低保")
    html = response.content.decode()
    assert response.status_code == 200
    assert "城市<mark>最低生活保障</mark>申请" in html
    assert "关于开展<mark>低保</mark>年度复核的通知" in html
    response = get(client, "c2.localhost", q="低保")
    assert "最低生活保障申请" not in response.content.decode()


@pytest.mark.django_db
def test_portal_search_covers_the_network_with_site_facets(client, network, guides):
    html = get(client, "portal.localhost", q="办理").content.decode()
    assert "流动党员活动证<mark>办理</mark>" in html
    second = network["sites"][1].site
    assert f"site={second.pk}" in html  # the site facet is a link
    narrowed = get(client, "portal.localhost", q="申请", site=second.pk).content.decode()
    assert "居家养老服务补贴<mark>申请</mark>" in narrowed
    assert "城市最低生活保障<mark>申请</mark>" not in narrowed
    assert 'aria-current="true"' in narrowed  # the chosen facet is marked


@pytest.mark.django_db
def test_content_type_facet_filters(client, network, guides):
    html = get(client, "c1.localhost", q="低保", type="community_sites.NoticePage").content.decode()
    assert "年度复核" in html
    assert "城市最低生活保障申请" not in html


@pytest.mark.django_db
def test_empty_result_suggests_what_to_try(client, network, guides):
    with translation.override("zh-hans"):
        html = get(client, "c1.localhost", q="火星移民").content.decode()
    assert "没有找到" in html or "Nothing found" in html
    assert "dibao" in html


@pytest.mark.django_db
def test_search_page_query_count_does_not_grow_with_hits(client, network):
    built = network["sites"][0]

    def count():
        get(client, "c1.localhost", q="养老服务")
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "c1.localhost", q="养老服务").status_code == 200
        return len(captured)

    add_guide(built, "养老服务一")
    few = count()
    for number in range(9):
        add_guide(built, f"养老服务{number}期", category="elderly")
    many = count()
    assert many <= few + 1  # one more page type at most (.specific() reads each type once)
    assert many <= 30


@pytest.mark.django_db
def test_bad_paging_and_filter_values_are_ignored(client, network, guides):
    response = get(client, "c1.localhost", q="低保", page="abc", site="x", type="no.Such")
    assert response.status_code == 200


@pytest.mark.django_db
def test_header_has_a_search_box(client, network):
    html = client.get("/", HTTP_HOST="c1.localhost").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html


@pytest.mark.django_db
def test_autocomplete_from_pinyin_and_initials(client, network, guides):
    for typed in ("db", "diba", "dibao", "低"):
        words = [item["word"] for item in client.get("/search/suggest/", {"q": typed}).json()["suggestions"]]
        assert "低保" in words, typed
    assert client.get("/search/suggest/", {"q": ""}).json() == {"suggestions": []}


@pytest.mark.django_db
def test_city_admin_edits_synonyms_in_the_admin(client, network):
    admin = staff(network["city"], Role.CITY_ADMIN)
    client.force_login(admin)
    response = client.post("/admin/snippets/search/synonymgroup/add/", {"terms": "困难户，特困人员 ", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SynonymGroup.objects.filter(terms="困难户, 特困人员").exists()


@pytest.mark.django_db
def test_a_synonym_needs_two_words(client, network):
    admin = staff(network["city"], Role.CITY_ADMIN)
    client.force_login(admin)
    count = SynonymGroup.objects.count()
    response = client.post("/admin/snippets/search/synonymgroup/add/", {"terms": "低保", "note": ""})
    assert response.status_code == 200
    assert SynonymGroup.objects.count() == count


@pytest.mark.django_db
def test_community_editors_cannot_edit_synonyms(client, network):
    editor = staff(network["communities"][0], Role.COMMUNITY_EDITOR)
    client.force_login(editor)
    response = client.get("/admin/snippets/search/synonymgroup/")
    assert response.status_code in (302, 403)
