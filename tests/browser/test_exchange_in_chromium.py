"""The exchange between levels in real Chromium, through the admin screens people use.

Down: a street editor pushes a notice, updates it and withdraws it, and both community sites below the
street follow at once; bad input is refused in Chinese and saves nothing. Up: a community editor submits
a notice to the portal, a portal moderator approves one and rejects another in Wagtail's workflow UI,
only the approved one appears on the portal (with its source), and the submitter sees both outcomes.
"""

import datetime
from urllib.parse import urlsplit

import pytest

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from sites.models import NoticeIndexPage, NoticePage, PortalSubmission, PushedNotice, SubmissionStatus
from sites.services.site_builder import create_community_site, create_portal_site
from tests.factories import ensure_wagtail_tree, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Exchange-pass-2026"


@pytest.fixture
def exchange_network(live_server):
    """Two communities under one street, one under a neighbouring street, and the portal, all on the live port."""
    ensure_wagtail_tree()
    port = urlsplit(live_server.url).port
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    other_street = create_org_unit(name="光明街道", code="330102002", level="street", parent=district)
    sites, units = [], []
    for index, (parent, hostname) in enumerate(
        [(street, "east.localhost"), (street, "west.localhost"), (other_street, "far.localhost")], start=1
    ):
        unit = create_org_unit(
            name=f"和平第{index}社区", code=f"{parent.code}{index:03d}", level="community", parent=parent
        )
        units.append(unit)
        sites.append(create_community_site(org_unit=unit, hostname=hostname, theme="fresh_green", port=port))
    portal = create_portal_site(org_unit=city, hostname="portal.localhost", theme="government_red", port=port)
    return {"port": port, "city": city, "street": street, "units": units, "sites": sites, "portal": portal}


