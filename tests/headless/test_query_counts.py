"""The number of SQL queries of a GraphQL query does not grow with the number of items it returns."""

import datetime
import io

from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image

from kiosk_app.models import AttractSlide, KioskOpeningHours
from sites.models import (
    CommitteeMember,
    CommunityProfilePage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    PartyAffairsPage,
    ServiceGuideIndexPage,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
)
from tests.factories import without_search_indexing
from tests.headless.conftest import data_of, post_graphql

# What the kiosk asks on start-up, plus every list at the largest page size.
KIOSK_HOME_QUERY = """query KioskHome {
  kiosk { name orientation idleTimeoutSeconds isOpen openingHours { weekday opensAt closesAt }
    attractSlides { title caption image { rendition(size: PORTRAIT_SCREEN) { url width height } } } }
  site {
    name hostname community { name } street { name } district { name }
    notices(pageSize: 50) { total hasNext items { id title summary pinned validUntil url fullUrl firstPublishedAt } }
    news(pageSize: 50) { total items { id title date summary coverImage { id rendition(size: CARD) { url width } } } }
    events(pageSize: 50) { total items { id title startAt endAt place summary } }
    serviceGuides(pageSize: 50) { total items { id title category categoryLabel summary fee timeLimit
      materials { name copies originalRequired } steps { title description } } }
    partyAffairs(pageSize: 50) { total items { id title category categoryLabel date } }
    profile { title population committeeMembers { name position photo { rendition(size: THUMBNAIL) { url } } } }
    contact { phone address officeHours }
  }
  districts { name streets { name sites { hostname name } } }
  communitySites(pageSize: 50) { total items { hostname name community { name } street { name } } }
}"""


def picture(title):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), (200, 40, 40)).save(buffer, "PNG")
    image = Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))
    return image


def fill_site(home, count, image):
    """`count` notices; min(count, 50) of every other kind (each list returns at most 50)."""
    others = min(count, 50)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    notices = NoticeIndexPage.objects.child_of(home).get()
    for index in range(count):
        notices.add_child(instance=NoticePage(title=f"通知{index}", summary="摘要", pinned=index % 7 == 0))
    news = NewsIndexPage.objects.child_of(home).get()
    events = EventIndexPage.objects.child_of(home).get()
    guides = ServiceGuideIndexPage.objects.child_of(home).get()
    party = PartyAffairsIndexPage.objects.child_of(home).get()
    for index in range(others):
        news.add_child(instance=NewsPage(title=f"新闻{index}", cover_image=image))
        events.add_child(instance=EventPage(title=f"活动{index}", start_at=tomorrow, place="活动室"))
        guide = ServiceGuidePage(title=f"指南{index}", category="elderly")
        guide.materials = [ServiceGuideMaterial(name="身份证"), ServiceGuideMaterial(name="户口簿")]
        guide.steps = [ServiceGuideStep(title="申请"), ServiceGuideStep(title="审核")]
        guides.add_child(instance=guide)
        party.add_child(instance=PartyAffairsPage(title=f"党务{index}"))
    profile = CommunityProfilePage.objects.child_of(home).get()
    for index in range(others):
        CommitteeMember.objects.create(
            page=profile, name=f"委员{index}", position="委员", photo=image, sort_order=index
        )


def count_queries(client, token):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        data = data_of(post_graphql(client, KIOSK_HOME_QUERY, token=token))
    return len(captured), data


def test_kiosk_home_query_count_is_the_same_at_5_and_500_items(client, kiosk_network):
    home = kiosk_network["sites"][0].home
    kiosk = kiosk_network["kiosk"]
    image = picture("封面")
    for spec in ("fill-640x360", "max-1080x1920", "fill-320x240"):
        image.get_rendition(spec)  # renditions exist already, as on a running site
    for index in range(3):
        AttractSlide.objects.create(kiosk=kiosk, image=image, title=f"幻灯片{index}", sort_order=index)
    KioskOpeningHours.objects.create(kiosk=kiosk, weekday=1, opens_at="08:00", closes_at="18:00")

    with without_search_indexing():
        fill_site(home, 5, image)
    small_count, small = count_queries(client, kiosk_network["token"])
    assert small["site"]["notices"]["total"] == 6  # with the welcome notice
    assert len(small["site"]["news"]["items"]) == 5

    with without_search_indexing():
        fill_site(home, 495, image)
    large_count, large = count_queries(client, kiosk_network["token"])
    assert large["site"]["notices"]["total"] == 501
    assert len(large["site"]["notices"]["items"]) == 50
    assert len(large["site"]["news"]["items"]) == 50
    assert len(large["site"]["serviceGuides"]["items"]) == 50
    assert len(large["site"]["profile"]["committeeMembers"]) == 55
    assert len(large["kiosk"]["attractSlides"]) == 3

    assert large_count == small_count, f"{small_count} queries at 5 items, {large_count} at 500"
    assert small_count <= 40
