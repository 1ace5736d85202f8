"""The kiosk's touch front end in real Chromium, as a resident at the service hall uses it: tiles, lists
paged with big buttons, details in large type, QR codes, the attract loop, night mode and the offline
cache, in portrait 1080×1920 and landscape 1920×1080, with Chinese really rendered."""

import pytest
from django.utils import timezone

from cms.accounts.models import Role
from kiosk_app.models import AttractSlide, Kiosk, KioskOpeningHours
from sites.models import NoticeIndexPage, NoticePage
from sites.services.exchange import push_notice
from tests.factories import staff
from tests.headless.test_query_counts import picture
from tests.kiosk.conftest import build_kiosk_community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
SIX_TILES = ["社区概况", "通知公告", "办事指南", "便民服务", "党务公开", "社区活动"]


@pytest.fixture
def community(live_server):
    return build_kiosk_community()


@pytest.fixture
def open_kiosk(chromium, live_server):
    """Opens a kiosk's address in a fresh touch-screen browser; collects JavaScript errors."""
    contexts = []

    def open_(built, viewport=PORTRAIT):
        context = chromium.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport, has_touch=True, device_scale_factor=1
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(f"{live_server.url}{built.path}")
        page.wait_for_selector("html[data-ready='1']")
        return page

    yield open_
    for context in contexts:
        context.close()


def tap(page, role_name, name):
    page.get_by_role(role_name, name=name, exact=True).tap()


def on_home(page):
    page.wait_for_selector("#home:not([hidden])")
    return [label.strip() for label in page.locator("#home .tile-label").all_inner_texts()]


def heading(page):
    return page.locator("#view-title").inner_text()


def small_targets(page):
    """Every visible button or link smaller than 64×64 CSS pixels (a fingertip on a big screen)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button, a[href], [role=button]')]
            .filter((node) => node.offsetParent !== null)
            .map((node) => ({ text: node.innerText.trim(), box: node.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 64 || box.height < 64)
            .map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`)"""
    )


def wait_for_list(page, page_number):
    page.wait_for_function(
        """(n) => { const position = document.querySelector('.pager-position');
                   return position && position.textContent.startsWith(`第 ${n} 页`); }""",
        arg=page_number,
    )


