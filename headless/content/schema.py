"""Root fields for content: the list of community sites and one site at a time."""

import graphene

from headless import selectors
from headless.content.types import District, Site, SiteList, Street, paging_arguments, sliced, visibility
from headless.errors import site_required_error


class ContentQuery(graphene.ObjectType):
    community_sites = graphene.Field(
        SiteList,
        required=True,
        district=graphene.String(description="administrative code of a district"),
        street=graphene.String(description="administrative code of a street"),
        **paging_arguments(),
    )
    districts = graphene.List(
        graphene.NonNull(District), required=True, description="community sites grouped by district and street"
    )
    site = graphene.Field(
        Site,
        hostname=graphene.String(description="the site's host name; a kiosk may leave it out for its own site"),
    )

    @staticmethod
    def resolve_community_sites(root, info, page, page_size, district=None, street=None):
        found = selectors.community_sites(visibility(info), district=district, street=street)
        return sliced(info, None, found, page, page_size)

    @staticmethod
    def resolve_districts(root, info):
        districts = {}
        for public_site in selectors.community_sites(visibility(info)):
            if public_site.district is None or public_site.street is None:
                continue
            district = districts.setdefault(
                public_site.district.code,
                District(code=public_site.district.code, name=public_site.district.name, streets=[]),
            )
            street = next((s for s in district.streets if s.code == public_site.street.code), None)
            if street is None:
                street = Street(code=public_site.street.code, name=public_site.street.name, sites=[])
                district.streets.append(street)
            street.sites.append(public_site)
        return list(districts.values())

    @staticmethod
    def resolve_site(root, info, hostname=None):
        if hostname:
            return selectors.site_by_hostname(visibility(info), hostname)
        client = getattr(info.context, "headless_client", None)
        if client is not None and client.site is not None:
            return selectors.site_of(visibility(info), client.site)
        raise site_required_error()
