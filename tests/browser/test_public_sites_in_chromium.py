"""Community home pages open by host name in real Chromium, in both themes, with Chinese rendered."""

from urllib.parse import urlsplit

import pytest

from cms.orgs.services import create_org_unit
from sites.services.site_builder import create_community_site, create_portal_site
from tests.factories import ensure_wagtail_tree
from themes.registry import THEMES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def themed_network(live_server):
    ensure_wagtail_tree()
    port = urlsplit(live_server.url).port
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    sites = {}
    for index, theme in enumerate(sorted(THEMES), start=1):
        unit = create_org_unit(
            name=f"和平里第{index}社区", code=f"330102001{index:03d}", level="community", parent=street
        )
        sites[theme] = create_community_site(org_unit=unit, hostname=f"theme{index}.localhost", theme=theme, port=port)
    create_portal_site(org_unit=city, hostname="portal.localhost", theme="government_red", port=port)
    return {"port": port, "sites": sites}


def glyphs_differ(page, first, second):
    """Two different Chinese characters render differently only if a CJK font is present
    (without one, both become the same 'tofu' box)."""
    shots = []
    for character in (first, second):
        page.evaluate(
            """(character) => {
                let probe = document.getElementById('glyph-probe');
                if (!probe) { probe = document.createElement('span'); probe.id = 'glyph-probe';
                  probe.style.cssText = 'position:fixed;top:0;left:0;font-size:48px;'
                    + 'background:#fff;color:#000;z-index:99999';
                  document.body.appendChild(probe); }
                probe.textContent = character;
            }""",
            character,
        )
        shots.append(page.locator("#glyph-probe").screenshot())
    return shots[0] != shots[1]


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_community_home_opens_by_host_name_in_its_theme(themed_network, browser_page, artifacts_dir, theme):
    built = themed_network["sites"][theme]
    url = f"http://{built.site.hostname}:{themed_network['port']}/"
    response = browser_page.goto(url)
    assert response.status == 200
    assert browser_page.locator("html").get_attribute("lang") == "zh-hans"
    assert built.home.title in browser_page.title() or built.home.title in browser_page.content()

    primary = browser_page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--primary')")
    assert primary.strip().lower() == THEMES[theme].tokens["primary"]
    browser_page.screenshot(path=str(artifacts_dir / f"home-{theme}.png"), full_page=True)
    assert glyphs_differ(browser_page, "社", "区"), "Chinese text renders as missing-glyph boxes"


def test_notices_and_guides_are_two_clicks_from_home(themed_network, browser_page):
    built = themed_network["sites"]["fresh_green"]
    browser_page.goto(f"http://{built.site.hostname}:{themed_network['port']}/")
    browser_page.get_by_role("navigation", name=None).get_by_role("link", name="通知公告").first.click()
    browser_page.locator("main a", has_text="网站开通").first.click()
    assert browser_page.locator("h1").first.inner_text().endswith("网站开通")

    browser_page.goto(f"http://{built.site.hostname}:{themed_network['port']}/")
    browser_page.get_by_role("link", name="办事指南").first.click()
    browser_page.locator("main a", has_text="居住证办理").first.click()
    assert "居住证办理" in browser_page.locator("h1").first.inner_text()
    assert browser_page.get_by_text("居民身份证").count() >= 1


def test_mobile_width_has_no_horizontal_scroll(themed_network, chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    built = themed_network["sites"]["government_red"]
    page.goto(f"http://{built.site.hostname}:{themed_network['port']}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
