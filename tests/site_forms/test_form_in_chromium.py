"""A resident fills in a form page in real Chromium: a bad phone number is refused in Chinese, then the
corrected form is accepted and shows the reference number that was saved."""

from urllib.parse import urlsplit

import pytest

from cms.orgs.services import create_org_unit
from sites.collection.models import FormPageSubmission
from sites.services.site_builder import create_community_site
from tests.factories import ensure_wagtail_tree
from tests.site_forms.conftest import add_form_page, valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_corrects_a_bad_phone_number_and_gets_a_reference_number(live_server, browser_page, artifacts_dir):
    ensure_wagtail_tree()
    port = urlsplit(live_server.url).port
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    unit = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    built = create_community_site(org_unit=unit, hostname="forms.localhost", theme="fresh_green", port=port)
    add_form_page(built.home)

    page = browser_page
    page.goto(f"http://forms.localhost:{port}/registration/")
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("联系电话").fill("12345")
    page.get_by_label("身份证号码").fill(valid_id_number())
    page.get_by_label("预约日期").fill("2026-12-01")
    page.get_by_label("服务类型").select_option("社会救助")
    trap = page.locator("input[name=homepage_url]").bounding_box()
    assert trap["x"] + trap["width"] <= 0  # off screen: people never fill it in
    page.locator(".resident-form button[type=submit]").click()

    page.wait_for_selector(".resident-form__error")
    assert "请输入 11 位手机号码或带区号的固定电话号码。" in page.locator(".resident-form__error").inner_text()
    assert page.get_by_label("姓名").input_value() == "王小明"  # what was typed is kept
    assert not FormPageSubmission.objects.exists()

    page.get_by_label("联系电话").fill("13800138000")
    page.locator(".resident-form button[type=submit]").click()
    page.wait_for_selector(".reference-number")
    reference = page.locator(".reference-number").inner_text()
    page.screenshot(path=str(artifacts_dir / "resident-form-confirmation.png"), full_page=True)
    assert FormPageSubmission.objects.get().reference == reference
