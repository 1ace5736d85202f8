"""A city portal (government red) and one community site (fresh green), built by the real services."""

import pytest

from cms.orgs.services import create_org_unit
from sites.services.site_builder import create_community_site, create_portal_site

COMMUNITY_HOST = "heping.localhost"
PORTAL_HOST = "portal.localhost"


@pytest.fixture
def theme_sites(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    community = create_org_unit(name="和平社区", code="330102001001", level="community", parent=street)
    portal = create_portal_site(org_unit=city, hostname=PORTAL_HOST, theme="government_red")
    built = create_community_site(org_unit=community, hostname=COMMUNITY_HOST, theme="fresh_green")
    return {"portal": portal, "community": built}


@pytest.fixture
def english_client(client):
    """Pages in English, so assertions on interface text hold whatever the zh-hans catalogue says."""
    client.cookies["django_language"] = "en"
    return client