def log_in(page, port, username):
    admin = f"http://portal.localhost:{port}/admin/"
    page.context.clear_cookies()
    page.goto(admin + "login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(admin)
    return admin


def site_text(page, built, port, path="/"):
    response = page.goto(f"http://{built.site.hostname}:{port}{path}")
    assert response.status == 200
    return page.locator("main").inner_text() if page.locator("main").count() else page.content()


def field_error(page, name):
    """The error Wagtail shows under one field of the form, as the user reads it."""
    field = page.locator(".w-field", has=page.locator(f"[name={name}]"))
    return field.locator(".w-field__errors").inner_text().strip()


def source_of(page, title):
    """The source line of the listed item with this title (来源 …)."""
    item = page.locator("li.item", has=page.locator(".item__title", has_text=title))
    return item.locator(".item__source").inner_text()


def notice_list_path(built):
    return urlsplit(NoticeIndexPage.objects.child_of(built.home).get().url).path


def test_street_editor_pushes_updates_and_withdraws_a_notice_on_every_site_below(
    exchange_network, browser_page, artifacts_dir
):
    network, page, port = exchange_network, browser_page, exchange_network["port"]
    east, west, far = network["sites"]
    staff(network["street"], Role.STREET_STAFF, username="street_editor", password=PASSWORD)
    admin = log_in(page, port, "street_editor")

    # Bad input: no title, then a valid-until date in the past. Refused in Chinese; nothing saved.
    page.goto(admin + "exchange/pushed/new/")
    page.select_option("select[name=target]", str(network["street"].pk))
    page.fill("textarea[name=summary]", "明日上午停水")
    page.get_by_role("button", name="保存并在所有网站显示").click()
    page.wait_for_load_state()
    assert field_error(page, "title") == "必需字段"
    assert page.locator("textarea[name=summary]").input_value() == "明日上午停水"  # what was typed is kept
    page.fill("input[name=title]", "和平街道停水通知")
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    page.fill("input[name=valid_until]", yesterday.isoformat())
    page.get_by_role("button", name="保存并在所有网站显示").click()
    page.wait_for_load_state()
    assert field_error(page, "valid_until") == "有效期不能早于今天。"
    page.screenshot(path=str(artifacts_dir / "push-notice-refused.png"), full_page=True)
    assert not PushedNotice.objects.exists()

    # A good push shows on both community sites below the street, and not on the neighbouring street's.
    page.fill("input[name=valid_until]", "")
    page.get_by_role("button", name="保存并在所有网站显示").click()
    page.wait_for_url(admin + "exchange/pushed/")
    assert "通知已在所有下发对象的网站上显示。" in page.locator(".messages").inner_text()
    notice = PushedNotice.objects.get()
    assert (notice.sender, notice.target, notice.title) == (network["street"], network["street"], "和平街道停水通知")
    for built in (east, west):
        assert "和平街道停水通知" in site_text(page, built, port)
        assert "和平街道停水通知" in site_text(page, built, port, notice_list_path(built))
        assert source_of(page, "和平街道停水通知") == "来源 和平街道"
    assert "和平街道停水通知" not in site_text(page, far, port)

    # The sender updates it from the list; both sites show the new text.
    page.goto(admin + "exchange/pushed/")
    page.get_by_role("link", name="编辑").click()
    assert page.locator("select[name=target]").is_disabled()  # where it went is fixed once sent
    page.fill("input[name=title]", "和平街道停水通知（时间调整）")
    page.get_by_role("button", name="保存并在所有网站显示").click()
    page.wait_for_url(admin + "exchange/pushed/")
    for built in (east, west):
        assert "和平街道停水通知（时间调整）" in site_text(page, built, port)

    # An update that empties the title is refused and changes nothing.
    page.goto(admin + f"exchange/pushed/{notice.pk}/")
    page.fill("input[name=title]", "   ")
    page.get_by_role("button", name="保存并在所有网站显示").click()
    page.wait_for_load_state()
    assert field_error(page, "title") == "必需字段"
    notice.refresh_from_db()
    assert notice.title == "和平街道停水通知（时间调整）"

    # Withdrawn, it disappears from both sites, its own address included.
    page.goto(admin + "exchange/pushed/")
    page.get_by_role("button", name="撤回").click()
    page.wait_for_url(admin + "exchange/pushed/")
    assert "通知已从所有网站撤回。" in page.locator(".messages").inner_text()
    page.screenshot(path=str(artifacts_dir / "push-notice-withdrawn.png"), full_page=True)
    for built in (east, west):
        assert "停水通知" not in site_text(page, built, port)
        assert "停水通知" not in site_text(page, built, port, notice_list_path(built))
        gone = page.goto(f"http://{built.site.hostname}:{port}{notice_list_path(built)}pushed/{notice.pk}/")
        assert gone.status == 404


def add_notice(built, title):
    index = NoticeIndexPage.objects.child_of(built.home).get()
    notice = index.add_child(instance=NoticePage(title=title, slug=f"notice-{abs(hash(title)) % 10_000}"))
    notice.save_revision().publish()
    return notice


def submit_from_page_editor(page, admin, notice, note):
    page.goto(admin + f"pages/{notice.pk}/edit/")
    link = page.get_by_role("link", name="报送门户")
    # Page header buttons live in the header's "more actions" dropdown (mounted when opened).
    page.locator("header button.w-dropdown__toggle").click()
    link.click()
    page.fill("textarea[name=note]", note)
    page.get_by_role("button", name="报送门户").click()
    page.wait_for_url(admin + "exchange/submissions/")
    assert "已报送，门户编辑将进行审核。" in page.locator(".messages").inner_text()


def moderate_from_dashboard(page, admin, title, action):
    """Wagtail's dashboard panel "Awaiting your review": open the row's actions and choose one."""
    page.goto(admin)
    row = page.locator("#awaiting-review-section tr", has_text=title)
    row.locator("[data-w-dropdown-target=toggle]").click()
    if action == "approve":
        with page.expect_navigation():
            row.get_by_role("button", name="批准", exact=True).click()
    else:
        row.get_by_role("button", name="请求修改").click()
        dialog = page.locator(".modal-dialog, [role=dialog]").filter(has=page.locator("textarea")).first
        dialog.locator("textarea").fill("与门户主题无关")
        with page.expect_navigation():
            dialog.locator("button[type=submit]").click()


def test_community_submission_is_moderated_in_wagtail_and_only_approved_items_reach_the_portal(
    exchange_network, browser_page, artifacts_dir
):
    network, page, port = exchange_network, browser_page, exchange_network["port"]
    east = network["sites"][0]
    editor = staff(network["units"][0], Role.COMMUNITY_EDITOR, username="east_editor", password=PASSWORD)
    editor.groups.add(east.editors_group)
    moderator = staff(network["city"], Role.CITY_ADMIN, username="portal_moderator", password=PASSWORD)
    moderator.groups.add(network["portal"].editors_group)
    good = add_notice(east, "和平第1社区义诊活动")
    bad = add_notice(east, "和平第1社区内部值班表")

    admin = log_in(page, port, "east_editor")
    submit_from_page_editor(page, admin, good, "请门户转发")
    submit_from_page_editor(page, admin, bad, "")
    listing = page.locator("main").inner_text()
    assert listing.count("待审核") == 2
    portal_notices = f"http://portal.localhost:{port}{notice_list_path(network['portal'])}"
    page.goto(portal_notices)
    assert "义诊活动" not in page.content()  # nothing before review

    admin = log_in(page, port, "portal_moderator")
    moderate_from_dashboard(page, admin, "和平第1社区义诊活动", "approve")
    moderate_from_dashboard(page, admin, "和平第1社区内部值班表", "reject")
    outcomes = dict(PortalSubmission.objects.values_list("title", "status"))
    assert outcomes == {
        "和平第1社区义诊活动": SubmissionStatus.APPROVED,
        "和平第1社区内部值班表": SubmissionStatus.REJECTED,
    }

    page.goto(portal_notices)
    page.screenshot(path=str(artifacts_dir / "portal-after-moderation.png"), full_page=True)
    listed = page.locator("main").inner_text()
    assert "和平第1社区义诊活动" in listed
    assert source_of(page, "和平第1社区义诊活动").startswith("来源 和平第1社区")
    assert "值班表" not in listed
    rejected_copy = PortalSubmission.objects.get(status=SubmissionStatus.REJECTED).portal_page
    # The portal home aggregates every community's own notices (linking to the community site), but
    # never the rejected copy.
    site_text(page, network["portal"], port)
    assert rejected_copy.slug not in page.content()
    assert page.goto(f"http://portal.localhost:{port}{urlsplit(rejected_copy.url).path}").status == 404

    # The submitter sees both outcomes: on the submissions screen and in their messages.
    admin = log_in(page, port, "east_editor")
    page.goto(admin + "exchange/submissions/")
    rows = page.locator("main tbody tr")
    assert "已批准" in rows.filter(has_text="义诊活动").inner_text()
    assert "不予批准" in rows.filter(has_text="值班表").inner_text()
    page.goto(admin + "messages/")
    messages = page.locator("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "submitter-messages.png"), full_page=True)
    assert "和平第1社区义诊活动" in messages and "和平第1社区内部值班表" in messages
