"""Builds (or tops up) the demo network: org tree, portal, community sites, their content, accounts.

Everything goes through the project's services (org tree, accounts, site builder); this module
only decides what the demo contains. Units are found by administrative code, sites by org unit,
pages by slug under their section, images and documents by title in the site's collection and
accounts by user name, so running it again adds only what is missing.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.utils.file import hash_filelike

from cms.accounts.models import Role
from cms.accounts.services import create_staff_account
from cms.orgs.models import OrgUnit
from cms.orgs.services import get_or_create_org_unit
from services.assistance.demo import add_demo_assistance
from sites.demo import content
from sites.demo.attachments import make_docx, make_xlsx
from sites.demo.network import CITY, FIXED_DISTRICTS, FIXED_STREETS, plan_network
from sites.demo.pictures import draw_picture
from sites.demo.residents import add_community_people
from sites.services.site_builder import (
    create_community_site,
    create_portal_site,
    editors_group_for,
    remove_wagtail_placeholder_site,
)

DEMO_PASSWORD = "demo1234"
DEMO_DOMAIN = "localhost"
PORTAL_HOSTNAME = f"portal.{DEMO_DOMAIN}"
PORTAL_THEME = "government_red"
DEFAULT_PAGES_PER_SITE = 40
COVER_IMAGES_PER_SITE = 6  # news covers beyond this reuse earlier pictures
AREA_CODE = "0719"


@dataclass
class DemoSite:
    name: str
    url: str
    theme: str


@dataclass
class DemoAccount:
    username: str
    role: str
    org_unit: str
    password: str
    note: str = ""


@dataclass
class DemoReport:
    sites: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)  # human-readable reasons
    admin_url: str = ""
    kiosk_url: str = ""
    seconds: float = 0.0

    @property
    def created_anything(self):
        return any(self.created.values())


def section_counts(pages_per_site):
    """How many pages of each kind a community site gets (the starter notice and guide come on top)."""
    guides = min(len(content.SERVICE_GUIDES), round(pages_per_site * 0.2))
    rest = max(pages_per_site - guides, 0)
    news = round(rest * 0.25)
    events = round(rest * 0.2)
    party_affairs = round(rest * 0.2)
    notices = rest - news - events - party_affairs
    return {"notices": notices, "news": news, "events": events, "guides": guides, "party_affairs": party_affairs}


def load_demo(*, scale=8, pages_per_site=DEFAULT_PAGES_PER_SITE, port=8000, progress=None):
    """Create whatever part of the demo network is missing; return what exists and what was added."""
    started = time.perf_counter()
    progress = progress or (lambda message: None)
    plan = plan_network(scale)
    report = DemoReport(admin_url=f"http://{PORTAL_HOSTNAME}:{port}/admin/")

    report.created["removed_welcome_pages"] += remove_wagtail_placeholder_site()
    units = build_org_tree(plan, report)

    portal = ensure_portal(units[CITY.code], port, report)
    with transaction.atomic():
        fill_portal(portal, units[CITY.code], report)
    report.sites.append(DemoSite(portal.site.site_name, site_url(portal.site), PORTAL_THEME))
    progress(f"portal {site_url(portal.site)}")

    community_sites = {}
    for number, site_plan in enumerate(plan.communities, start=1):
        unit = units[site_plan.unit.code]
        with transaction.atomic():
            built = ensure_community_site(
                unit, f"{site_plan.hostname_label}.{DEMO_DOMAIN}", site_plan.theme, port, report
            )
            if built is None:
                continue
            fill_community_site(built, unit, pages_per_site, report)
            add_community_people(unit, report)
        community_sites[unit.code] = built
        report.sites.append(DemoSite(built.site.site_name, site_url(built.site), site_plan.theme))
        progress(f"[{number}/{len(plan.communities)}] {site_url(built.site)}")

    ensure_accounts(plan, units, community_sites, report)
    add_demo_assistance(report)  # a few social-assistance cases on the households just made
    first_code = next(iter(community_sites), None)
    if first_code is not None:
        from kiosk_app.demo import add_demo_kiosk

        kiosk_path = add_demo_kiosk(units[first_code], report)
        report.kiosk_url = site_url(community_sites[first_code].site).rstrip("/") + kiosk_path
    report.seconds = time.perf_counter() - started
    return report


def site_url(site):
    return f"http://{site.hostname}:{site.port}/" if site.port != 80 else f"http://{site.hostname}/"


# ---------------------------------------------------------------- org tree
def build_org_tree(plan, report):
    units = {}
    with transaction.atomic():
        for unit_plan in plan.units():
            parent = units.get(unit_plan.parent_code)
            unit, created = get_or_create_org_unit(
                name=unit_plan.name, code=unit_plan.code, level=unit_plan.level, parent=parent
            )
            units[unit_plan.code] = unit
            report.created["org_units"] += created
    return units


# ---------------------------------------------------------------- sites
@dataclass
class SiteHandle:
    """A built or found site with what the loader needs from it (same fields as BuiltSite)."""

    site: Site
    home: Page
    editors_group: object
    collection: Collection


def _handle_for_existing(site):
    group = editors_group_for(site)
    collection = Collection.objects.filter(group_permissions__group=group).first() if group else None
    if collection is None:  # a site made by hand, without the wizard's group: keep demo media apart anyway
        name = f"{site.site_name} ({site.hostname})"
        collection = Collection.objects.filter(name=name).first() or Collection.get_first_root_node().add_child(
            name=name
        )
    return SiteHandle(site=site, home=site.root_page.specific, editors_group=group, collection=collection)


def _update_port(site, port):
    if site.port != port:
        site.port = port
        site.save(update_fields=["port"])


def ensure_portal(city, port, report):
    from sites.models import PortalHomePage

    home = PortalHomePage.objects.first()
    if home is None:
        built = create_portal_site(org_unit=city, hostname=PORTAL_HOSTNAME, theme=PORTAL_THEME, port=port)
        report.created["sites"] += 1
        return SiteHandle(built.site, built.home, built.editors_group, built.collection)
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        site = Site.objects.create(hostname=PORTAL_HOSTNAME, port=port, site_name=home.title, root_page=home)
        report.created["sites"] += 1
    _update_port(site, port)
    if not site.is_default_site:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        site.is_default_site = True
        site.save(update_fields=["is_default_site"])
    return _handle_for_existing(site)


def ensure_community_site(unit, hostname, theme, port, report):
    from sites.models import CommunityHomePage

    home = CommunityHomePage.objects.filter(org_unit=unit).first()
    if home is not None:
        site = Site.objects.filter(root_page=home).first()
        if site is not None:
            _update_port(site, port)
            return _handle_for_existing(site)
        report.skipped.append(f"{unit.name}: has a home page but no Site; left alone")
        return None
    if Site.objects.filter(hostname=hostname).exists():
        report.skipped.append(f"{unit.name}: host name {hostname} is used by another site; left alone")
        return None
    built = create_community_site(org_unit=unit, hostname=hostname, theme=theme, port=port, starter_content=True)
    report.created["sites"] += 1
    return SiteHandle(built.site, built.home, built.editors_group, built.collection)


# ---------------------------------------------------------------- media
class SiteMedia:
    """Images and documents of one site, found by title in its collection or made on first use."""

    def __init__(self, collection, file_prefix, report):
        self.collection = collection
        self.file_prefix = file_prefix
        self.report = report
        Image = get_image_model()
        Document = get_document_model()
        self.images = {image.title: image for image in Image.objects.filter(collection=collection)}
        self.documents = {document.title: document for document in Document.objects.filter(collection=collection)}

    def image(self, title, seed, *, kind="scene", width=960, height=540):
        if title not in self.images:
            data = draw_picture(seed, width=width, height=height, kind=kind)
            image = get_image_model()(title=title, collection=self.collection)
            image.file = ContentFile(data, name=f"{self.file_prefix}-{seed_suffix(seed)}.jpg")
            _set_file_metadata(image, data)
            image.save()
            self.images[title] = image
            self.report.created["images"] += 1
        return self.images[title]

    def document(self, title, attachment, file_stem, issuer):
        if title not in self.documents:
            kind = attachment[0]
            if kind == "docx":
                data = make_docx(attachment[1], attachment[2], issuer=issuer)
            else:
                data = make_xlsx(attachment[1], attachment[2])
            document = get_document_model()(title=title, collection=self.collection)
            document.file = ContentFile(data, name=f"{self.file_prefix}-{file_stem}.{kind}")
            _set_file_metadata(document, data)
            document.save()
            self.documents[title] = document
            self.report.created["documents"] += 1
        return self.documents[title]


def seed_suffix(seed):
    return str(seed).rsplit(":", 1)[-1]


def _set_file_metadata(instance, data):
    # What Wagtail's upload forms record: size and content hash (used to spot duplicate uploads).
    instance.file_size = len(data)
    instance.file.seek(0)
    instance.file_hash = hash_filelike(instance.file)
    instance.file.seek(0)


# ---------------------------------------------------------------- content helpers
class Formatter(dict):
    """Placeholders for content texts; unknown placeholders stay visible instead of failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill(text, values):
    return text.format_map(values)


