"""Anonymous visitors get cached pages; publishing anything shows at once."""

import pytest
from django.test import override_settings

from sites.models import NoticePage


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield
    cache.clear()


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_cache(network, client, page_cache):
    host = network["sites"][0].site.hostname
    assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "miss"
    assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_cache_keys_include_the_host(network, client, page_cache):
    site_a, site_b = network["sites"]
    client.get("/", HTTP_HOST=site_a.site.hostname)
    response = client.get("/", HTTP_HOST=site_b.site.hostname)
    assert response["X-Page-Cache"] == "miss"
    assert site_b.home.title in response.content.decode()


@pytest.mark.smoke
@pytest.mark.django_db
def test_publishing_invalidates_cached_pages(network, client, page_cache):
    built = network["sites"][0]
    host = built.site.hostname
    client.get("/", HTTP_HOST=host)
    index = NoticePage.objects.descendant_of(built.home).get().get_parent()
    notice = index.add_child(instance=NoticePage(title="停水通知（新）", live=False))
    notice.save_revision().publish()
    response = client.get("/", HTTP_HOST=host)
    assert response["X-Page-Cache"] == "miss"
    assert "停水通知（新）" in response.content.decode()


@pytest.mark.django_db
def test_logged_in_users_are_never_served_cached_pages(network, client, page_cache, django_user_model):
    host = network["sites"][0].site.hostname
    client.get("/", HTTP_HOST=host)
    client.force_login(django_user_model.objects.create_user("editor"))
    assert "X-Page-Cache" not in client.get("/", HTTP_HOST=host)
