"""Community staff import residents from a real .xlsx in real Chromium: report first, then confirm."""

import io
from urllib.parse import urlsplit

import openpyxl
import pytest

from cms.accounts.models import Role
from services.datacenter.idnumbers import id_check_character
from services.datacenter.models import Resident
from tests.factories import build_network, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def id_number(sequence):
    first_17 = f"33010219700101{sequence:03d}"
    return first_17 + id_check_character(first_17)


def workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "联系电话", "住址", "与户主关系"])
    sheet.append(["陈建国", id_number(11), "13800138001", "和平路1号", "户主"])
    sheet.append(["林秀英", id_number(12), "13800138002", "和平路1号", "配偶"])
    broken = id_number(13)
    sheet.append(["错号码", broken[:17] + ("0" if broken[17] != "0" else "1"), "", "和平路2号", "户主"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_import_reports_bad_rows_then_saves_the_good_ones(live_server, browser_page, artifacts_dir, tmp_path):
    network = build_network(communities=1)
    community = network["communities"][0]
    staff(community, Role.COMMUNITY_STAFF, username="clerk", password="Clerk-pass-2026")
    admin = f"http://portal.localhost:{urlsplit(live_server.url).port}/admin/"

    browser_page.goto(admin + "login/")
    browser_page.fill("input[name=username]", "clerk")
    browser_page.fill("input[name=password]", "Clerk-pass-2026")
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(admin)

    browser_page.goto(admin + "datacenter/import/")
    browser_page.select_option("select[name=community]", str(community.pk))
    browser_page.set_input_files("input[name=file]", str(workbook(tmp_path / "居民.xlsx")))
    browser_page.locator("main form button[type=submit]").click()

    summary = browser_page.locator(".datacenter-summary")
    summary.wait_for()
    assert summary.get_attribute("data-good-rows") == "2" and summary.get_attribute("data-bad-rows") == "1"
    report = browser_page.locator(".datacenter-import-report tbody tr")
    assert report.count() == 1 and "4" in report.first.inner_text()
    assert Resident.objects.count() == 0  # nothing saved before confirmation
    browser_page.screenshot(path=str(artifacts_dir / "import-report.png"), full_page=True)

    browser_page.locator("form[action*='confirm'] button[type=submit]").click()
    browser_page.locator("main [role=status].help-info").wait_for()
    assert sorted(Resident.objects.values_list("name", flat=True)) == ["林秀英", "陈建国"]