def numbered_title(title, round_number):
    """The n-th reuse of a title gets a suffix: 通知（二）, so titles stay distinct."""
    if round_number == 0:
        return title
    return f"{title}（{'一二三四五六七八九十'[min(round_number, 9)]}）"


def cycle_pick(rng, pool, count):
    """`count` entries of a shuffled pool, cycling when it runs out, with the round number of each."""
    order = rng.sample(range(len(pool)), len(pool))
    return [(pool[order[index % len(pool)]], index // len(pool)) for index in range(count)]


def published_at(days_ago, rng):
    moment = timezone.now() - timedelta(days=days_ago)
    return moment.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 10, 20, 30, 40, 50)), second=0, microsecond=0)


def paragraphs_body(paragraphs, values, extra=()):
    return [("paragraph", fill(text, values)) for text in paragraphs] + list(extra)


def existing_slugs(parent):
    return set(parent.get_children().values_list("slug", flat=True))


def child_of_type(home, model):
    return model.objects.child_of(home).first()


# ---------------------------------------------------------------- pages
def add_notices(index, items, values, media, rng, report, *, slug_prefix="notice", pin=2, expire_index=2):
    from sites.models import NoticeAttachment, NoticePage

    if index is None:
        return
    taken = existing_slugs(index)
    today = timezone.localdate()
    days_ago = 0
    for number, (template, round_number) in enumerate(items, start=1):
        days_ago += rng.randint(1, 6)
        slug = f"{slug_prefix}-{number:03d}"
        if slug in taken:
            continue
        moment = published_at(days_ago, rng)
        event_day = moment.date() + timedelta(days=rng.randint(2, 6))
        item_values = Formatter(
            values,
            month=event_day.month,
            day=event_day.day,
            buildings=buildings_text(rng),
            place=rng.choice(content.PLACES),
        )
        title = numbered_title(fill(template["title"], item_values), round_number)
        valid_until = None
        if number - 1 == expire_index:
            # One notice has passed its validity: it must stay out of every list.
            valid_until = today - timedelta(days=rng.randint(2, 20))
            moment = published_at((today - valid_until).days + 7, rng)
        elif "公示" in title or "征集" in title:
            # Public notices and consultations run for a while yet (relative to today, so they stay current).
            valid_until = today + timedelta(days=rng.randint(10, 40))
        extra = []
        if "callout" in template:
            extra.append(("callout", {"title": template["callout"][0], "text": template["callout"][1]}))
        page = NoticePage(
            title=title,
            slug=slug,
            summary=fill(template["summary"], item_values),
            pinned=number <= pin,
            valid_until=valid_until,
            body=paragraphs_body(template["body"], item_values, extra),
            first_published_at=moment,
            last_published_at=moment,
        )
        if "attachment" in template:
            attachment = template["attachment"]
            heading = fill(attachment[1], item_values)
            document = media.document(
                f"{heading}（{title}）" if round_number else heading,
                (attachment[0], heading, attachment[2]),
                f"{slug}",
                values["issuer"],
            )
            page.attachments = [NoticeAttachment(document=document, title=heading)]
        index.add_child(instance=page)
        report.created["pages"] += 1