def test_a_resident_taps_through_every_section(community, open_kiosk):
    page = open_kiosk(community)
    assert page.locator("#site-name").inner_text() == "第1社区"
    assert on_home(page) == SIX_TILES
    assert small_targets(page) == []

    # 社区概况: the profile with its numbers and committee, and a QR code to read on at home
    tap(page, "button", "社区概况")
    page.wait_for_selector(".detail")
    assert heading(page) == "社区概况"
    profile = page.locator(".detail").inner_text()
    assert "8650" in profile and "3120" in profile and "张秀英" in profile and "0571-88881234" in profile
    assert_qr_shows(page)
    assert small_targets(page) == []
    tap(page, "button", "返回")
    assert on_home(page) == SIX_TILES

    # 通知公告: 14 notices, five a page, paged with the big buttons
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    assert heading(page) == "通知公告"
    assert page.locator("#home").is_hidden()  # the list replaces the tiles
    assert page.locator(".pager-position").inner_text() == "第 1 页，共 3 页"
    titles = page.locator(".list-item .item-title").all_inner_texts()
    assert len(titles) == 5
    assert titles[0] == "第13号通知：小区停水安排"  # pinned first
    assert page.get_by_role("button", name="上一页").is_disabled()
    assert small_targets(page) == []
    tap(page, "button", "下一页")
    wait_for_list(page, 2)
    tap(page, "button", "下一页")
    wait_for_list(page, 3)
    assert page.locator(".list-item").count() == 4
    assert page.get_by_role("button", name="下一页").is_disabled()
    tap(page, "button", "上一页")
    wait_for_list(page, 2)
    second_page = page.locator(".list-item .item-title").all_inner_texts()
    assert not set(second_page) & set(titles)

    # a notice in large type, the font-size control, the QR code, back to the same list page
    page.locator(".list-item").first.tap()
    page.wait_for_selector(".detail-title")
    assert page.locator(".detail-title").inner_text() == second_page[0]
    assert heading(page) == "通知公告"
    assert "停水" in page.locator(".detail .body").inner_text()
    assert_qr_shows(page)
    base = font_size(page, ".detail .body")
    assert base >= 30  # large type to begin with
    assert page.get_by_role("button", name="字小一点").is_disabled()  # already the smallest
    tap(page, "button", "字大一点")
    tap(page, "button", "字大一点")
    larger = font_size(page, ".detail .body")
    assert larger > base * 1.4
    tap(page, "button", "字大一点")
    assert page.get_by_role("button", name="字大一点").is_disabled()  # the largest
    tap(page, "button", "字小一点")
    tap(page, "button", "字小一点")
    assert base < font_size(page, ".detail .body") < larger
    tap(page, "button", "返回")
    wait_for_list(page, 2)
    assert page.locator(".list-item .item-title").all_inner_texts() == second_page

    # 首页 from anywhere
    page.get_by_role("button", name="返回首页").tap()
    assert on_home(page) == SIX_TILES

    # 办事指南: a guide with its conditions, materials and steps
    tap(page, "button", "办事指南")
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="高龄津贴申领").tap()
    page.wait_for_selector(".detail-title")
    assert heading(page) == "办事指南"
    guide = page.locator(".detail").inner_text()
    facts = ["年满80周岁的本市户籍老年人", "免费", "10个工作日", "社区服务站一号窗口"]
    for text in [*facts, "户口簿", "社会保障卡", "窗口申请", "街道审核"]:
        assert text in guide, text
    assert_qr_shows(page)
    page.get_by_role("button", name="返回首页").tap()

    # 便民服务: contact details and the guides by kind of service
    tap(page, "button", "便民服务")
    page.wait_for_selector(".tiles-small")
    assert "0571-88881234" in page.locator(".view").inner_text()
    assert small_targets(page) == []
    tap(page, "button", "养老服务")
    wait_for_list(page, 1)
    assert heading(page) == "养老服务"
    assert page.locator(".list-item .item-title").all_inner_texts() == ["高龄津贴申领"]
    tap(page, "button", "返回")
    page.wait_for_selector(".tiles-small")
    page.get_by_role("button", name="返回首页").tap()

    # 党务公开
    tap(page, "button", "党务公开")
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="党费").tap()
    page.wait_for_selector(".detail-title")
    assert page.locator(".detail-title").inner_text() == "第三季度党费收缴情况公示"
    assert heading(page) == "党务公开"
    assert "党费" in page.locator(".detail .item-meta").inner_text()
    page.get_by_role("button", name="返回首页").tap()

    # 社区活动
    tap(page, "button", "社区活动")
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="重阳节").tap()
    page.wait_for_selector(".detail-title")
    assert heading(page) == "社区活动"
    event = page.locator(".detail").inner_text()
    assert "社区活动中心二楼" in event and "重阳节敬老联欢会" in event
    page.get_by_role("button", name="返回首页").tap()
    assert on_home(page) == SIX_TILES

    kiosk = Kiosk.objects.get(pk=community.kiosk.pk)
    assert kiosk.is_online and kiosk.app_version == "1.0.0"  # the registry sees the kiosk alive
    assert kiosk.current_screen == "首页"
    assert page.errors == []


def font_size(page, selector):
    return page.eval_on_selector(selector, "(node) => parseFloat(getComputedStyle(node).fontSize)")


def assert_qr_shows(page):
    qr = page.locator(".qr img")
    qr.wait_for()
    page.wait_for_function("() => { const img = document.querySelector('.qr img'); return img.naturalWidth > 0; }")
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["height"] >= 200
    assert "用手机扫码继续阅读" in page.locator(".qr").inner_text()


# ---------------------------------------------------------------- long pages
def test_a_long_notice_is_read_with_big_buttons_instead_of_a_scrollbar(community, open_kiosk):
    index = NoticeIndexPage.objects.child_of(community.home).get()
    body = [("paragraph", f"<p>第{number}条：请各位居民注意用水安全，节约用水。</p>") for number in range(1, 41)]
    index.add_child(instance=NoticePage(title="居民用水须知", summary="共四十条。", body=body))
    page = open_kiosk(community)
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="居民用水须知").tap()
    page.wait_for_selector(".detail-title")
    scroller = page.locator(".scroller")
    up, down = page.locator("[data-action=scroll-up]"), page.locator("[data-action=scroll-down]")
    assert scroller.is_visible() and up.is_disabled() and down.is_enabled()
    last = page.get_by_text("第40条：", exact=False)
    assert not in_viewport(page, last)
    for _ in range(20):
        if down.is_disabled():
            break
        down.tap()
        box = down.bounding_box()
        assert box["y"] + box["height"] <= PORTRAIT["height"]  # the buttons stay on screen
    assert down.is_disabled() and up.is_enabled()
    assert in_viewport(page, last)
    while up.is_enabled():
        up.tap()
    assert in_viewport(page, page.locator(".detail-title"))
    assert small_targets(page) == []

    tap(page, "button", "返回")  # a short notice needs no such buttons
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="第12号通知").tap()
    page.wait_for_selector(".detail-title")
    assert page.locator(".scroller").is_hidden()
    assert page.errors == []


