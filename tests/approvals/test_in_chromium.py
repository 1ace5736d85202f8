"""In real Chromium: street staff find the case in 待办审批, decide with an attachment; a resident then
looks the case number up on the public progress page and sees the steps without personal data."""

import pytest
from django.core.cache import cache

from services.approvals.models import ApprovalCase, CaseStatus
from services.approvals.services import decide, set_final_level
from tests.factories import ensure_wagtail_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Demo-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_street_approves_in_the_admin_and_the_resident_sees_the_progress(
    live_server, browser_page, artifacts_dir, tmp_path, area, process, case
):
    ensure_wagtail_tree()
    cache.clear()
    set_final_level(process, "street")
    process.steps.filter(kind="public_notice").update(optional=True)
    decide(case, actor=area["heping_staff"], decision="pass", comment="材料齐全")
    decide(case, actor=area["heping_staff"], decision="skip", comment="临时救助免于公示")
    decide(case, actor=area["street_staff"], decision="skip", comment="免于入户")
    base = live_server.url

    log_in(browser_page, base, "street")
    browser_page.goto(f"{base}/admin/approvals/queue/")
    browser_page.click(f"text={case.number}")
    browser_page.locator("#decision-form").wait_for()
    browser_page.check("#decision-form input[name=decision][value=approve]")
    browser_page.fill("#decision-form textarea[name=comment]", "经审核符合条件，予以批准")
    receipt = tmp_path / "审批表.pdf"
    receipt.write_bytes(b"%PDF-1.4 approval form")
    browser_page.set_input_files("#decision-form input[name=attachments]", str(receipt))
    browser_page.screenshot(path=str(artifacts_dir / "approval-decision-form.png"), full_page=True)
    browser_page.click("#decision-form button[type=submit]")
    browser_page.locator(".approval-history").wait_for()
    assert "审批表.pdf" in browser_page.locator(".approval-history").inner_text()
    assert ApprovalCase.objects.get(pk=case.pk).status == CaseStatus.APPROVED

    resident = browser_page.context.browser.new_context(locale="zh-CN")
    public = resident.new_page()
    try:
        public.goto(f"{base}/progress/")
        public.fill("input[name=number]", case.number)
        public.click("button[type=submit]")
        public.locator(".progress-result").wait_for()
        text = public.locator(".progress-result").inner_text()
        assert case.number in text and "街道审核" in text
        assert "张三" not in public.content() and "经审核" not in public.content()
        assert public.locator(".progress-status--approved").count() == 1
        public.screenshot(path=str(artifacts_dir / "approval-progress.png"), full_page=True)
    finally:
        resident.close()
