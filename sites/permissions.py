"""Which sites' pages an admin user may see: the sites whose pages their groups may edit.

Wagtail's page explorer already starts at an editor's own home page, but its page chooser
and search would let them browse every site. These helpers back the hooks that close that gap.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission


def permitted_page_paths(user):
    """Tree paths of the pages a user holds page permissions on (None means no limit)."""
    if user.is_superuser:
        return None
    cached = getattr(user, "_permitted_page_paths", None)
    if cached is None:
        cached = sorted(set(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)))
        user._permitted_page_paths = cached
    return cached


def in_page_trees(paths):
    """Pages at or below any of these tree paths (the page-tree twin of the org scoping rule)."""
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def limit_pages_to_permitted_trees(pages, user):
    paths = permitted_page_paths(user)
    if paths is None:
        return pages
    if not paths:
        return pages.none()
    return pages.filter(in_page_trees(paths))


def can_see_page(user, page):
    paths = permitted_page_paths(user)
    return paths is None or any(page.path.startswith(path) for path in paths)
