"""Self-service site building (自助建站): one call creates a complete community site.

The admin wizard and `manage.py create_community_site` both call `create_community_site`, so
they cannot disagree. Everything happens in one transaction: a bad input creates nothing.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from cms.accounts.models import SITE_BUILDER_ROLES
from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import sees_everything, user_can_access_org_unit
from themes.registry import THEMES

STARTER_CONTENT_DIR = Path(__file__).resolve().parent.parent / "starter_content"
HOSTNAME_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
EDITOR_DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]


@dataclass
class BuiltSite:
    site: Site
    home: Page
    editors_group: Group
    collection: Collection


def load_starter_content(language="zh-hans"):
    with open(STARTER_CONTENT_DIR / f"{language}.json", encoding="utf-8") as handle:
        return json.load(handle)


def normalise_hostname(hostname):
    return (hostname or "").strip().lower().rstrip(".")


def hostname_and_theme_errors(hostname, theme):
    errors = {}
    if not HOSTNAME_PATTERN.match(hostname):
        errors["hostname"] = _("Enter a host name such as heping.example.gov.cn (letters, digits, hyphens, dots).")
    elif Site.objects.filter(hostname=hostname).exists():
        errors["hostname"] = _("The host name %(host)s is already used by another site.") % {"host": hostname}
    if theme not in THEMES:
        errors["theme"] = _("Unknown theme %(theme)s.") % {"theme": theme}
    return errors


def validate_new_site(*, org_unit, hostname, theme, actor=None):
    """Raise ValidationError (field → message) if these inputs cannot make a new community site."""
    from sites.models import CommunityHomePage

    errors = {}
    if org_unit is None:
        errors["org_unit"] = _("Choose an existing community.")
    elif org_unit.level != OrgLevel.COMMUNITY:
        errors["org_unit"] = _("%(name)s is not a community; sites are built for communities.") % {
            "name": org_unit.name
        }
    elif CommunityHomePage.objects.filter(org_unit=org_unit).exists():
        errors["org_unit"] = _("%(name)s already has a website.") % {"name": org_unit.name}
    elif actor is not None and not can_build_site_for(actor, org_unit):
        errors["org_unit"] = _("You may only build sites for communities in your own area.")

    errors.update(hostname_and_theme_errors(hostname, theme))
    if errors:
        raise ValidationError(errors)


def can_build_site_for(user, org_unit):
    # user_can_access_org_unit already lets superusers through and refuses users without a unit.
    return user_may_build_sites(user) and user_can_access_org_unit(user, org_unit)


def user_may_build_sites(user):
    """Whether the wizard is open to this user at all (what they may build is checked per unit)."""
    if not user.is_authenticated:
        return False
    if sees_everything(user):
        return True
    profile = getattr(user, "staff_profile", None)
    return profile is not None and profile.role in SITE_BUILDER_ROLES


def resolve_org_unit(value):
    """Accept an OrgUnit, a primary key or an administrative code; None if there is no such unit."""
    if isinstance(value, OrgUnit) or value is None:
        return value
    text = str(value).strip()
    unit = OrgUnit.objects.filter(code=text).first()
    if unit is None and text.isdigit() and len(text) < 6:
        unit = OrgUnit.objects.filter(pk=int(text)).first()
    return unit


def create_community_site(*, org_unit, hostname, theme, site_name="", port=80, actor=None, starter_content=True):
    """Create a community site: home page, sections, Site, theme, collection and editors' group."""
    hostname = normalise_hostname(hostname)
    unit = resolve_org_unit(org_unit)
    try:
        validate_new_site(org_unit=unit, hostname=hostname, theme=theme, actor=actor)
        with transaction.atomic():
            built = _build(unit, hostname, theme, site_name or unit.name, port, starter_content)
            record_audit(
                "site.create",
                actor=actor,
                obj=built.site,
                org_unit=unit,
                detail={"hostname": hostname, "theme": theme, "home_page": built.home.pk},
            )
    except ValidationError as error:
        # The change rolled back; the failed attempt itself is still worth a record.
        record_audit(
            "site.create",
            actor=actor,
            org_unit=unit if isinstance(unit, OrgUnit) else None,
            success=False,
            detail={
                "hostname": hostname,
                "errors": error.message_dict if hasattr(error, "error_dict") else error.messages,
            },
        )
        raise
    return built


