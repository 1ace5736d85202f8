"""Where a pushed notice found by search is read: its address on a community site it reaches.

A pushed notice has no page; each site it reaches shows it under its notice list (`pushed/<id>/`,
sites.models.NoticeIndexPage). A site's search links to that site's copy; the network search shows
the notice once and links to the first community site (in org-tree order) that shows it.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page, Site


@dataclass
class PushedNoticeLink:
    site: Site
    url: str  # absolute
    local_url: str  # path on `site`


def _homes(site_ids, target_paths):
    """(site id, home page path, unit path) of the sites to link to, in org-tree order (one query)."""
    columns = (
        "pk",
        "root_page__path",
        "root_page__communityhomepage__org_unit__path",
        "root_page__portalhomepage__org_unit__path",
    )
    if site_ids is not None:
        sites = Site.objects.filter(pk__in=site_ids)
    else:
        reaches = Q(pk__in=[])
        for path in target_paths:
            reaches |= Q(root_page__communityhomepage__org_unit__path__startswith=path)
        sites = Site.objects.filter(reaches)
    homes = [
        (site_id, home_path, community_unit or portal_unit)
        for site_id, home_path, community_unit, portal_unit in sites.values_list(*columns)
        if community_unit or portal_unit
    ]
    return sorted(homes, key=lambda home: (home[2], home[0]))


def pushed_notice_links(target_path_by_notice, site_ids):
    """{notice id: PushedNoticeLink} for notices given as {id: target unit path}, a fixed number of
    queries however many. Within `site_ids` when given, else on any community site the notice reaches.
    A notice whose site has no live, public notice list gets no link."""
    from sites.models import NoticeIndexPage
    from sites.selectors import public_only, pushed_notice_path, restricted_page_paths

    if not target_path_by_notice:
        return {}
    homes = _homes(site_ids, set(target_path_by_notice.values()))
    chosen = {}
    for notice_id, target_path in target_path_by_notice.items():
        home = next((home for home in homes if home[2].startswith(target_path)), None)
        if home is not None:
            chosen[notice_id] = home
    if not chosen:
        return {}
    home_paths = {home[1] for home in chosen.values()}
    below_a_home = Q(pk__in=[])
    for home_path in home_paths:
        below_a_home |= Q(path__startswith=home_path, depth=len(home_path) // Page.steplen + 1)
    lists = public_only(NoticeIndexPage.objects.live().filter(below_a_home), restricted_page_paths()).order_by("path")
    list_by_home = {}
    for notice_list in lists:
        list_by_home.setdefault(notice_list.path[: -Page.steplen], notice_list)
    sites = Site.objects.in_bulk({home[0] for home in chosen.values()})
    links = {}
    for notice_id, (site_id, home_path, _unit_path) in chosen.items():
        notice_list = list_by_home.get(home_path)
        parts = notice_list.get_url_parts() if notice_list is not None else None
        if parts is None:
            continue
        _site_id, root_url, page_path = parts
        local_url = pushed_notice_path(page_path, notice_id)
        links[notice_id] = PushedNoticeLink(site=sites[site_id], url=f"{root_url}{local_url}", local_url=local_url)
    return links
