"""`manage.py load_demo`: the demo network it builds, and that running it again duplicates nothing."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from cms.accounts.models import ROLE_LEVEL, Role, StaffProfile
from cms.orgs.models import OrgLevel, OrgUnit
from kiosk_app.models import Kiosk
from sites.demo.loader import DEMO_PASSWORD
from sites.models import CommunityHomePage, NewsPage, NoticePage, ServiceGuidePage
from sites.selectors import current_notices
from sites.services.site_builder import editors_group_for

EXPECTED_HOSTNAMES = {
    "portal.localhost",
    "heping.localhost",
    "jianshelu.localhost",
    "xingfuyuan.localhost",
    "hubin.localhost",
    "cuiliu.localhost",
    "donghuhuayuan.localhost",
    "jiangnanxincun.localhost",
    "chunhui.localhost",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def level_counts():
    return {level: OrgUnit.objects.filter(level=level).count() for level in OrgLevel.values}


def totals():
    return {
        "org units": OrgUnit.objects.count(),
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "kiosks": Kiosk.objects.count(),
    }


@pytest.mark.django_db
def test_demo_has_one_city_two_districts_three_streets_eight_communities_and_nine_sites():
    output = load_demo(pages_per_site=3, port=8000)

    assert level_counts() == {"city": 1, "district": 2, "street": 3, "community": 8}
    assert set(Site.objects.values_list("hostname", flat=True)) == EXPECTED_HOSTNAMES
    assert set(Site.objects.values_list("port", flat=True)) == {8000}
    assert Site.objects.get(is_default_site=True).hostname == "portal.localhost"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert CommunityHomePage.objects.count() == 8
    assert "http://heping.localhost:8000/" in output
    assert "http://portal.localhost:8000/admin/" in output


@pytest.mark.django_db
def test_running_load_demo_twice_duplicates_nothing():
    # One community with full content: every kind of page, image, document and account is re-checked.
    load_demo(scale=1)
    before = totals()

    output = load_demo(scale=1)

    assert totals() == before
    assert "already exists" in output


def printed_kiosk_path(output):
    match = re.search(r"http://heping\.localhost:8000(/kiosk/[^/\s]+/)", output)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_the_demo_prints_a_working_kiosk_address_new_on_every_run(client):
    first = printed_kiosk_path(load_demo(scale=1, pages_per_site=3, port=8000))
    response = client.get(first, HTTP_HOST="heping.localhost")
    assert response.status_code == 200 and "和平里社区" in response.content.decode()

    second = printed_kiosk_path(load_demo(scale=1, pages_per_site=3, port=8000))
    assert second != first
    assert client.get(second, HTTP_HOST="heping.localhost").status_code == 200
    assert client.get(first, HTTP_HOST="heping.localhost").status_code == 404  # only the newest token works
    assert Kiosk.objects.count() == 1


@pytest.mark.django_db
def test_every_role_has_a_demo_account_at_its_org_level():
    load_demo(scale=2, pages_per_site=0)

    profiles = StaffProfile.objects.select_related("org_unit", "user")
    assert {profile.role for profile in profiles} == set(Role.values)
    for profile in profiles:
        required = ROLE_LEVEL[Role(profile.role)]
        assert required is None or profile.org_unit.level == required, profile
        assert profile.user.check_password(DEMO_PASSWORD)
    admin = get_user_model().objects.get(username="cityadmin")
    assert admin.is_superuser and admin.staff_profile.org_unit.level == OrgLevel.CITY


@pytest.mark.django_db
def test_demo_editors_belong_to_their_own_sites_editors_group():
    load_demo(scale=2, pages_per_site=0)

    editors = StaffProfile.objects.filter(role=Role.COMMUNITY_EDITOR).select_related("user", "org_unit")
    assert editors.count() == 2
    for profile in editors:
        site = Site.objects.get(root_page__in=CommunityHomePage.objects.filter(org_unit=profile.org_unit))
        assert profile.user.groups.filter(pk=editors_group_for(site).pk).exists()


@pytest.mark.django_db
def test_scale_option_builds_that_many_communities():
    load_demo(scale=3, pages_per_site=0)

    assert OrgUnit.objects.filter(level=OrgLevel.COMMUNITY).count() == 3
    assert CommunityHomePage.objects.count() == 3
    assert Site.objects.count() == 4


@pytest.mark.django_db
def test_scale_beyond_the_named_communities_generates_districts_and_streets():
    load_demo(scale=10, pages_per_site=0)

    assert OrgUnit.objects.filter(level=OrgLevel.COMMUNITY).count() == 10
    assert OrgUnit.objects.filter(level=OrgLevel.DISTRICT).count() == 3
    assert OrgUnit.objects.filter(level=OrgLevel.STREET).count() == 4
    assert Site.objects.count() == 11
    assert len(set(Site.objects.values_list("hostname", flat=True))) == 11


@pytest.mark.django_db
def test_a_demo_community_site_has_pinned_expired_and_attached_notices_news_covers_and_guides(client):
    load_demo(scale=1)

    home = CommunityHomePage.objects.get()
    notices = NoticePage.objects.descendant_of(home)
    assert notices.filter(pinned=True).count() >= 2
    expired = notices.exclude(pk__in=current_notices(notices).values("pk"))
    assert expired.count() == 1
    assert notices.filter(attachments__isnull=False).exists()
    site = Site.objects.get(root_page=home)
    collection = Collection.objects.filter(group_permissions__group=editors_group_for(site)).distinct().get()
    news = NewsPage.objects.descendant_of(home)
    assert news.exists() and not news.filter(cover_image__isnull=True).exists()
    assert set(news.values_list("cover_image__collection", flat=True)) == {collection.pk}
    guide = ServiceGuidePage.objects.descendant_of(home).exclude(legal_basis="").first()
    assert guide.materials.count() >= 2 and guide.steps.count() >= 3

    response = client.get("/", HTTP_HOST="heping.localhost")
    assert response.status_code == 200
    assert "和平里社区" in response.content.decode()
