"""Notices pushed down the org tree: shown on every site below, updated and withdrawn everywhere at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from sites.models import NoticeIndexPage, PushedNotice
from sites.services.exchange import push_notice, update_pushed_notice, withdraw_pushed_notice
from tests.factories import staff


def pages(client, network, path="/"):
    return [client.get(path, HTTP_HOST=built.site.hostname).content.decode() for built in network["sites"]]


def notice_list_paths(network):
    return [NoticeIndexPage.objects.child_of(built.home).get().url for built in network["sites"]]


@pytest.mark.django_db
def test_street_notice_reaches_every_community_below_and_can_be_withdrawn(network, client):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    notice = push_notice(actor=street_staff, target=network["street"], title="街道防汛通知", summary="请注意")
    for html in pages(client, network):
        assert "街道防汛通知" in html
    for built, path in zip(network["sites"], notice_list_paths(network), strict=True):
        html = client.get(path, HTTP_HOST=built.site.hostname).content.decode()
        assert "街道防汛通知" in html and '<span class="item__label">来源</span> 和平街道' in html
        detail = client.get(f"{path}pushed/{notice.pk}/", HTTP_HOST=built.site.hostname)
        assert detail.status_code == 200 and "请注意" in detail.content.decode()

    update_pushed_notice(notice, actor=street_staff, title="街道防汛通知（更新）")
    assert all("街道防汛通知（更新）" in html for html in pages(client, network))

    withdraw_pushed_notice(notice, actor=street_staff)
    assert all("街道防汛通知" not in html for html in pages(client, network))
    for built, path in zip(network["sites"], notice_list_paths(network), strict=True):
        assert "街道防汛通知" not in client.get(path, HTTP_HOST=built.site.hostname).content.decode()
        assert client.get(f"{path}pushed/{notice.pk}/", HTTP_HOST=built.site.hostname).status_code == 404
    actions = set(AuditEntry.objects.filter(object_id=str(notice.pk)).values_list("action", flat=True))
    assert {"exchange.push", "exchange.push.update", "exchange.push.withdraw"} <= actions


@pytest.mark.django_db
def test_notice_pushed_to_one_community_stays_off_the_others(network, client):
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    first, second = network["communities"]
    push_notice(actor=city_admin, target=first, title="只给第一社区")
    first_html, second_html = pages(client, network)
    assert "只给第一社区" in first_html and "只给第一社区" not in second_html


@pytest.mark.django_db
def test_expired_pushed_notice_leaves_every_list(network, client):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    notice = push_notice(
        actor=street_staff, target=network["street"], title="限时通知", valid_until=timezone.localdate()
    )
    assert all("限时通知" in html for html in pages(client, network))
    PushedNotice.objects.filter(pk=notice.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert all("限时通知" not in html for html in pages(client, network))


@pytest.mark.django_db
def test_bad_pushes_are_refused_in_chinese_and_save_nothing(network):
    editor = staff(network["communities"][0], Role.COMMUNITY_EDITOR)
    with pytest.raises(ValidationError) as refused:
        push_notice(actor=editor, target=network["communities"][0], title="越权")
    assert refused.value.error_dict["target"][0].code == "not_a_sender"

    street_staff = staff(network["street"], Role.STREET_STAFF)
    with pytest.raises(ValidationError) as refused:
        push_notice(actor=street_staff, target=network["city"], title="向上")
    assert refused.value.error_dict["target"][0].code == "outside_area"
    with pytest.raises(ValidationError) as refused:
        push_notice(
            actor=street_staff,
            target=network["street"],
            title="  ",
            valid_until=timezone.localdate() - timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"title", "valid_until"}
    assert not PushedNotice.objects.exists()
    assert AuditEntry.objects.filter(action="exchange.push", success=False).count() == 3


@pytest.mark.django_db
def test_other_areas_cannot_change_or_withdraw_a_push(network):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    notice = push_notice(actor=street_staff, target=network["street"], title="街道通知")
    editor = staff(network["communities"][0], Role.COMMUNITY_EDITOR)
    with pytest.raises(ValidationError):
        withdraw_pushed_notice(notice, actor=editor)
    with pytest.raises(ValidationError):
        update_pushed_notice(notice, actor=editor, title="篡改")
    notice.refresh_from_db()
    assert notice.title == "街道通知" and notice.withdrawn_at is None
    withdraw_pushed_notice(notice, actor=street_staff)
    with pytest.raises(ValidationError):
        update_pushed_notice(notice, actor=street_staff, title="撤回后再改")


@pytest.mark.django_db
def test_push_is_searchable_on_every_site_below_until_withdrawn(network, client):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    notice = push_notice(actor=street_staff, target=network["street"], title="街道防汛通知", summary="请注意")
    for built in network["sites"]:
        path = NoticeIndexPage.objects.child_of(built.home).get().get_url_parts()[2]
        html = client.get("/search/", {"q": "防汛"}, HTTP_HOST=built.site.hostname).content.decode()
        assert f'href="{path}pushed/{notice.pk}/"' in html and "和平街道" in html
    withdraw_pushed_notice(notice, actor=street_staff)
    for built in network["sites"]:
        html = client.get("/search/", {"q": "防汛"}, HTTP_HOST=built.site.hostname).content.decode()
        assert "街道防汛通知" not in html
