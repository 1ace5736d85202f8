"""A member of staff holding the full-number permission opens a submission from the results screen in
real Chromium, sees the ID number masked, and reveals it with the POST button; the look is audited."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from wagtail.contrib.forms.utils import get_form_types

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.orgs.services import create_org_unit
from sites.services.site_builder import create_community_site
from tests.factories import ensure_wagtail_tree, staff
from tests.site_forms.conftest import add_form_page, good_answers, valid_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_permitted_staff_reveal_a_full_id_number_from_the_results_screen(
    live_server, browser_page, artifacts_dir, client
):
    # Wagtail caches the form page content types for the process; an earlier transactional test's
    # flush recreated them under new ids, so the cached ones would match no page.
    get_form_types.cache_clear()
    ensure_wagtail_tree()
    port = urlsplit(live_server.url).port
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    unit = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    built = create_community_site(org_unit=unit, hostname="forms.localhost", theme="fresh_green", port=port)
    form = add_form_page(built.home)
    client.post(f"/{form.slug}/", good_answers(form), HTTP_HOST="forms.localhost")
    user = staff(unit, Role.COMMUNITY_EDITOR, username="officer", password="P-pass-2026x")
    user.groups.add(built.editors_group)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="datacenter", codename="view_full_id_number")
    )
    page = browser_page
    admin = f"http://forms.localhost:{port}/admin/"
    page.goto(admin + "login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "P-pass-2026x")
    page.click("button[type=submit]")
    page.wait_for_url(admin)
    number = valid_id_number()
    masked = "110105********" + number[-4:]
    page.goto(admin + f"forms/submissions/{form.pk}/")
    assert masked in page.locator("main").inner_text() and number not in page.content()
    page.locator("td a[href*='site-forms/submissions']").click()
    assert masked in page.locator("main").inner_text() and number not in page.content()
    page.fill("input[name=reason]", "居民来电核对身份")
    page.get_by_role("button", name="查看完整身份证号").click()
    page.wait_for_selector(".site-forms-revealed")
    page.screenshot(path=str(artifacts_dir / "form-submission-revealed.png"), full_page=True)
    assert page.locator(".site-forms-revealed").inner_text() == number
    entry = AuditEntry.objects.get(action="site_forms.reveal")
    assert (entry.actor_name, entry.success, entry.detail["reason"]) == ("officer", True, "居民来电核对身份")
