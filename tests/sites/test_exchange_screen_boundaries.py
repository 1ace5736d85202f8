"""What the exchange screens refuse before any service runs: withdrawing by a link, and offering the
submission form for another site's page."""

import pytest
from django.urls import reverse

from cms.accounts.models import Role
from sites.models import NoticePage, PushedNotice
from sites.services.exchange import push_notice
from tests.factories import site_editor, staff


@pytest.mark.django_db
def test_a_pushed_notice_is_withdrawn_only_by_a_post(network, client):
    street_staff = staff(network["street"], Role.STREET_STAFF)
    notice = push_notice(actor=street_staff, target=network["street"], title="街道停电通知")
    client.force_login(street_staff)
    assert client.get(reverse("withdraw_pushed_notice", args=[notice.pk])).status_code == 405
    assert not PushedNotice.objects.get().is_withdrawn


@pytest.mark.django_db
def test_the_submission_form_is_not_offered_for_another_sites_page(network, client):
    client.force_login(site_editor(network["sites"][0], network["communities"][0]))
    own = NoticePage.objects.descendant_of(network["sites"][0].home).get()
    other = NoticePage.objects.descendant_of(network["sites"][1].home).get()
    assert client.get(reverse("submit_to_portal", args=[own.pk])).status_code == 200
    response = client.get(reverse("submit_to_portal", args=[other.pk]))
    assert response.status_code == 404
    assert other.title not in response.content.decode()