def buildings_text(rng):
    numbers = sorted(rng.sample(range(1, 24), rng.randint(2, 4)))
    return "、".join(f"{number}幢" for number in numbers)


def add_news(index, items, values, media, rng, report, *, slug_prefix="news"):
    from sites.models import NewsPage

    if index is None:
        return
    taken = existing_slugs(index)
    days_ago = 0
    for number, (template, round_number) in enumerate(items, start=1):
        days_ago += rng.randint(2, 9)
        slug = f"{slug_prefix}-{number:03d}"
        if slug in taken:
            continue
        moment = published_at(days_ago, rng)
        item_values = Formatter(values, road=rng.choice(content.ROADS))
        title = numbered_title(fill(template["title"], item_values), round_number)
        picture = (number - 1) % COVER_IMAGES_PER_SITE + 1
        cover = media.image(f"{values['site_name']} 新闻配图 {picture}", f"{values['seed']}:cover{picture}")
        extra = []
        if number % 3 == 1:  # some articles also show a picture in the text
            extra.append(
                (
                    "image",
                    {"image": cover, "caption": fill(template["summary"], item_values), "alt_text": "活动现场示意图"},
                )
            )
        index.add_child(
            instance=NewsPage(
                title=title,
                slug=slug,
                date=moment.date(),
                summary=fill(template["summary"], item_values),
                cover_image=cover,
                body=paragraphs_body(template["body"], item_values, extra),
                first_published_at=moment,
                last_published_at=moment,
            )
        )
        report.created["pages"] += 1


