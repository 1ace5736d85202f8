"""Each host name serves its own site: the portal, and every community on its own host."""

import pytest
from wagtail.models import Site

from sites.models import CommunityHomePage, NoticePage, PortalHomePage


@pytest.mark.smoke
@pytest.mark.django_db
def test_each_community_host_serves_its_own_home_page(network, client):
    for built in network["sites"]:
        response = client.get("/", HTTP_HOST=built.site.hostname)
        assert response.status_code == 200
        assert response.context["page"].specific == built.home
        assert built.home.title in response.content.decode()


@pytest.mark.smoke
@pytest.mark.django_db
def test_portal_host_serves_the_portal(network, client):
    response = client.get("/", HTTP_HOST="portal.localhost")
    assert response.status_code == 200
    assert isinstance(response.context["page"].specific, PortalHomePage)


@pytest.mark.django_db
def test_unknown_hosts_fall_back_to_the_portal(network, client):
    response = client.get("/", HTTP_HOST="unknown.localhost")
    assert isinstance(response.context["page"].specific, PortalHomePage)


@pytest.mark.django_db
def test_a_community_notice_is_not_reachable_on_another_community_host(network, client):
    site_a, site_b = network["sites"]
    notice_a = NoticePage.objects.descendant_of(site_a.home).get()
    path = notice_a.relative_url(site_a.site)
    assert client.get(path, HTTP_HOST=site_a.site.hostname).status_code == 200
    assert client.get(path, HTTP_HOST=site_b.site.hostname).status_code == 404


@pytest.mark.django_db
def test_community_pages_are_not_served_on_the_portal_host(network, client):
    notice_a = NoticePage.objects.descendant_of(network["sites"][0].home).get()
    path = notice_a.relative_url(network["sites"][0].site)
    assert client.get(path, HTTP_HOST="portal.localhost").status_code == 404


@pytest.mark.django_db
def test_portal_and_community_show_their_own_content(network, client):
    site_a, site_b = network["sites"]
    body_a = client.get("/", HTTP_HOST=site_a.site.hostname).content.decode()
    assert site_b.home.title not in body_a.replace(site_b.site.hostname, "")
    assert CommunityHomePage.objects.count() == 2
    assert Site.objects.get(is_default_site=True).root_page.specific_class is PortalHomePage


@pytest.mark.django_db
def test_drafts_are_not_served(network, client):
    site_a = network["sites"][0]
    notice = NoticePage.objects.descendant_of(site_a.home).get()
    path = notice.relative_url(site_a.site)
    notice.unpublish()
    assert client.get(path, HTTP_HOST=site_a.site.hostname).status_code == 404
    listing = NoticePage.objects.descendant_of(site_a.home).get().get_parent()
    assert (
        notice.title
        not in client.get(listing.relative_url(site_a.site), HTTP_HOST=site_a.site.hostname).content.decode()
    )


@pytest.mark.django_db
def test_private_pages_stay_off_the_home_page_and_lists(network, client):
    from wagtail.models import PageViewRestriction

    from sites.models import EventIndexPage, EventPage

    built = network["sites"][0]
    host = built.site.hostname
    notice = NoticePage.objects.descendant_of(built.home).get()
    events = EventIndexPage.objects.child_of(built.home).get()
    private_event = events.add_child(
        instance=EventPage(title="内部会议", start_at="2099-01-01T09:00:00+08:00", place="会议室")
    )
    for page in (notice, private_event):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")

    home = client.get("/", HTTP_HOST=host).content.decode()
    assert notice.title not in home and "内部会议" not in home
    listing = client.get(notice.get_parent().relative_url(built.site), HTTP_HOST=host).content.decode()
    assert notice.title not in listing
