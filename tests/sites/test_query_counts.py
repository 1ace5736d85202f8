"""Public pages cost the same number of queries whatever the number of items they show."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from sites.models import (
    CommitteeMember,
    CommunityProfilePage,
    NewsIndexPage,
    NewsPage,
    NoticeAttachment,
    NoticeIndexPage,
    NoticePage,
)


def picture(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (20, 120, 60)).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def queries_for(client, page, host):
    url = page.relative_url(page.get_site())
    client.get(url, HTTP_HOST=host)  # warm renditions and content-type caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_HOST=host).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_notice_list_and_news_list_do_not_grow_with_items(network, client):
    built = network["sites"][0]
    host = built.site.hostname
    notices = NoticeIndexPage.objects.child_of(built.home).get()
    news = NewsIndexPage.objects.child_of(built.home).get()

    def add(count):
        for index in range(count):
            notices.add_child(instance=NoticePage(title=f"通知{index}"))
            news.add_child(instance=NewsPage(title=f"新闻{index}", cover_image=picture(f"cover{index}")))

    add(3)
    few = (queries_for(client, notices, host), queries_for(client, news, host), queries_for(client, built.home, host))
    add(15)
    many = (queries_for(client, notices, host), queries_for(client, news, host), queries_for(client, built.home, host))
    assert few == many
    assert max(many) <= 20


@pytest.mark.django_db
def test_notice_attachments_and_committee_photos_do_not_add_queries_per_item(network, client):
    built = network["sites"][0]
    host = built.site.hostname
    notice = NoticePage.objects.descendant_of(built.home).get()
    profile = CommunityProfilePage.objects.child_of(built.home).get()

    def add(start, count):
        for index in range(start, start + count):
            document = Document.objects.create(
                title=f"附件{index}", file=ContentFile(b"%PDF-1.4", name=f"a{index}.pdf")
            )
            NoticeAttachment.objects.create(page=notice, document=document)
            CommitteeMember.objects.create(
                page=profile, name=f"委员{index}", position="委员", photo=picture(f"p{index}")
            )

    add(0, 2)
    few = (queries_for(client, notice, host), queries_for(client, profile, host))
    add(2, 8)
    many = (queries_for(client, notice, host), queries_for(client, profile, host))
    assert few == many
