"""Assistance screens in real Chromium: fund statistics charts drawn by the vendored ECharts, and the
application form from a data-centre household to a recorded case."""

import datetime
from urllib.parse import urlsplit

import pytest

from services.assistance.models import AssistanceCase
from services.assistance.payroll import confirm_payroll, generate_payroll
from services.assistance.programmes import Programme
from tests.assistance.conftest import make_household
from tests.assistance.test_case_life import active_case
from tests.factories import ensure_wagtail_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, admin, username):
    page.goto(admin + "login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Demo-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(admin)


def test_fund_statistics_charts_and_an_application_in_chromium(
    live_server, browser_page, artifacts_dir, area, standards
):
    ensure_wagtail_tree()
    active_case(area)
    active_case(area, community="binhe")
    run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["street"], month=datetime.date(2026, 3, 1))
    confirm_payroll(run, actor=area["street_staff"])
    household, people = make_household(area["heping"], people=[("赵敏", None), ("赵小北", None)])
    port = urlsplit(live_server.url).port
    admin = f"http://portal.localhost:{port}/admin/"
    errors, outside_requests = [], []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.on(
        "request", lambda request: outside_requests.append(request.url) if f":{port}/" not in request.url else None
    )

    log_in(browser_page, admin, "street_clerk")
    browser_page.goto(admin + f"assistance/statistics/?unit={area['street'].pk}&year=2026")
    for key in ("months", "areas"):
        browser_page.locator(f"[data-assistance-chart={key}] svg").first.wait_for()
    browser_page.screenshot(path=str(artifacts_dir / "assistance-fund-statistics.png"), full_page=True)
    assert "和平里社区" in browser_page.locator("table").first.inner_text()

    browser_page.context.clear_cookies()
    log_in(browser_page, admin, "heping_clerk")
    browser_page.goto(admin + "assistance/cases/apply/")
    browser_page.fill("input[name=q]", household.address)
    browser_page.click("form[role=search] button[type=submit]")
    browser_page.click(f"a[href='?household={household.pk}']")
    browser_page.fill(f"input[name=income_{people[0].pk}]", "400")
    for kind in ("application_form", "id_cards", "household_register", "income_proof", "authorisation"):
        browser_page.check(f"input[name=document_{kind}]")
    browser_page.fill("input[name=bank_account]", "6228480099990000")
    browser_page.click("button[name=record]")
    browser_page.wait_for_url("**/admin/assistance/cases/*/")
    browser_page.screenshot(path=str(artifacts_dir / "assistance-case.png"), full_page=True)

    case = AssistanceCase.objects.get(household=household)
    assert case.monthly_amount == 1600  # (1000 - 200) x 2
    assert case.number in browser_page.content()
    assert errors == []
    assert outside_requests == []