def _build(unit, hostname, theme, site_name, port, starter_content):
    from sites.models import (
        CommunityHomePage,
        CommunityProfilePage,
        ContactPage,
        EventIndexPage,
        NewsIndexPage,
        NoticeIndexPage,
        NoticePage,
        PartyAffairsIndexPage,
        ServiceGuideIndexPage,
        ServiceGuideMaterial,
        ServiceGuidePage,
        ServiceGuideStep,
    )

    content = load_starter_content()
    names = {"name": site_name, "address": ""}
    root = Page.get_first_root_node()
    home = CommunityHomePage(
        title=site_name,
        slug=slugify(hostname.replace(".", "-")) or f"community-{unit.code}",
        org_unit=unit,
        introduction=content["home_introduction"].format(**names) if starter_content else "",
    )
    root.add_child(instance=home)
    site = Site.objects.create(hostname=hostname, port=port, site_name=site_name, root_page=home)

    created = add_sections(
        home,
        content,
        {
            "notices": NoticeIndexPage,
            "news": NewsIndexPage,
            "events": EventIndexPage,
            "guides": ServiceGuideIndexPage,
            "party_affairs": PartyAffairsIndexPage,
            "profile": CommunityProfilePage,
            "contact": ContactPage,
        },
    )

    if starter_content:
        notice = content["welcome_notice"]
        created["notices"].add_child(
            instance=NoticePage(
                title=notice["title"].format(**names),
                summary=notice["summary"].format(**names),
                body=[("paragraph", notice["body"].format(**names))],
            )
        )
        guide_data = content["welcome_guide"]
        guide = ServiceGuidePage(
            title=guide_data["title"],
            summary=guide_data["summary"],
            eligibility=guide_data["eligibility"],
            fee=guide_data["fee"],
            time_limit=guide_data["time_limit"],
            time_limit_days=guide_data["time_limit_days"],
            office_hours=guide_data["office_hours"],
            place=site_name,
            category="household",
        )
        guide.materials = [ServiceGuideMaterial(**m) for m in guide_data["materials"]]
        guide.steps = [ServiceGuideStep(**s) for s in guide_data["steps"]]
        created["guides"].add_child(instance=guide)
        profile = created["profile"]
        profile.body = [("paragraph", content["profile_body"].format(name=site_name, address=unit.postal_name))]
        profile.save()
        contact = created["contact"]
        contact.office_hours = content["contact_office_hours"]
        contact.save()

    return equip_site(site, home, theme)


def add_sections(home, content, models_by_key):
    """Add the standard section pages under a home page, titled from the starter content."""
    created = {}
    for key, model in models_by_key.items():
        section = content["sections"][key]
        fields = {"title": section["title"], "slug": section["slug"]}
        if "introduction" in section and hasattr(model, "introduction"):
            fields["introduction"] = section["introduction"]
        created[key] = home.add_child(instance=model(**fields))
    return created


def equip_site(site, home, theme):
    """Give a new site its theme, its own media collection and an editors' group reaching only it."""
    from sites.models import SiteAppearance

    appearance = SiteAppearance.for_site(site)
    appearance.theme = theme
    appearance.save()
    label = f"{site.site_name} ({site.hostname})"
    collection = Collection.get_first_root_node().add_child(name=label)
    group = Group.objects.create(name=f"{label} editors"[:150])
    grant_site_editor_permissions(group, home, collection)
    return BuiltSite(site=site, home=home, editors_group=group, collection=collection)


def remove_wagtail_placeholder_site():
    """Delete the "Welcome to your new Wagtail site!" page and its localhost Site that Wagtail's
    migrations create, if they are still there untouched. Returns how many pages were removed."""
    placeholders = Page.objects.filter(
        depth=2, numchild=0, content_type__app_label="wagtailcore", content_type__model="page"
    )
    removed = 0
    for page in placeholders:
        Site.objects.filter(root_page=page).delete()
        page.delete()
        removed += 1
    return removed


def create_portal_site(*, org_unit, hostname, theme, site_name="", port=80, actor=None):
    """Create the city portal: the default Site, its home page and its own sections."""
    from sites.models import (
        CommunityFeedPage,
        ContactPage,
        EventIndexPage,
        NewsIndexPage,
        NoticeIndexPage,
        PortalHomePage,
        ServiceGuideIndexPage,
    )

    hostname = normalise_hostname(hostname)
    unit = resolve_org_unit(org_unit)
    errors = {}
    if unit is None or unit.level != OrgLevel.CITY:
        errors["org_unit"] = _("The portal belongs to a city.")
    elif PortalHomePage.objects.exists():
        errors["org_unit"] = _("The portal already exists.")
    errors.update(hostname_and_theme_errors(hostname, theme))
    if errors:
        raise ValidationError(errors)

    content = load_starter_content()
    site_name = site_name or unit.name
    with transaction.atomic():
        remove_wagtail_placeholder_site()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=PortalHomePage(
                title=site_name,
                slug="portal",
                org_unit=unit,
                introduction=content["home_introduction"].format(name=site_name),
            )
        )
        # The portal answers any host name no other site claims.
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        site = Site.objects.create(
            hostname=hostname, port=port, site_name=site_name, root_page=home, is_default_site=True
        )
        add_sections(
            home,
            content,
            {
                "notices": NoticeIndexPage,
                "news": NewsIndexPage,
                "events": EventIndexPage,
                "guides": ServiceGuideIndexPage,
                "contact": ContactPage,
                "feed": CommunityFeedPage,
            },
        )
        built = equip_site(site, home, theme)
        record_audit("site.create", actor=actor, obj=site, org_unit=unit, detail={"hostname": hostname, "portal": True})
    return built


def grant_site_editor_permissions(group, home, collection):
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    for app_label, codenames in (
        ("wagtailimages", EDITOR_IMAGE_PERMISSIONS),
        ("wagtaildocs", EDITOR_DOCUMENT_PERMISSIONS),
    ):
        for codename in codenames:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )


def editors_group_for(site):
    """The editors' group the wizard made for a site (found through its page permissions)."""
    return Group.objects.filter(page_permissions__page_id=site.root_page_id).distinct().order_by("pk").first()
