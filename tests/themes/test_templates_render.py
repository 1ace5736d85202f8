"""The public templates render every page type with the site's theme, its content and its empty states."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from sites.models import (
    CommitteeMember,
    CommunityProfilePage,
    ContactPage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    NoticeAttachment,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    PartyAffairsPage,
    ServiceGuideIndexPage,
    ServiceGuidePage,
)
from sites.models.sections import LIST_PAGE_SIZE
from tests.themes.conftest import COMMUNITY_HOST, PORTAL_HOST
from themes.registry import THEMES

pytestmark = pytest.mark.django_db

GREEN_PRIMARY = THEMES["fresh_green"].tokens["primary"]
RED_PRIMARY = THEMES["government_red"].tokens["primary"]


def get(client, path, host=COMMUNITY_HOST, status=200):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == status, f"{host}{path}: {response.status_code}"
    return response.content.decode()


def section(home, model):
    return model.objects.child_of(home).get()


def path_of(page):
    """The page's path on its own site (page.url is absolute when several sites exist)."""
    return page.get_url_parts()[2]


def test_community_home_uses_its_theme_and_shows_the_starter_content(theme_sites, english_client):
    html = get(english_client, "/")
    assert f"--primary: {GREEN_PRIMARY}" in html
    assert RED_PRIMARY not in html
    assert "/static/themes/site.css" in html
    assert "和平社区网站开通" in html  # the welcome notice
    assert "居住证办理" in html  # the starter service guide


def test_portal_home_uses_government_red(theme_sites, english_client):
    html = get(english_client, "/", host=PORTAL_HOST)
    assert f"--primary: {RED_PRIMARY}" in html
    assert GREEN_PRIMARY not in html
    assert "江城市" in html
    assert "No notices yet." in html


def test_home_page_links_to_notices_and_service_guides(theme_sites, english_client):
    html = get(english_client, "/")
    home = theme_sites["community"].home
    notices_url = path_of(section(home, NoticeIndexPage))
    guides_url = path_of(section(home, ServiceGuideIndexPage))
    # in the main navigation and again as a "more" link under each home-page list
    assert html.count(f'href="{notices_url}"') >= 2
    assert html.count(f'href="{guides_url}"') >= 2
    assert "All notices" in html and "All service guides" in html


def test_page_chrome_is_accessible(theme_sites, english_client):
    html = get(english_client, "/notices/")
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert re.search(r"<header class=\"site-header\">.*<nav class=\"main-nav\"", html, re.S)
    assert '<nav class="breadcrumbs"' in html and 'aria-current="page">通知公告</span>' in html
    assert '<footer class="site-footer">' in html
    assert 'href="/lang/zh-hans/?next=/notices/"' in html
    assert 'href="/lang/en/?next=/notices/"' in html
    assert "csrfmiddlewaretoken" not in html


def test_html_lang_follows_the_active_language(theme_sites, client):
    assert '<html lang="zh-hans">' in get(client, "/")
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in get(client, "/")


def test_notice_page_shows_pinned_badge_validity_and_attachments(theme_sites, english_client):
    notices = section(theme_sites["community"].home, NoticeIndexPage)
    notice = notices.add_child(
        instance=NoticePage(
            title="关于停水的通知",
            summary="本周三停水。",
            pinned=True,
            valid_until=timezone.localdate() + datetime.timedelta(days=10),
            body=[("paragraph", "<p>请居民提前储水。</p>"), ("callout", {"title": "提醒", "text": "注意安全"})],
        )
    )
    document = get_document_model().objects.create(
        title="停水范围", file=ContentFile(b"%PDF-1.4 test", name="range.pdf")
    )
    NoticeAttachment.objects.create(page=notice, document=document, title="")
    html = get(english_client, path_of(notice))
    assert "关于停水的通知" in html and "请居民提前储水。" in html and "注意安全" in html
    assert "Pinned" in html
    assert (timezone.localdate() + datetime.timedelta(days=10)).strftime("%Y-%m-%d") in html
    assert "停水范围" in html and document.url in html and "PDF" in html


def test_expired_notice_says_so(theme_sites, english_client):
    notices = section(theme_sites["community"].home, NoticeIndexPage)
    notice = notices.add_child(instance=NoticePage(title="旧通知", valid_until=datetime.date(2020, 1, 31)))
    html = get(english_client, path_of(notice))
    assert "This notice expired on 2020-01-31" in html


def test_service_guide_page_shows_every_structured_field(theme_sites, english_client):
    guide = ServiceGuidePage.objects.descendant_of(theme_sites["community"].home).get()
    guide.contact_phone = "0571-88886666"
    guide.legal_basis = "《居住证暂行条例》"
    guide.save()
    html = get(english_client, path_of(guide))
    for text in (
        "居住证办理",
        "离开常住户口所在地",
        "居民身份证",
        "近期一寸免冠照片",
        "Bring the original",
        "提交申请",
        "领取证件",
        "首次申领免费",
        "15个工作日",
        "9:00-12:00",
        "0571-88886666",
        "《居住证暂行条例》",
        'class="steps"',
        'class="data-table"',
    ):
        assert text in html, text


def test_service_guide_list_filters_by_category(theme_sites, english_client):
    guides = section(theme_sites["community"].home, ServiceGuideIndexPage)
    html = get(english_client, path_of(guides))
    assert "居住证办理" in html and "All topics" in html and "?category=elderly" in html
    html = get(english_client, path_of(guides) + "?category=household")
    assert "居住证办理" in html
    html = get(english_client, path_of(guides) + "?category=elderly")
    assert "居住证办理" not in html
    assert "No service guides on this topic yet." in html


