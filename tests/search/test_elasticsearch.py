"""Elasticsearch backend against a real local HTTP server, and the fallback when the cluster is down."""

import logging
import socket

import pytest
from django.core.management import call_command

from search.api import search_content
from search.models import SearchDocument
from tests.search.conftest import add_guide
from tests.search.elasticsearch_server import ElasticsearchLikeServer


@pytest.fixture
def elasticsearch(settings):
    with ElasticsearchLikeServer() as server:
        settings.ELASTICSEARCH_URL = server.url
        settings.ELASTICSEARCH_INDEX = "cms-test-pages"
        yield server


@pytest.fixture
def closed_port_url(settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now: connections are refused
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    return settings.ELASTICSEARCH_URL


def bulk_bodies(server):
    return [lines for method, path, lines in server.requests if path.endswith("/_bulk")]


def bulk_sources(server):
    """Every document source sent through _bulk, by id."""
    sources = {}
    for lines in bulk_bodies(server):
        for action, source in zip(lines, lines[1:], strict=False):
            if "index" in action:
                sources[str(action["index"]["_id"])] = source
    return sources


@pytest.mark.django_db
def test_publishing_sends_the_pre_segmented_document(network, elasticsearch):
    guide = add_guide(network["sites"][0], "城市最低生活保障申请", "低保家庭每年复核一次。")
    source = bulk_sources(elasticsearch)[str(guide.pk)]
    assert source["title"] == "城市最低生活保障申请"
    assert "最低生活保障" in source["title_tokens"].split()
    assert "低保" in source["body_tokens"].split()
    assert source["site_id"] == network["sites"][0].site.pk
    assert source["street_id"] == network["street"].pk


@pytest.mark.django_db
def test_unpublishing_deletes_the_document(network, elasticsearch):
    guide = add_guide(network["sites"][0], "居住证办理")
    guide.unpublish()
    deletes = [
        action["delete"]["_id"] for lines in bulk_bodies(elasticsearch) for action in lines if "delete" in action
    ]
    assert guide.pk in deletes or str(guide.pk) in deletes
    assert str(guide.pk) not in elasticsearch.indices["cms-test-pages"]["documents"]


@pytest.mark.django_db
def test_rebuild_creates_the_mapping_and_bulk_loads_every_document(network, elasticsearch, capsys):
    add_guide(network["sites"][0], "特困人员救助供养")
    elasticsearch.requests.clear()
    call_command("rebuild_search_index")
    created = elasticsearch.requests_to("PUT", "/cms-test-pages")
    assert created, elasticsearch.requests
    definition = created[-1][2]
    analyzer = definition["settings"]["analysis"]["analyzer"]["pre_segmented"]
    assert analyzer["tokenizer"] == "whitespace"
    properties = definition["mappings"]["properties"]
    assert properties["title_tokens"] == {"type": "text", "analyzer": "pre_segmented"}
    assert properties["site_id"]["type"] == "integer"
    documents = elasticsearch.indices["cms-test-pages"]["documents"]
    assert len(documents) == SearchDocument.objects.count() > 0
    captured = capsys.readouterr()
    assert "elasticsearch" in captured.err and "100%" in captured.err  # the progress bars
    assert "Indexed" in captured.out


@pytest.mark.django_db
def test_search_goes_to_elasticsearch_with_synonyms_and_parses_hits_and_facets(network, elasticsearch):
    first = network["sites"][0]
    guide = add_guide(first, "城市最低生活保障申请", "收入低于标准的家庭可以申请。")
    add_guide(network["sites"][1], "居住证办理")
    elasticsearch.requests.clear()
    results = search_content("低保", sites=[first.site])
    assert results.backend == "elasticsearch"
    assert [hit.page.pk for hit in results.hits] == [guide.pk]
    assert results.hits[0].title_html == "城市<mark>最低生活保障</mark>申请"
    assert results.facets["site"] == [(str(first.site.pk), first.site.site_name, 1)]
    ((_, path, body),) = elasticsearch.requests_to("POST", "_search")
    assert path == "/cms-test-pages/_search"
    sent = str(body["query"])
    assert "'低保'" in sent and "'最低生活保障'" in sent  # the synonym went along
    # The site's pages, and the notices pushed to its unit or a unit above it.
    units = (network["city"], network["district"], network["street"], network["communities"][0])
    reached = sorted(unit.path for unit in units)
    site_filter = {
        "bool": {
            "should": [{"terms": {"site_id": [first.site.pk]}}, {"terms": {"target_path": reached}}],
            "minimum_should_match": 1,
        }
    }
    assert site_filter in body["query"]["bool"]["filter"]
    assert set(body["aggs"]) == {"site", "district", "street", "content_type"}


@pytest.mark.django_db
def test_publishing_works_and_search_falls_back_when_elasticsearch_is_down(network, closed_port_url, caplog):
    with caplog.at_level(logging.ERROR):
        guide = add_guide(network["sites"][0], "流动党员活动证办理", "外出流动党员开具活动证。")
        guide.save_revision().publish()
    guide.refresh_from_db()
    assert guide.live
    assert SearchDocument.objects.filter(page=guide).exists()  # the database index stays current
    with caplog.at_level(logging.ERROR):
        results = search_content("活动证")
    assert results.backend == "database"
    assert [hit.page.pk for hit in results.hits] == [guide.pk]
    assert any("unavailable" in record.getMessage() for record in caplog.records)
    assert any("Elasticsearch" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_rebuild_reports_a_down_cluster_after_rebuilding_the_database(network, closed_port_url):
    from django.core.management.base import CommandError

    add_guide(network["sites"][0], "医疗救助申请")
    SearchDocument.objects.all().delete()
    with pytest.raises(CommandError, match="Elasticsearch"):
        call_command("rebuild_search_index", "--no-progress")
    assert SearchDocument.objects.filter(title="医疗救助申请").exists()


@pytest.mark.django_db
def test_elasticsearch_search_leaves_out_expired_notices(network, elasticsearch):
    import datetime

    from django.utils import timezone

    from tests.search.conftest import add_notice

    current = add_notice(network["sites"][0], "防汛值班安排", "汛期值班")
    expired = add_notice(network["sites"][0], "防汛物资发放", "防汛沙袋")
    expired.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save_revision().publish()
    results = search_content("防汛")
    assert results.backend == "elasticsearch"
    assert [hit.page.pk for hit in results.hits] == [current.pk]
    assert bulk_sources(elasticsearch)[str(expired.pk)]["expires_on"] == expired.valid_until.isoformat()
