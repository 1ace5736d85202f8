"""Portal aggregation (门户汇聚): the latest notices, events and service guides of every community site.

Every list is one query whatever the number of sites: pages are matched to community sites by the
first two steps of their tree path (the site's home page). For the whole network that is "not under
one of the few other site roots" (the portal), which lets PostgreSQL walk the first_published_at
index newest first and stop after one screenful; for a district or street it is a semi-join with
the community homes there. The source of each item (community, street, district) is then looked up
for the items shown only, in two queries.
"""

from django import forms
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.orgs.models import OrgLevel, OrgUnit
from sites.selectors import current_notices, public_only, restricted_page_paths, upcoming_events

HOME_PATH_LENGTH = Page.steplen * 2  # the root is depth 1, every site's home page depth 2
PORTAL_HOME_SIZES = {"notices": 8, "events": 4, "guides": 8}
FEED_PAGE_SIZE = 20

KIND_CHOICES = [("notices", _("Notices")), ("events", _("Events")), ("guides", _("Service guides"))]


def community_homes(area=None):
    """Community home pages, all or those of the communities in `area` (a district or street)."""
    from sites.models import CommunityHomePage

    homes = CommunityHomePage.objects.all()
    if area is not None:
        homes = homes.filter(org_unit__path__startswith=area.path)
    return homes


def on_community_sites(model, area=None):
    """Live pages of `model` on the community sites (of `area`), as one query with a subquery."""
    pages = model.objects.live().annotate(home_path=Substr("path", 1, HOME_PATH_LENGTH))
    if area is not None:
        return pages.filter(home_path__in=community_homes(area).values("path"))
    # Nearly every page is on a community site: a semi-join with all their homes is not selective,
    # and the planner, misjudging it, sorted every notice of the network (18 ms at 200 sites vs 1.5).
    other_roots = Page.objects.filter(depth=2).exclude(pk__in=community_homes().values("pk")).values("path")
    return pages.exclude(home_path__in=other_roots)


def community_notices(area=None, restricted=None):
    """Newest first. A community pins a notice on its own site; across the network pinning every
    community's pins first would bury the news, and date order reads straight off an index."""
    from sites.models import NoticePage

    return current_notices(on_community_sites(NoticePage, area), restricted).order_by("-first_published_at", "-pk")


def community_events(area=None, restricted=None):
    from sites.models import EventPage

    events = on_community_sites(EventPage, area)
    return upcoming_events(public_only(events, restricted))


def community_guides(area=None, restricted=None, category=None):
    from sites.models import ServiceGuidePage

    guides = on_community_sites(ServiceGuidePage, area)
    guides = public_only(guides, restricted)
    if category:
        guides = guides.filter(category=category)
    # Newly added guides (indexed); an edit to an old guide does not bring it back to the top.
    return guides.order_by("-first_published_at", "-pk")


def attach_sources(items):
    """Set `source_community` and `source_area` (e.g. 东湖区 / 和平街道) on each item: two queries."""
    from sites.models import CommunityHomePage

    items = list(items)
    paths = {item.path[:HOME_PATH_LENGTH] for item in items}
    if not paths:
        return items
    homes = CommunityHomePage.objects.filter(path__in=paths).select_related("org_unit").only("path", "org_unit")
    units_by_path = {home.path: home.org_unit for home in homes}
    full_names = OrgUnit.full_names(units_by_path.values())
    for item in items:
        unit = units_by_path.get(item.path[:HOME_PATH_LENGTH])
        item.source_community = unit.name if unit else ""
        # Drop the city (every site shares it) and the community itself.
        item.source_area = " / ".join(full_names[unit.pk].split(" / ")[1:-1]) if unit else ""
    return items


def portal_home_context(restricted=None):
    """The community tiles beside the portal's own content."""
    restricted = restricted_page_paths() if restricted is None else restricted
    sizes = PORTAL_HOME_SIZES
    notices = list(community_notices(restricted=restricted)[: sizes["notices"]])
    events = list(community_events(restricted=restricted)[: sizes["events"]])
    guides = list(community_guides(restricted=restricted)[: sizes["guides"]])
    attach_sources([*notices, *events, *guides])
    return {"community_notices": notices, "community_events": events, "community_guides": guides}


class FeedFilterForm(forms.Form):
    """Filters of the aggregated list. Bad values are reported and ignored, never a server error."""

    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=OrgUnit.objects.filter(level=OrgLevel.DISTRICT).order_by("path"),
        to_field_name="code",
        required=False,
        empty_label=_("All districts"),
        error_messages={"invalid_choice": _("There is no such district.")},
    )
    street = forms.ModelChoiceField(
        label=_("Street"),
        queryset=OrgUnit.objects.filter(level=OrgLevel.STREET).order_by("path"),
        to_field_name="code",
        required=False,
        empty_label=_("All streets"),
        error_messages={"invalid_choice": _("There is no such street.")},
    )
    category = forms.ChoiceField(label=_("Service guide topic"), required=False)

    def __init__(self, *args, **kwargs):
        from sites.models import GuideCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All topics")), *GuideCategory.choices]
        self.fields["category"].error_messages["invalid_choice"] = _("There is no such topic.")

    def clean(self):
        cleaned = super().clean()
        district, street = cleaned.get("district"), cleaned.get("street")
        if district and street and not district.contains(street):
            self.add_error("street", _("%(street)s is not in %(district)s.") % {"street": street, "district": district})
        return cleaned

    def filters(self):
        """(kind, area, category) from the valid fields; an invalid field counts as not given."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        kind = data.get("kind") or "notices"
        area = data.get("street") or data.get("district")
        return kind, area, data.get("category") or None


def feed_items(kind, area=None, category=None, restricted=None):
    restricted = restricted_page_paths() if restricted is None else restricted
    if kind == "events":
        return community_events(area, restricted)
    if kind == "guides":
        return community_guides(area, restricted, category)
    return community_notices(area, restricted)
