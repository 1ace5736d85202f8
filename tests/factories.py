"""Factories for the org tree, staff and sites, built through the real services."""

import itertools
from contextlib import contextmanager

from django.conf import settings
from django.test import override_settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

from cms.accounts.models import Role
from cms.accounts.services import create_staff_account
from cms.orgs.services import create_org_unit
from sites.services.site_builder import create_community_site, create_portal_site

_codes = itertools.count(1)


def ensure_wagtail_tree():
    """Recreate the rows Wagtail's data migrations make (locale, root page, root collection).

    Transactional tests (live server, real SMTP) end with a flush that empties every table;
    post_migrate brings back content types and permissions but not these.
    """
    locale = Locale.objects.first() or Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


def build_network(*, communities=2, with_portal=True):
    """A city with one district, one street and `communities` community units with sites."""
    ensure_wagtail_tree()
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    units, sites = [], []
    for index in range(communities):
        unit = create_org_unit(
            name=f"第{index + 1}社区", code=f"330102001{index + 1:03d}", level="community", parent=street
        )
        units.append(unit)
        sites.append(create_community_site(org_unit=unit, hostname=f"c{index + 1}.localhost", theme="fresh_green"))
    portal = (
        create_portal_site(org_unit=city, hostname="portal.localhost", theme="government_red") if with_portal else None
    )
    return {
        "city": city,
        "district": district,
        "street": street,
        "communities": units,
        "sites": sites,
        "portal": portal,
    }


def staff(org_unit, role, username=None, password="Demo-pass-2026"):
    username = username or f"user{next(_codes)}"
    return create_staff_account(username=username, password=password, org_unit=org_unit, role=role)


def site_editor(built_site, org_unit, username=None):
    user = staff(org_unit, Role.COMMUNITY_EDITOR, username=username)
    user.groups.add(built_site.editors_group)
    return user


@contextmanager
def without_search_indexing():
    """For tests that build hundreds of pages: skip keeping the search indexes current (not under test there)."""
    from django.db.models.signals import post_save

    from search.signals import page_created

    post_save.disconnect(dispatch_uid="search_page_created")
    backends = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    try:
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            yield
    finally:
        post_save.connect(page_created, dispatch_uid="search_page_created")