def test_a_notice_pushed_down_by_the_street_shows_who_sent_it_and_its_qr_code(community, open_kiosk):
    street_staff = staff(community.network["street"], Role.STREET_STAFF)
    push_notice(actor=street_staff, target=community.network["street"], title="街道防汛通知", summary="请做好防汛准备")
    page = open_kiosk(community)
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    item = page.locator(".list-item", has_text="街道防汛通知")
    assert "和平街道" in item.locator(".item-meta").inner_text()
    item.tap()
    page.wait_for_selector(".detail-title")
    assert page.locator(".detail-title").inner_text() == "街道防汛通知"
    assert "和平街道" in page.locator(".detail .item-meta").inner_text()
    assert_qr_shows(page)
    assert page.errors == []


def in_viewport(page, locator):
    box = locator.bounding_box()
    main = page.locator("#screen").bounding_box()
    return box is not None and box["y"] >= main["y"] and box["y"] + box["height"] <= main["y"] + main["height"]


# ---------------------------------------------------------------- idle → attract loop → home
def test_after_the_idle_timeout_the_attract_loop_shows_and_a_touch_returns_home(live_server, open_kiosk, artifacts_dir):
    community = build_kiosk_community(idle_timeout_seconds=2)
    AttractSlide.objects.create(kiosk=community.kiosk, image=picture("社区风貌"), title="欢迎来到第1社区", sort_order=0)
    page = open_kiosk(community)

    # a resident reads a notice in large type, then walks away
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    page.locator(".list-item").first.tap()
    page.wait_for_selector(".detail-title")
    tap(page, "button", "字大一点")
    # meanwhile the community publishes an urgent notice
    index = NoticeIndexPage.objects.child_of(community.home).get()
    index.add_child(instance=NoticePage(title="紧急通知：今晚停电检修", summary="今晚22点至24点停电。", pinned=True))

    attract = page.locator("#attract")
    attract.wait_for(state="visible", timeout=10_000)
    assert page.locator("#attract-slide h2").inner_text() == "欢迎来到第1社区"
    page.wait_for_function("() => document.querySelector('#attract-slide img').naturalWidth > 0")
    assert "请触摸屏幕开始" in attract.inner_text()
    page.screenshot(path=str(artifacts_dir / "kiosk-portrait-attract.png"))
    # the loop goes on to the latest notices, fetched afresh: the new one too, with no reload
    page.wait_for_function(
        "() => document.querySelector('#attract-slide').textContent.includes('紧急通知：今晚停电检修')",
        timeout=15_000,
    )
    assert "今晚22点至24点停电。" in page.locator("#attract-slide").inner_text()

    # the next resident touches the middle of the screen, where a tile lies under the loop
    page.touchscreen.tap(PORTRAIT["width"] // 2, PORTRAIT["height"] // 2)
    attract.wait_for(state="hidden")
    assert on_home(page) == SIX_TILES
    page.wait_for_timeout(300)
    assert page.locator(".view").count() == 0  # the waking touch opened nothing
    assert page.evaluate("document.documentElement.dataset.screen") == "home"
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--scale').trim()") == "1"

    # touches keep it awake; left alone again, the loop comes back
    for _ in range(3):
        page.wait_for_timeout(800)
        tap(page, "button", "社区概况")
        tap(page, "button", "返回")
    assert attract.is_hidden()
    attract.wait_for(state="visible", timeout=10_000)
    assert page.errors == []


# ---------------------------------------------------------------- night mode
def test_outside_opening_hours_the_kiosk_dims_into_night_mode(live_server, open_kiosk, artifacts_dir):
    community = build_kiosk_community()
    today = timezone.localdate().isoweekday()
    tomorrow = today % 7 + 1
    KioskOpeningHours.objects.create(kiosk=community.kiosk, weekday=tomorrow, opens_at="08:30", closes_at="17:30")
    page = open_kiosk(community)
    assert "night" in page.locator("html").get_attribute("class")
    banner = page.locator("#night-banner")
    weekdays = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    assert banner.inner_text() == f"服务大厅现已关闭。开放时间：{weekdays[tomorrow - 1]} 08:30–17:30"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance_of(page, background) < 0.05  # a dark screen at night
    assert low_contrast_text(page) == []
    page.screenshot(path=str(artifacts_dir / "kiosk-portrait-night.png"))
    tap(page, "button", "通知公告")  # still usable
    wait_for_list(page, 1)
    assert low_contrast_text(page) == []

    KioskOpeningHours.objects.create(kiosk=community.kiosk, weekday=today, opens_at="00:00", closes_at="23:59")
    page.reload()
    page.wait_for_selector("html[data-ready='1']")
    assert "night" not in (page.locator("html").get_attribute("class") or "")
    assert page.locator("#night-banner").count() == 0


# ---------------------------------------------------------------- offline
def test_offline_the_kiosk_keeps_showing_the_last_content_and_refreshes_when_back_online(
    live_server, open_kiosk, artifacts_dir
):
    community = build_kiosk_community()
    page = open_kiosk(community)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    # read once while the service worker is in charge, so the answers are kept
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    first_titles = page.locator(".list-item .item-title").all_inner_texts()
    page.locator(".list-item").first.tap()
    page.wait_for_selector(".detail-title")
    page.get_by_role("button", name="返回首页").tap()
    assert page.locator("#status").is_hidden()

    page.context.set_offline(True)
    page.reload()  # the page itself, its script and style come from the cache
    page.wait_for_selector("html[data-ready='1']")
    assert on_home(page) == SIX_TILES
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    assert page.locator(".list-item .item-title").all_inner_texts() == first_titles
    status = page.locator("#status")
    assert status.is_visible()
    assert status.inner_text() == "网络已断开：正在显示上次保存的内容。"
    page.locator(".list-item").first.tap()
    page.wait_for_selector(".detail-title")
    assert page.locator(".detail-title").inner_text() == first_titles[0]
    page.screenshot(path=str(artifacts_dir / "kiosk-offline.png"))
    tap(page, "button", "返回")
    wait_for_list(page, 1)
    tap(page, "button", "下一页")  # never read: an honest message, not a blank screen
    page.wait_for_selector(".view .message")
    assert page.locator(".view .message").inner_text() == "暂时无法加载此内容，请稍后再试。"
    assert status.is_visible()

    # meanwhile the community publishes a notice; when the network returns the kiosk shows it
    index = NoticeIndexPage.objects.child_of(community.home).get()
    index.add_child(instance=NoticePage(title="恢复供水通知", summary="已恢复供水。", pinned=True))
    tap(page, "button", "返回")
    assert on_home(page) == SIX_TILES
    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    assert page.locator(".list-item .item-title").all_inner_texts() == first_titles  # still the saved answer
    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelector('.list-item .item-title')?.textContent === '恢复供水通知'")
    page.wait_for_selector("#status", state="hidden")


# ---------------------------------------------------------------- both orientations, Chinese, accessibility
@pytest.mark.parametrize("orientation,viewport", [("portrait", PORTRAIT), ("landscape", LANDSCAPE)])
def test_both_orientations_fit_the_screen_render_chinese_and_suit_elderly_residents(
    live_server, open_kiosk, artifacts_dir, orientation, viewport
):
    community = build_kiosk_community(orientation=orientation)
    page = open_kiosk(community, viewport)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert f"kiosk {orientation}" in page.locator("html").get_attribute("class")
    assert uses_a_cjk_font(page, "#site-name")
    assert glyphs_differ(page, "社", "区"), "Chinese text renders as missing-glyph boxes"

    # the six tiles fit on the screen without scrolling
    for tile in page.locator("#home .tile").all():
        box = tile.bounding_box()
        assert box["y"] + box["height"] <= viewport["height"] and box["x"] + box["width"] <= viewport["width"]
    columns = {round(tile.bounding_box()["x"]) for tile in page.locator("#home .tile").all()}
    assert len(columns) == (3 if orientation == "landscape" else 2)
    assert_suits_elderly_residents(page)
    page.screenshot(path=str(artifacts_dir / f"kiosk-{orientation}-home.png"))

    tap(page, "button", "通知公告")
    wait_for_list(page, 1)
    for button in ("上一页", "下一页"):  # the pager is on screen without scrolling
        box = page.get_by_role("button", name=button).bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], button
    last_item = page.locator(".list-item").last.bounding_box()
    pager = page.locator(".pager").bounding_box()
    assert last_item["y"] + last_item["height"] <= pager["y"]  # no item hidden behind the pager
    assert_suits_elderly_residents(page)
    page.screenshot(path=str(artifacts_dir / f"kiosk-{orientation}-notices.png"))

    page.get_by_role("button", name="返回首页").tap()
    tap(page, "button", "办事指南")
    wait_for_list(page, 1)
    page.locator(".list-item", has_text="高龄津贴申领").tap()
    page.wait_for_selector(".detail-title")
    assert_qr_shows(page)
    assert uses_a_cjk_font(page, ".detail-title")
    assert_suits_elderly_residents(page)
    page.screenshot(path=str(artifacts_dir / f"kiosk-{orientation}-guide.png"))
    assert page.errors == []


