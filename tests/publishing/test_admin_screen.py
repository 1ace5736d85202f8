"""The static publishing screen: superusers bake a site or stop baking it; editors cannot reach it."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.audit.models import AuditEntry
from sites.publishing.models import BakedSite
from tests.factories import site_editor
from tests.publishing.conftest import served_folder


@pytest.mark.django_db
def test_a_superuser_bakes_a_site_and_stops_baking_it(
    network, publishing_root, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    admin = get_user_model().objects.create_superuser("static_admin", "admin@example.com", "Demo-pass-2026")
    client.force_login(admin)
    site = network["sites"][0].site
    url = reverse("static_sites")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"site": site.pk, "action": "bake"})
    assert response.status_code == 302
    assert (served_folder(publishing_root, "c1.localhost") / "index.html").is_file()
    assert BakedSite.objects.filter(site=site).exists()

    with django_assert_max_num_queries(20):  # one query for every site and its build state
        html = client.get(url).content.decode()
    assert "c1.localhost" in html and "c2.localhost" in html and "portal.localhost" in html

    response = client.post(url, {"site": site.pk, "action": "remove"})
    assert response.status_code == 302
    assert not (Path(publishing_root) / "c1.localhost").exists()
    assert not BakedSite.objects.exists()
    assert set(AuditEntry.objects.filter(actor=admin).values_list("action", flat=True)) == {
        "static_publishing.bake",
        "static_publishing.remove",
    }


@pytest.mark.django_db
def test_site_editors_cannot_reach_the_static_publishing_screen(network, publishing_root, client):
    editor = site_editor(network["sites"][0], network["communities"][0], username="static_editor")
    client.force_login(editor)
    assert client.get(reverse("static_sites")).status_code in (302, 403)
    response = client.post(reverse("static_sites"), {"site": network["sites"][0].site.pk, "action": "bake"})
    assert response.status_code in (302, 403)
    assert not Path(publishing_root).exists()
