"""Editors of one community site cannot see or touch another site's pages, images or documents."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from sites.models import NoticeIndexPage, NoticePage
from tests.factories import site_editor


def chooser_html(response):
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def make_image(collection, title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return Image.objects.create(title=title, collection=collection, file=ImageFile(buffer, name=f"{title}.png"))


def make_document(collection, title):
    return Document.objects.create(
        title=title, collection=collection, file=ContentFile(b"%PDF-1.4\n", name=f"{title}.pdf")
    )


@pytest.fixture
def two_sites(network, client):
    site_a, site_b = network["sites"]
    unit_a, _unit_b = network["communities"]
    editor = site_editor(site_a, unit_a, username="editor_a")
    client.force_login(editor)
    return {
        "a": site_a,
        "b": site_b,
        "editor": editor,
        "client": client,
        "image_a": make_image(site_a.collection, "a-picture"),
        "image_b": make_image(site_b.collection, "b-picture"),
        "doc_a": make_document(site_a.collection, "a-leaflet"),
        "doc_b": make_document(site_b.collection, "b-leaflet"),
        "notice_b": NoticePage.objects.descendant_of(site_b.home).first(),
    }


@pytest.mark.django_db
def test_editor_can_edit_own_sites_pages(two_sites):
    notice_index = NoticeIndexPage.objects.child_of(two_sites["a"].home).get()
    response = two_sites["client"].get(f"/admin/pages/{notice_index.pk}/edit/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_editor_cannot_edit_another_communitys_pages(two_sites):
    client = two_sites["client"]
    for page in (two_sites["b"].home, two_sites["notice_b"]):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403, 404)
        assert client.post(f"/admin/pages/{page.pk}/delete/").status_code in (302, 403, 404)
        assert client.get(f"/admin/pages/add/community_sites/noticepage/{page.pk}/").status_code in (302, 403, 404)
    assert NoticePage.objects.filter(pk=two_sites["notice_b"].pk).exists()


@pytest.mark.django_db
def test_editor_cannot_browse_another_site_in_the_explorer(two_sites):
    response = two_sites["client"].get(f"/admin/pages/{two_sites['b'].home.pk}/")
    assert response.status_code in (302, 403, 404) or two_sites["notice_b"].title not in response.content.decode()


@pytest.mark.smoke
@pytest.mark.django_db
def test_page_chooser_shows_only_own_site(two_sites):
    client = two_sites["client"]
    root_listing = chooser_html(client.get("/admin/choose-page/"))
    assert two_sites["a"].home.title in root_listing
    assert two_sites["b"].home.title not in root_listing
    inside_b = chooser_html(client.get(f"/admin/choose-page/{two_sites['b'].home.pk}/"))
    b_notice_index = NoticeIndexPage.objects.child_of(two_sites["b"].home).get()
    assert f'data-id="{b_notice_index.pk}"' not in inside_b and f"/choose-page/{b_notice_index.pk}/" not in inside_b
    search = chooser_html(client.get("/admin/choose-page/search/", {"q": two_sites["notice_b"].title[:4]}))
    assert f"/admin/pages/{two_sites['notice_b'].pk}/" not in search
    assert str(two_sites["notice_b"].title) not in search


@pytest.mark.smoke
@pytest.mark.django_db
def test_image_chooser_shows_only_own_sites_images(two_sites):
    body = chooser_html(two_sites["client"].get("/admin/images/chooser/"))
    assert "a-picture" in body
    assert "b-picture" not in body
    assert two_sites["client"].get(f"/admin/images/{two_sites['image_b'].pk}/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_document_chooser_shows_only_own_sites_documents(two_sites):
    body = chooser_html(two_sites["client"].get("/admin/documents/chooser/"))
    assert "a-leaflet" in body
    assert "b-leaflet" not in body
    assert two_sites["client"].get(f"/admin/documents/edit/{two_sites['doc_b'].pk}/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_admin_page_search_finds_nothing_in_other_sites(two_sites):
    body = two_sites["client"].get("/admin/pages/search/", {"q": str(two_sites["notice_b"].title)}).content.decode()
    assert f"/admin/pages/{two_sites['notice_b'].pk}/edit/" not in body