def assert_suits_elderly_residents(page):
    assert small_targets(page) == []
    assert low_contrast_text(page) == []
    assert hover_rules(page) == []
    # a keyboard (or switch) user sees where they are: a thick ring around the focused button
    page.keyboard.press("Tab")
    ring = page.evaluate(
        """() => { const node = document.activeElement; const style = getComputedStyle(node);
                   return { tag: node.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth) }; }"""
    )
    assert ring["tag"] == "BUTTON" and ring["style"] != "none" and ring["width"] >= 4, ring
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button')].filter((node) => node.offsetParent !== null
                   && !(node.getAttribute('aria-label') || node.innerText).trim()).length"""
    )
    assert unnamed == 0


CONTRAST_SCRIPT = r"""
    (() => {
      const parse = (color) => (color.match(/[\d.]+/g) || []).map(Number);
      const channel = (value) => {
        value /= 255;
        return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
      };
      const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const backgroundOf = (node) => {
        for (; node; node = node.parentElement) {
          const color = parse(getComputedStyle(node).backgroundColor);
          if (color.length === 3 || color[3] > 0.5) return color;
        }
        return [255, 255, 255];
      };
      return { luminance, parse, backgroundOf };
    })()
"""


def luminance_of(page, color):
    return page.evaluate(f"(color) => {{ const h = {CONTRAST_SCRIPT}; return h.luminance(h.parse(color)); }}", color)


def low_contrast_text(page):
    """Visible text whose contrast with its background is under 4.5:1 (WCAG AA for body text)."""
    return page.evaluate(
        f"""() => {{
          const h = {CONTRAST_SCRIPT};
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {{
            const node = walker.currentNode.parentElement;
            if (!walker.currentNode.textContent.trim() || !node || node.offsetParent === null) continue;
            if (node.closest('[hidden], [aria-hidden=true]')) continue;
            const fore = h.luminance(h.parse(getComputedStyle(node).color));
            const back = h.luminance(h.backgroundOf(node));
            const ratio = (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
            const text = walker.currentNode.textContent.trim().slice(0, 20);
            if (ratio < 4.5) found.push(`${{text}} ${{ratio.toFixed(2)}}`);
          }}
          return found;
        }}"""
    )


def hover_rules(page):
    """Style rules that only apply under a mouse pointer (a touch screen has none)."""
    return page.evaluate(
        """() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules])
            .map((rule) => rule.selectorText || '').filter((selector) => selector.includes(':hover'))"""
    )


def uses_a_cjk_font(page, selector):
    """Whether Chromium drew the element's text with a CJK font (the fonts actually used, per DevTools)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    session.detach()
    return any("CJK" in font["familyName"] and font["glyphCount"] > 0 for font in fonts)


def glyphs_differ(page, first, second):
    """Two different Chinese characters look different only if a font has them (else both are tofu boxes)."""
    shots = []
    for character in (first, second):
        page.evaluate(
            """(character) => {
                let probe = document.getElementById('glyph-probe');
                if (!probe) { probe = document.createElement('span'); probe.id = 'glyph-probe';
                  probe.style.cssText = 'position:fixed;top:0;left:0;font-size:60px;'
                    + 'background:#fff;color:#000;z-index:99';
                  document.body.appendChild(probe); }
                probe.textContent = character;
            }""",
            character,
        )
        shots.append(page.locator("#glyph-probe").screenshot())
    page.evaluate("document.getElementById('glyph-probe').remove()")
    return shots[0] != shots[1]