def add_events(index, items, values, rng, report, *, places, slug_prefix="event"):
    from sites.models import EventPage

    if index is None:
        return
    taken = existing_slugs(index)
    today = timezone.localdate()
    for number, (template, round_number) in enumerate(items, start=1):
        offset = rng.randint(-40, 45)  # a mix of past and upcoming events
        slug = f"{slug_prefix}-{number:03d}"
        if slug in taken:
            continue
        day = today + timedelta(days=offset)
        start_at = timezone.make_aware(datetime(day.year, day.month, day.day, rng.choice((9, 10, 14, 15, 19)), 0))
        moment = min(timezone.now(), start_at) - timedelta(days=rng.randint(5, 14))
        title = numbered_title(fill(template["title"], values), round_number)
        index.add_child(
            instance=EventPage(
                title=title,
                slug=slug,
                start_at=start_at,
                end_at=start_at + timedelta(hours=template["hours"]),
                place=rng.choice(places),
                capacity=template["capacity"],
                organiser=fill(template["organiser"], values),
                summary=fill(template["summary"], values),
                body=[("paragraph", fill(template["body"], values))],
                first_published_at=moment,
                last_published_at=moment,
            )
        )
        report.created["pages"] += 1


def add_service_guides(index, guides, values, rng, report):
    from sites.models import ServiceGuideMaterial, ServiceGuidePage, ServiceGuideStep

    if index is None:
        return
    taken = existing_slugs(index)
    for guide_data in guides:
        if guide_data["slug"] in taken:
            continue
        moment = published_at(rng.randint(60, 400), rng)
        guide = ServiceGuidePage(
            title=guide_data["title"],
            slug=guide_data["slug"],
            category=guide_data["category"],
            summary=fill(guide_data["summary"], values),
            eligibility=fill(guide_data["eligibility"], values),
            fee=guide_data["fee"],
            time_limit=guide_data["time_limit"],
            time_limit_days=guide_data["time_limit_days"],
            office_hours=content.OFFICE_HOURS,
            place=f"{values['site_name']}党群服务中心一楼服务大厅",
            contact_phone=values["phone"],
            legal_basis=fill(guide_data["legal_basis"], values),
            body=[("paragraph", "<p>受理后，可在本网站“办事查询”栏目按受理编号查询办理进度。</p>")],
            first_published_at=moment,
            last_published_at=moment,
        )
        guide.materials = [
            ServiceGuideMaterial(name=name, copies=copies, original_required=original, note=note)
            for name, copies, original, note in guide_data["materials"]
        ]
        guide.steps = [
            ServiceGuideStep(title=title, description=description) for title, description in guide_data["steps"]
        ]
        index.add_child(instance=guide)
        report.created["pages"] += 1


