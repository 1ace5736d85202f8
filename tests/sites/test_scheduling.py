"""Go-live and expiry dates take effect through the periodic job; the page cache follows."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from sites.models import NoticePage


@pytest.mark.django_db
def test_scheduled_notice_goes_live_and_expires_through_the_job(network, client):
    built = network["sites"][0]
    host = built.site.hostname
    index = NoticePage.objects.descendant_of(built.home).get().get_parent()
    notice = index.add_child(instance=NoticePage(title="定时发布通知", live=False))
    revision = notice.save_revision()
    NoticePage.objects.filter(pk=notice.pk).update(go_live_at=timezone.now() - timedelta(minutes=1))
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    assert "定时发布通知" not in client.get("/", HTTP_HOST=host).content.decode()

    call_command("publish_site_schedule")
    assert "定时发布通知" in client.get("/", HTTP_HOST=host).content.decode()

    NoticePage.objects.filter(pk=notice.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_site_schedule")
    assert "定时发布通知" not in client.get("/", HTTP_HOST=host).content.decode()


@pytest.mark.django_db
def test_cached_list_does_not_show_a_notice_past_its_valid_until_day(network, client):
    from django.core.cache import cache

    built = network["sites"][0]
    host = built.site.hostname
    notice = NoticePage.objects.descendant_of(built.home).get()
    notice.valid_until = timezone.localdate()
    notice.save_revision().publish()
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        assert notice.title in client.get("/", HTTP_HOST=host).content.decode()
        assert client.get("/", HTTP_HOST=host)["X-Page-Cache"] == "hit"
        tomorrow = timezone.now() + timedelta(days=1)
        with override_settings(TIME_ZONE="Asia/Shanghai"):
            from unittest.mock import patch

            with patch("django.utils.timezone.now", return_value=tomorrow):
                response = client.get("/", HTTP_HOST=host)
        assert response["X-Page-Cache"] == "miss"
        assert notice.title not in response.content.decode()
    cache.clear()
