"""Admin screens of the exchange: street staff push and withdraw, community editors see what reached them."""

import pytest
from django.urls import reverse

from cms.accounts.models import Role
from sites.models import NoticePage, PortalSubmission, PushedNotice
from tests.factories import site_editor, staff


@pytest.mark.django_db
def test_street_staff_push_and_withdraw_in_the_admin_and_editors_see_the_source(network, client):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    client.force_login(street_staff)
    response = client.post(
        reverse("push_notice"), {"target": network["street"].pk, "title": "街道停电通知", "summary": "明日停电"}
    )
    assert response.status_code == 302
    notice = PushedNotice.objects.get()
    assert notice.sender == network["street"]

    editor = site_editor(network["sites"][0], network["communities"][0])
    client.force_login(editor)
    html = client.get(reverse("pushed_notices")).content.decode()
    assert "街道停电通知" in html and "和平街道" in html
    assert client.post(reverse("withdraw_pushed_notice", args=[notice.pk])).status_code == 404  # not theirs

    client.force_login(street_staff)
    client.post(reverse("withdraw_pushed_notice", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.is_withdrawn


@pytest.mark.django_db
def test_bad_push_form_shows_errors_and_saves_nothing(network, client):
    client.force_login(staff(network["street"], Role.STREET_STAFF))
    response = client.post(reverse("push_notice"), {"target": network["city"].pk, "title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PushedNotice.objects.exists()


@pytest.mark.django_db
def test_editor_submits_a_page_from_the_admin_and_sees_its_status(network, client):
    editor = site_editor(network["sites"][0], network["communities"][0])
    client.force_login(editor)
    notice = NoticePage.objects.descendant_of(network["sites"][0].home).get()
    response = client.post(reverse("submit_to_portal", args=[notice.pk]), {"note": "请审核"})
    assert response.status_code == 302
    assert PortalSubmission.objects.get().source_unit == network["communities"][0]
    html = client.get(reverse("portal_submissions")).content.decode()
    assert notice.title in html
    other = NoticePage.objects.descendant_of(network["sites"][1].home).get()
    response = client.post(reverse("submit_to_portal", args=[other.pk]), {})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert PortalSubmission.objects.count() == 1