def add_party_affairs(index, items, values, rng, report):
    from sites.models import PartyAffairsPage

    if index is None:
        return
    taken = existing_slugs(index)
    days_ago = 0
    for number, (template, round_number) in enumerate(items, start=1):
        days_ago += rng.randint(5, 20)
        slug = f"party-{number:03d}"
        if slug in taken:
            continue
        moment = published_at(days_ago, rng)
        index.add_child(
            instance=PartyAffairsPage(
                title=numbered_title(fill(template["title"], values), round_number),
                slug=slug,
                category=template["category"],
                date=moment.date(),
                summary=fill(template["summary"], values),
                body=[("paragraph", fill(template["body"], values))],
                first_published_at=moment,
                last_published_at=moment,
            )
        )
        report.created["pages"] += 1


def person_name(rng):
    return rng.choice(content.SURNAMES) + rng.choice(content.GIVEN_NAMES)


def fill_profile(profile, unit, values, media, rng, report):
    from sites.models import CommitteeMember

    if profile is None or profile.population is not None:
        return
    population = rng.randint(3800, 16500)
    households = round(population / rng.uniform(2.4, 2.9))
    area = Decimal(str(round(rng.uniform(0.35, 2.8), 2)))
    founded = rng.randint(1985, 2012)
    party_members = rng.randint(90, 420)
    profile.population = population
    profile.households = households
    profile.area_km2 = area
    profile.address = values["address"]
    profile.latitude = Decimal(str(round(30.25 + rng.uniform(-0.08, 0.08), 6)))
    profile.longitude = Decimal(str(round(120.15 + rng.uniform(-0.1, 0.1), 6)))
    profile.map_image = media.image(f"{values['site_name']} 社区位置示意图", f"{values['seed']}:map", kind="map")
    profile.body = [
        (
            "paragraph",
            f"<p>{values['site_name']}隶属{values['district']}{values['street']}，成立于{founded}年，"
            f"辖区面积约{area}平方公里，有住宅小区{rng.randint(3, 12)}个、居民楼{rng.randint(40, 180)}幢，"
            f"常住人口{population}人、{households}户。</p>",
        ),
        (
            "paragraph",
            f"<p>社区党组织下设党支部{rng.randint(3, 9)}个，现有党员{party_members}名。社区建有党群服务中心、"
            f"老年活动中心、图书室和卫生服务站，组建了志愿服务队、文艺队等居民团队{rng.randint(6, 18)}支。</p>",
        ),
        ("heading", "社区特色"),
        (
            "paragraph",
            "<p>"
            + rng.choice(
                [
                    "社区以“党建引领、邻里互助”为特色，推行楼道长制度，及时收集和解决居民诉求。",
                    "社区持续推进老旧小区改造和垃圾分类，居住环境不断改善，多次获评区级文明社区。",
                    "社区注重为老服务，建有长者食堂和日间照料中心，为辖区老年人提供助餐、助浴、助医服务。",
                    "社区依托新时代文明实践站，常年开展读书、书法、太极拳等文化活动，居民参与热情高。",
                ]
            )
            + "</p>",
        ),
    ]
    roles = content.COMMITTEE_ROLES[: rng.randint(5, len(content.COMMITTEE_ROLES))]
    profile.committee_members = [
        CommitteeMember(name=person_name(rng), position=position, duties=duties) for position, duties in roles
    ]
    profile.save()
    report.created["profiles_filled"] += 1


def fill_contact(contact, values, rng, report):
    if contact is None or contact.phone:
        return
    contact.address = values["address"]
    contact.phone = values["phone"]
    contact.email = values["email"]
    contact.office_hours = contact.office_hours or content.OFFICE_HOURS
    buses = sorted(rng.sample(range(1, 120), 2))
    contact.body = [
        (
            "paragraph",
            f"<p>乘坐公交{buses[0]}路、{buses[1]}路到{values['road']}站下车，步行约5分钟即到。"
            f"办事前可先电话咨询，节假日急办事项请拨打值班电话。</p>",
        )
    ]
    contact.save()
    report.created["contacts_filled"] += 1


