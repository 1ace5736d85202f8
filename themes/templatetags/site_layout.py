"""Tags for the page chrome every public page shares: main navigation, breadcrumbs, page numbers."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from sites.selectors import section_pages

register = template.Library()


def _current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The site's sections in tree order, each marked when the current page is it or inside it.

    Home pages already have their sections in the context; other pages read them (two queries).
    """
    page = context.get("page")
    sections = context.get("sections")
    if sections is None:
        site = _current_site(context)
        if site is None:
            return []
        sections = section_pages(site.root_page)
    current_path = getattr(page, "path", "") or ""
    return [
        {
            "kind": kind,
            "page": section,
            "is_current": current_path == section.path,
            "is_ancestor": current_path.startswith(section.path) and current_path != section.path,
        }
        for kind, section in sections.items()
    ]


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context):
    """The pages from the site's home down to the current page's parent; empty on the home page."""
    page = context.get("page")
    site = _current_site(context)
    if not isinstance(page, Page) or site is None or page.pk == site.root_page_id or page.pk is None:
        return []
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    root_index = next((index for index, ancestor in enumerate(ancestors) if ancestor.pk == site.root_page_id), None)
    return ancestors[root_index:] if root_index is not None else []


@register.simple_tag
def page_numbers(items, on_each_side=2, on_ends=1):
    """Page numbers around the current one for a paginator page; None marks a gap."""
    paginator = items.paginator
    return [
        number if isinstance(number, int) else None
        for number in paginator.get_elided_page_range(items.number, on_each_side=on_each_side, on_ends=on_ends)
    ]


# List items on public pages are pages, pushed notices (rows with a `local_url` on the site) or
# aggregated pages carrying their community. Asked in Python with defaults: a template lookup of a
# missing attribute costs a dir() of the whole page object, forty times on the portal home.
@register.simple_tag(takes_context=True)
def item_url(context, item):
    local_url = getattr(item, "local_url", None)
    return local_url if local_url else pageurl(context, item)


@register.simple_tag
def item_source(item):
    """Who an item comes from: the unit that pushed it, the community it was aggregated from, or the
    community that submitted it to the portal (only when that relation was loaded with the item)."""
    sender = getattr(item, "sender", None)
    if sender is not None:
        return {"name": sender.name, "area": ""}
    community = getattr(item, "source_community", "")
    if community:
        return {"name": community, "area": getattr(item, "source_area", "")}
    submission = loaded_portal_submission(item)
    if submission is not None:
        return {"name": submission.source_unit.name, "area": ""}
    return None


def loaded_portal_submission(item):
    try:
        relation = item._meta.get_field("portal_submission")
    except FieldDoesNotExist:
        return None
    return relation.get_cached_value(item, default=None) if relation.is_cached(item) else None
