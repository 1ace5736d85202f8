"""The statistics page in real Chromium: the vendored ECharts draws the three charts without errors."""

from urllib.parse import urlsplit

import pytest

from cms.accounts.models import Role
from tests.factories import ensure_wagtail_tree, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_street_staff_see_the_charts_drawn_from_our_own_echarts(
    live_server, browser_page, artifacts_dir, tree, residents
):
    ensure_wagtail_tree()
    staff(tree["street"], Role.STREET_STAFF, username="street_statistician", password="Street-pass-2026")
    port = urlsplit(live_server.url).port
    admin = f"http://portal.localhost:{port}/admin/"
    errors, outside_requests = [], []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.on(
        "request", lambda request: outside_requests.append(request.url) if f":{port}/" not in request.url else None
    )

    browser_page.goto(admin + "login/")
    browser_page.fill("input[name=username]", "street_statistician")
    browser_page.fill("input[name=password]", "Street-pass-2026")
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(admin)
    browser_page.goto(admin + "datacenter/statistics/")
    for key in ("age", "gender", "special"):
        browser_page.locator(f"[data-population-chart={key}] svg").first.wait_for()
    browser_page.screenshot(path=str(artifacts_dir / "population-statistics.png"), full_page=True)

    assert errors == []
    assert outside_requests == []
    assert browser_page.locator("[data-population-chart=age] svg path").count() >= 6  # one bar per age band
    assert "第一社区" in browser_page.locator("table").first.inner_text()