def fill_appearance(site, values, rng, report):
    from sites.models import SiteAppearance

    appearance = SiteAppearance.for_site(site)
    if appearance.icp_number:
        return
    appearance.contact_phone = values["phone"]
    appearance.contact_address = values["address"]
    appearance.contact_email = values["email"]
    appearance.footer_text = f"主办单位：{values['issuer']}"
    appearance.icp_number = f"江ICP备{rng.randint(10000000, 99999999)}号-{rng.randint(1, 6)}"
    appearance.save()
    report.created["appearances_filled"] += 1


def fill_home(home, media, values, report):
    home = type(home).objects.get(pk=home.pk)  # fresh tree fields after children were added
    if home.hero_image_id is not None:
        return
    home.hero_image = media.image(f"{values['site_name']} 首页横幅", f"{values['seed']}:hero", width=1600, height=500)
    home.save()
    report.created["homes_filled"] += 1


def site_values(unit, site, rng):
    ancestors = {ancestor.level: ancestor.name for ancestor in unit.get_ancestors()}
    road = rng.choice(content.ROADS)
    label = site.hostname.split(".", 1)[0]
    return Formatter(
        site_name=site.site_name,
        community=site.site_name,
        city=ancestors.get("city", unit.name if unit.level == "city" else ""),
        district=ancestors.get("district", ""),
        street=ancestors.get("street", ""),
        year=timezone.localdate().year,
        phone=f"{AREA_CODE}-8{rng.randint(1000000, 9999999)}",
        email=f"{label}@jiangcheng.example",
        road=road,
        address=f"{ancestors.get('city', unit.name)}{ancestors.get('district', '')}{road}{rng.randint(1, 300)}号",
        seed=f"{label}",
        issuer=f"{ancestors.get('street', '')}{site.site_name}居民委员会"
        if unit.level == "community"
        else f"{unit.name}人民政府办公室",
    )


def fill_community_site(built, unit, pages_per_site, report):
    from sites.models import (
        CommunityProfilePage,
        ContactPage,
        EventIndexPage,
        NewsIndexPage,
        NoticeIndexPage,
        PartyAffairsIndexPage,
        ServiceGuideIndexPage,
    )

    rng = random.Random(f"demo:{unit.code}")
    values = site_values(unit, built.site, rng)
    media = SiteMedia(built.collection, f"demo-{values['seed']}", report)
    home = built.home
    counts = section_counts(pages_per_site)

    # Each kind draws from its own generator, so changing one count leaves the other sections unchanged.
    def kind_rng(kind):
        return random.Random(f"demo:{unit.code}:{kind}")

    add_notices(
        child_of_type(home, NoticeIndexPage),
        cycle_pick(kind_rng("notices"), content.NOTICES, counts["notices"]),
        values,
        media,
        kind_rng("notice-dates"),
        report,
    )
    add_news(
        child_of_type(home, NewsIndexPage),
        cycle_pick(kind_rng("news"), content.NEWS, counts["news"]),
        values,
        media,
        kind_rng("news-dates"),
        report,
    )
    add_events(
        child_of_type(home, EventIndexPage),
        cycle_pick(kind_rng("events"), content.EVENTS, counts["events"]),
        values,
        kind_rng("event-dates"),
        report,
        places=content.PLACES,
    )
    guides = kind_rng("guides").sample(content.SERVICE_GUIDES, counts["guides"])
    add_service_guides(child_of_type(home, ServiceGuideIndexPage), guides, values, kind_rng("guide-dates"), report)
    add_party_affairs(
        child_of_type(home, PartyAffairsIndexPage),
        cycle_pick(kind_rng("party"), content.PARTY_AFFAIRS, counts["party_affairs"]),
        values,
        kind_rng("party-dates"),
        report,
    )
    fill_profile(child_of_type(home, CommunityProfilePage), unit, values, media, kind_rng("profile"), report)
    fill_contact(child_of_type(home, ContactPage), values, kind_rng("contact"), report)
    fill_appearance(built.site, values, kind_rng("appearance"), report)
    fill_home(home, media, values, report)


