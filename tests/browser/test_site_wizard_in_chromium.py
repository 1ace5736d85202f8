"""A street staff member logs in to the admin in real Chromium and builds a community site."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from tests.factories import build_network, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_street_staff_build_a_site_with_the_wizard(live_server, browser_page, artifacts_dir):
    network = build_network(communities=1)
    new_unit = create_org_unit(name="朝阳社区", code="330102001077", level="community", parent=network["street"])
    staff(network["street"], Role.STREET_STAFF, username="street_clerk", password="Street-pass-2026")
    port = urlsplit(live_server.url).port
    admin = f"http://portal.localhost:{port}/admin/"

    browser_page.goto(admin + "login/")
    browser_page.fill("input[name=username]", "street_clerk")
    browser_page.fill("input[name=password]", "Street-pass-2026")
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(admin)

    browser_page.goto(admin + "sites/new/")
    assert "新建社区网站" in browser_page.content()
    browser_page.select_option("select[name=org_unit]", str(new_unit.pk))
    browser_page.fill("input[name=hostname]", "chaoyang.localhost")
    browser_page.check("input[name=theme][value=fresh_green]")
    browser_page.get_by_role("button", name="创建网站").click()
    browser_page.wait_for_load_state()
    browser_page.screenshot(path=str(artifacts_dir / "wizard-done.png"), full_page=True)
    success = browser_page.locator(".messages .success").first
    assert "chaoyang.localhost" in success.inner_text()
    assert "没有权限" not in browser_page.content()

    site = Site.objects.get(hostname="chaoyang.localhost")
    assert site.root_page.specific.org_unit == new_unit
    response = browser_page.goto(f"http://chaoyang.localhost:{port}/")
    assert response.status == 200
    assert "朝阳社区" in browser_page.locator("h1").first.inner_text()
