"""Portal aggregation: the latest of every community site, with its source, filterable, paginated,
and at a cost that does not grow with the number of sites."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sites.models import CommunityFeedPage, EventPage, NoticePage
from tests.sites.portal_network import build_portal_network

PORTAL = "portal.localhost"


def portal_queries(client, path="/"):
    client.get(path, HTTP_HOST=PORTAL)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=PORTAL)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_portal_home_query_count_is_the_same_at_10_and_200_sites(client):
    started = time.perf_counter()
    build_portal_network(10)
    at_10, html_10 = portal_queries(client)
    feed = CommunityFeedPage.objects.get().url
    feed_10, _ = portal_queries(client, feed)
    build_portal_network(190, first_community=10)
    at_200, html_200 = portal_queries(client)
    feed_200, _ = portal_queries(client, feed)
    print(f"built and measured in {time.perf_counter() - started:.1f}s: {at_10} / {at_200} queries")
    assert at_10 == at_200
    assert feed_10 == feed_200
    assert "样本200社区通知" in html_200  # the newest community notice is on the portal
    assert "样本10社区通知" in html_10


@pytest.mark.django_db
def test_feed_filters_by_district_street_and_kind_and_shows_the_source(client):
    built = build_portal_network(8)
    feed = CommunityFeedPage.objects.get().url
    first_street = built["streets"][0]
    other_district = built["districts"][1]
    html = client.get(f"{feed}?street={first_street.code}", HTTP_HOST=PORTAL).content.decode()
    assert "样本1社区通知" in html and "样本5社区通知" in html and "样本2社区通知" not in html
    assert f'<span class="item__area">(东湖区 / {first_street.name})</span>' in html  # the source beside each item
    html = client.get(f"{feed}?district={other_district.code}&kind=events", HTTP_HOST=PORTAL).content.decode()
    assert "样本3社区活动" in html and "样本1社区活动" not in html and "样本3社区通知" not in html
    html = client.get(f"{feed}?kind=guides&category=elderly", HTTP_HOST=PORTAL).content.decode()
    assert "样本8社区指南" in html
    # Links go to the original page on the community's own site.
    assert "http://lean1.localhost/notices/" in client.get(feed, HTTP_HOST=PORTAL).content.decode()


@pytest.mark.django_db
def test_feed_reports_bad_filters_and_ignores_them(client):
    built = build_portal_network(4)
    feed = CommunityFeedPage.objects.get().url
    response = client.get(f"{feed}?district=999999&kind=nonsense&page=abc", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "样本1社区通知" in html and 'class="form-errors"' in html
    mismatched = f"{feed}?district={built['districts'][1].code}&street={built['streets'][0].code}"
    html = client.get(mismatched, HTTP_HOST=PORTAL).content.decode()
    assert 'class="form-errors"' in html


@pytest.mark.django_db
def test_expired_community_notice_leaves_the_portal(client):
    build_portal_network(3)
    NoticePage.objects.filter(title="样本2社区通知").update(valid_until=timezone.localdate() - timedelta(days=1))
    for path in ("/", CommunityFeedPage.objects.get().url):
        html = client.get(path, HTTP_HOST=PORTAL).content.decode()
        assert "样本1社区通知" in html and "样本2社区通知" not in html


@pytest.mark.django_db
def test_portal_lists_community_notices_newest_first_whatever_a_community_pinned(client):
    build_portal_network(3)
    now = timezone.now()
    NoticePage.objects.filter(title="样本1社区通知").update(pinned=True, first_published_at=now - timedelta(days=9))
    NoticePage.objects.filter(title="样本2社区通知").update(first_published_at=now - timedelta(days=1))
    NoticePage.objects.filter(title="样本3社区通知").update(first_published_at=now - timedelta(days=5))
    for path in ("/", CommunityFeedPage.objects.get().url):
        html = client.get(path, HTTP_HOST=PORTAL).content.decode()
        positions = [html.index(f"样本{number}社区通知") for number in (2, 3, 1)]
        assert positions == sorted(positions)


@pytest.mark.django_db
def test_an_event_under_way_stays_listed_until_it_ends(client):
    build_portal_network(3)
    now = timezone.now()
    EventPage.objects.filter(title="样本1社区活动").update(
        start_at=now - timedelta(days=1), end_at=now + timedelta(days=1)
    )
    EventPage.objects.filter(title="样本2社区活动").update(start_at=now - timedelta(hours=1), end_at=None)
    EventPage.objects.filter(title="样本3社区活动").update(
        start_at=now - timedelta(days=2), end_at=now - timedelta(minutes=1)
    )
    for path in ("/", CommunityFeedPage.objects.get().url + "?kind=events"):
        html = client.get(path, HTTP_HOST=PORTAL).content.decode()
        assert "样本1社区活动" in html
        assert "样本2社区活动" not in html and "样本3社区活动" not in html
