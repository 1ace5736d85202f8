"""A lean network for the portal tests: many community sites with one notice, event and guide each.

The site builder makes complete sites (groups, collections, starter content), which is right for
its own tests but too slow for 200 sites. Here each community gets its org unit, a home page, the
three section lists the portal aggregates and one item in each; Sites are inserted in one query.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from cms.orgs.models import OrgLevel, OrgUnit
from sites.models import (
    CommunityHomePage,
    EventIndexPage,
    EventPage,
    NoticeIndexPage,
    NoticePage,
    ServiceGuideIndexPage,
    ServiceGuidePage,
)
from tests.factories import build_network, without_search_indexing

DISTRICTS = [("东湖区", "330102"), ("西江区", "330105")]
STREETS_PER_DISTRICT = 2


def build_portal_network(communities, *, first_community=0):
    with without_search_indexing():
        return _build_portal_network(communities, first_community)


def _build_portal_network(communities, first_community):
    """Portal plus `communities` lean community sites spread over 2 districts × 2 streets.

    Returns {"network": build_network's dict, "streets": [...], "districts": [...], "homes": [...]}.
    Call again with `first_community` to add more sites to the same network.
    """
    if first_community == 0:
        network = build_network(communities=0)
        city = network["city"]
        districts = [network["district"]]
        districts.append(
            OrgUnit.objects.get(pk=city.pk).add_child(name=DISTRICTS[1][0], code=DISTRICTS[1][1], level="district")
        )
        streets = []
        for district in districts:
            for number in range(1, STREETS_PER_DISTRICT + 1):
                code = f"{district.code}{number:03d}"
                existing = OrgUnit.objects.filter(code=code).first()
                streets.append(
                    existing
                    or OrgUnit.objects.get(pk=district.pk).add_child(
                        name=f"{district.name}第{number}街道", code=code, level=OrgLevel.STREET
                    )
                )
    else:
        network = None
        districts = list(OrgUnit.objects.filter(level=OrgLevel.DISTRICT).order_by("code"))
        streets = list(OrgUnit.objects.filter(level=OrgLevel.STREET).order_by("code"))

    root = Page.get_first_root_node()
    now = timezone.now()
    homes, sites = [], []
    for index in range(first_community, first_community + communities):
        street = OrgUnit.objects.get(pk=streets[index % len(streets)].pk)
        unit = street.add_child(name=f"样本{index + 1}社区", code=f"{street.code}{index + 1:03d}", level="community")
        home = root.add_child(instance=CommunityHomePage(title=unit.name, slug=f"lean-{index + 1}", org_unit=unit))
        notices = home.add_child(instance=NoticeIndexPage(title="通知公告", slug="notices"))
        notices.add_child(instance=NoticePage(title=f"{unit.name}通知", summary="摘要"))
        events = home.add_child(instance=EventIndexPage(title="社区活动", slug="events"))
        events.add_child(instance=EventPage(title=f"{unit.name}活动", start_at=now + timedelta(days=3), place="活动室"))
        guides = home.add_child(instance=ServiceGuideIndexPage(title="办事指南", slug="guides"))
        guides.add_child(instance=ServiceGuidePage(title=f"{unit.name}指南", category="elderly"))
        homes.append(home)
        sites.append(Site(hostname=f"lean{index + 1}.localhost", port=80, site_name=unit.name, root_page=home))
    Site.objects.bulk_create(sites)
    Site.clear_site_root_paths_cache()
    return {
        "network": network,
        "districts": districts,
        "streets": streets,
        "homes": homes,
    }