def ensure_community_feed(home, report):
    """Portals built before the community-updates page existed get it on the next load."""
    from sites.models import CommunityFeedPage
    from sites.services.site_builder import add_sections, load_starter_content

    if not CommunityFeedPage.objects.child_of(home).exists():
        add_sections(home, load_starter_content(), {"feed": CommunityFeedPage})
        report.created["pages"] += 1


def fill_portal(portal, city, report):
    from sites.models import ContactPage, EventIndexPage, NewsIndexPage, NoticeIndexPage

    rng = random.Random(f"demo:{city.code}")
    values = site_values(city, portal.site, rng)
    values["issuer"] = f"{city.name}民政局"
    media = SiteMedia(portal.collection, "demo-portal", report)
    home = portal.home
    ensure_community_feed(home, report)
    add_notices(
        child_of_type(home, NoticeIndexPage),
        [(item, 0) for item in content.PORTAL_NOTICES],
        values,
        media,
        random.Random("demo:portal:notices"),
        report,
        slug_prefix="city-notice",
        pin=1,
        expire_index=-1,
    )
    add_news(
        child_of_type(home, NewsIndexPage),
        [(item, 0) for item in content.PORTAL_NEWS],
        values,
        media,
        random.Random("demo:portal:news"),
        report,
        slug_prefix="city-news",
    )
    add_events(
        child_of_type(home, EventIndexPage),
        [(item, 0) for item in content.PORTAL_EVENTS],
        values,
        random.Random("demo:portal:events"),
        report,
        places=[f"{city.name}市民广场", f"{city.name}市民中心一楼大厅"],
        slug_prefix="city-event",
    )
    fill_contact(child_of_type(home, ContactPage), values, random.Random("demo:portal:contact"), report)
    fill_appearance(portal.site, values, random.Random("demo:portal:appearance"), report)
    fill_home(home, media, values, report)


# ---------------------------------------------------------------- accounts
def demo_account_plan(plan):
    """(username, role, org unit code, full name, superuser) for each demo account."""
    names = content.STAFF_NAMES
    district, street = FIXED_DISTRICTS[0], FIXED_STREETS[0]
    communities = [site_plan.unit for site_plan in plan.communities]
    accounts = [
        ("cityadmin", Role.CITY_ADMIN, CITY.code, names["city_admin"], True),
        (f"{district.slug}_staff", Role.DISTRICT_STAFF, district.code, names["district_staff"], False),
        (f"{street.slug}_street_staff", Role.STREET_STAFF, street.code, names["street_staff"], False),
        (f"{communities[0].slug}_staff", Role.COMMUNITY_STAFF, communities[0].code, names["community_staff"], False),
    ]
    for community, full_name in zip(communities[:2], names["community_editor"], strict=False):
        accounts.append((f"{community.slug}_editor", Role.COMMUNITY_EDITOR, community.code, full_name, False))
    # 委办局 viewer: a city department (the civil affairs bureau) reading statistics and reports.
    accounts.append(("mzj_viewer", Role.DEPARTMENT_VIEWER, CITY.code, names["department_viewer"], False))
    return accounts


def ensure_accounts(plan, units, community_sites, report):
    User = get_user_model()
    with transaction.atomic():
        for username, role, code, full_name, superuser in demo_account_plan(plan):
            unit = units[code]
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_staff_account(
                    username=username,
                    password=DEMO_PASSWORD,
                    org_unit=unit,
                    role=role,
                    full_name=full_name,
                    email=f"{username}@jiangcheng.example",
                )
                report.created["users"] += 1
            if superuser and not (user.is_superuser and user.is_staff):
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            note = "superuser" if superuser else ""
            if role == Role.COMMUNITY_EDITOR and code in community_sites:
                group = community_sites[code].editors_group
                if group is not None:
                    user.groups.add(group)
                    note = f"editor of {community_sites[code].site.hostname}"
            profile = getattr(user, "staff_profile", None)
            report.accounts.append(
                DemoAccount(
                    username=username,
                    role=str(Role(profile.role).label) if profile else str(role.label),
                    org_unit=OrgUnit.objects.get(pk=profile.org_unit_id).full_name if profile else unit.full_name,
                    password=DEMO_PASSWORD,
                    note=note,
                )
            )