@pytest.mark.parametrize(
    ("model", "empty_message"),
    [
        (NewsIndexPage, "No news yet."),
        (EventIndexPage, "No events yet."),
        (PartyAffairsIndexPage, "No party-affairs disclosures yet."),
    ],
)
def test_empty_lists_show_an_empty_state(theme_sites, english_client, model, empty_message):
    html = get(english_client, path_of(section(theme_sites["community"].home, model)))
    assert empty_message in html
    assert 'class="pagination"' not in html


def test_empty_notice_list_shows_an_empty_state(theme_sites, english_client):
    NoticePage.objects.descendant_of(theme_sites["community"].home).delete()
    html = get(english_client, "/notices/")
    assert "No notices yet." in html


def test_news_event_and_party_affairs_pages_render(theme_sites, english_client):
    home = theme_sites["community"].home
    news = section(home, NewsIndexPage).add_child(
        instance=NewsPage(title="社区举办邻里节", date=datetime.date(2026, 5, 20), summary="邻里节活动摘要")
    )
    # Upcoming, so the home page lists it; a fixed time of day keeps the formatted text predictable.
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    starts = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(9, 30)))
    event = section(home, EventIndexPage).add_child(
        instance=EventPage(
            title="重阳节敬老活动",
            start_at=starts,
            end_at=starts + datetime.timedelta(hours=2),
            place="社区活动中心",
            capacity=80,
            organiser="居委会",
        )
    )
    disclosure = section(home, PartyAffairsIndexPage).add_child(
        instance=PartyAffairsPage(title="党费收缴公示", category="dues", date=datetime.date(2026, 7, 1))
    )

    html = get(english_client, path_of(news))
    assert "社区举办邻里节" in html and "2026-05-20" in html
    html = get(english_client, path_of(event))
    assert "重阳节敬老活动" in html and f"{next_month:%Y-%m-%d} 09:30" in html and "11:30" in html
    assert "社区活动中心" in html and "80 people" in html and "居委会" in html
    html = get(english_client, path_of(disclosure))
    assert "党费收缴公示" in html and "2026-07-01" in html and "Party dues" in html

    lists = {
        model: get(english_client, path_of(section(home, model)))
        for model in (NewsIndexPage, EventIndexPage, PartyAffairsIndexPage)
    }
    assert "社区举办邻里节" in lists[NewsIndexPage]
    assert "重阳节敬老活动" in lists[EventIndexPage]
    assert "党费收缴公示" in lists[PartyAffairsIndexPage]
    home_html = get(english_client, "/")
    assert all(title in home_html for title in ("社区举办邻里节", "重阳节敬老活动", "党费收缴公示"))


def test_past_events_are_not_listed_as_upcoming_on_the_home_page(theme_sites, english_client):
    home = theme_sites["community"].home
    ended = timezone.now() - datetime.timedelta(days=3)
    section(home, EventIndexPage).add_child(
        instance=EventPage(
            title="已结束的义诊活动", start_at=ended, end_at=ended + datetime.timedelta(hours=2), place="广场"
        )
    )
    assert "已结束的义诊活动" not in get(english_client, "/")
    assert "已结束的义诊活动" in get(english_client, path_of(section(home, EventIndexPage)))


def test_profile_and_contact_pages_render(theme_sites, english_client):
    home = theme_sites["community"].home
    profile = section(home, CommunityProfilePage)
    profile.population, profile.households, profile.area_km2 = 12850, 4320, "1.35"
    profile.address, profile.latitude, profile.longitude = "和平路88号", "30.274100", "120.155100"
    profile.save()
    CommitteeMember.objects.create(page=profile, name="王建华", position="书记", duties="全面工作")
    contact = section(home, ContactPage)
    contact.phone, contact.address = "0571-88886666", "和平路88号一楼"
    contact.save()

    html = get(english_client, path_of(profile))
    for text in ("12,850", "4,320", "1.35", "和平路88号", "30.274100", "120.155100", "王建华", "书记", "全面工作"):
        assert text in html, text
    html = get(english_client, path_of(contact))
    assert 'href="tel:0571-88886666"' in html and "和平路88号一楼" in html and "周一至周五" in html


def test_long_lists_are_paginated_with_previous_and_next(theme_sites, english_client):
    notices = section(theme_sites["community"].home, NoticeIndexPage)
    for number in range(LIST_PAGE_SIZE):
        notices.add_child(instance=NoticePage(title=f"通知{number}"))
    html = get(english_client, path_of(notices))
    assert 'class="pagination"' in html and 'href="?page=2"' in html and 'rel="next"' in html
    assert "Page 1 of 2" in html
    html = get(english_client, path_of(notices) + "?page=2")
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in html


def test_missing_page_uses_the_site_layout(theme_sites, english_client):
    html = get(english_client, "/no-such-page/", status=404)
    assert "Page not found" in html and f"--primary: {GREEN_PRIMARY}" in html


def test_community_home_page_query_count(theme_sites, english_client, django_assert_max_num_queries):
    home = theme_sites["community"].home
    for number in range(5):
        section(home, NoticeIndexPage).add_child(instance=NoticePage(title=f"通知{number}"))
        section(home, NewsIndexPage).add_child(instance=NewsPage(title=f"新闻{number}"))
        section(home, EventIndexPage).add_child(
            instance=EventPage(title=f"活动{number}", start_at=timezone.now(), place="活动中心")
        )
        section(home, PartyAffairsIndexPage).add_child(instance=PartyAffairsPage(title=f"公开{number}"))
    with django_assert_max_num_queries(20):
        english_client.get("/", HTTP_HOST=COMMUNITY_HOST)
