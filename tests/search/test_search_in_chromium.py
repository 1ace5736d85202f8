"""A resident types pinyin into the header's search box in real Chromium and gets highlighted guides."""

from urllib.parse import urlsplit

import pytest

from cms.orgs.services import create_org_unit
from sites.services.site_builder import create_community_site, create_portal_site
from tests.factories import ensure_wagtail_tree
from tests.search.conftest import add_guide, add_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def searchable_network(live_server):
    ensure_wagtail_tree()
    port = urlsplit(live_server.url).port
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    sites = []
    for index in (1, 2):
        unit = create_org_unit(name=f"第{index}社区", code=f"330102001{index:03d}", level="community", parent=street)
        sites.append(
            create_community_site(org_unit=unit, hostname=f"s{index}.localhost", theme="fresh_green", port=port)
        )
    create_portal_site(org_unit=city, hostname="portal.localhost", theme="government_red", port=port)
    add_guide(sites[0], "城市最低生活保障申请", "家庭人均收入低于最低生活保障标准的居民可以申请。")
    add_notice(sites[0], "关于低保年度复核的通知", "请低保家庭月底前到社区复核。")
    add_guide(sites[1], "农村最低生活保障审批", "农村低保由乡镇审核。")
    return {"port": port}


def test_pinyin_in_the_header_search_box_finds_highlighted_guides(searchable_network, browser_page, artifacts_dir):
    page = browser_page
    port = searchable_network["port"]
    page.goto(f"http://s1.localhost:{port}/")
    page.get_by_role("searchbox").first.fill("dibao")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=dibao")
    marks = page.locator(".search-hits mark").all_inner_texts()
    assert "最低生活保障" in marks and "低保" in marks
    assert "农村最低生活保障审批" not in page.content()  # another community's guide
    page.screenshot(path=str(artifacts_dir / "search-community.png"), full_page=True)

    page.goto(f"http://portal.localhost:{port}/search/?q=低保")
    assert page.locator(".search-hit").count() == 3
    page.get_by_role("link", name="第2社区").click()
    page.wait_for_url("**site=*")
    assert page.locator(".search-hit").count() == 1
    assert "农村" in page.locator(".search-hit").inner_text()

    page.goto(f"http://portal.localhost:{port}/search/?q=火星移民")
    assert page.locator(".search-empty").is_visible()
