"""The standard sections of every community site (and the portal's own content)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sites.blocks import BodyBlock

LIST_PAGE_SIZE = 20
HOME_PAGE_TYPES = ["community_sites.CommunityHomePage", "community_sites.PortalHomePage"]
COMMUNITY_ONLY = ["community_sites.CommunityHomePage"]


def paginate(request, queryset, per_page=LIST_PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class SectionIndexPage(Page):
    """A list of one kind of child page, newest first, paginated."""

    introduction = models.TextField(_("introduction"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = HOME_PAGE_TYPES
    max_count_per_parent = 1
    item_model = None

    class Meta:
        abstract = True

    def items(self):
        return self.item_model.objects.child_of(self).live().public().order_by("-first_published_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.items())
        return context


# ---------------------------------------------------------------- notices 通知公告
class NoticePage(Page):
    summary = models.TextField(_("summary"), blank=True)
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Pinned notices stay at the top of lists."))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("After this date the notice leaves every list.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("pinned"), FieldPanel("valid_until")]),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachments")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["community_sites.NoticeIndexPage"]
    subpage_types = []
    template = "sites/notice_page.html"

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        return context

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class NoticeAttachment(Orderable):
    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class NoticeIndexPage(RoutablePageMixin, SectionIndexPage):
    """A site's notices: its own, and those pushed down to it from a street, district or the city.

    A pushed notice has no page of its own on each site; it is shown under this list's address
    (`pushed/<id>/`) on every site it reaches.
    """

    subpage_types = ["community_sites.NoticePage"]
    item_model = NoticePage
    template = "sites/notice_index_page.html"

    class Meta:
        verbose_name = _("notice list")
        verbose_name_plural = _("notice lists")

    def items(self):
        from sites.selectors import current_notices

        return current_notices(NoticePage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        from sites.selectors import notice_entries, notices_of_site, org_unit_of_site

        context = Page.get_context(self, request, *args, **kwargs)
        rows = notices_of_site(NoticePage.objects.child_of(self), org_unit_of_site(self))
        items = paginate(request, rows)
        items.object_list = notice_entries(items.object_list, self.get_url(request))
        context["items"] = items
        return context

    @path("pushed/<int:notice_id>/")
    def pushed_notice(self, request, notice_id):
        from sites.selectors import current_pushed_notice, org_unit_of_site

        notice = current_pushed_notice(org_unit_of_site(self), notice_id)
        if notice is None:
            raise Http404
        # Not self.render(): that would build this list's context, which the notice does not need.
        context = {**Page.get_context(self, request), "notice": notice}
        return TemplateResponse(request, "sites/pushed_notice_page.html", context)


# ---------------------------------------------------------------- news 新闻动态
class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("cover_image")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["community_sites.NewsIndexPage"]
    subpage_types = []
    template = "sites/news_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class NewsIndexPage(SectionIndexPage):
    subpage_types = ["community_sites.NewsPage"]
    item_model = NewsPage
    template = "sites/news_index_page.html"

    class Meta:
        verbose_name = _("news list")
        verbose_name_plural = _("news lists")

    def items(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
            .order_by("-date", "-pk")
        )


# ---------------------------------------------------------------- events 社区活动
class EventPage(Page):
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty if open to all.")
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("capacity")]),
                FieldPanel("organiser"),
            ],
            heading=_("time and place"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("place"),
        index.SearchField("body"),
    ]
    parent_page_types = ["community_sites.EventIndexPage"]
    subpage_types = []
    template = "sites/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Upcoming events, soonest first: walked in start order, or found by when they end
        # (`sites.selectors.upcoming_events`); the planner takes whichever skips fewer rows.
        indexes = [
            models.Index(fields=["start_at"], name="event_starts_at"),
            models.Index(Coalesce("end_at", "start_at"), name="event_ends_at"),
        ]

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.end_at and self.start_at and self.end_at < self.start_at:
            raise ValidationError({"end_at": _("An event cannot end before it starts.")})


class EventIndexPage(SectionIndexPage):
    subpage_types = ["community_sites.EventPage"]
    item_model = EventPage
    template = "sites/event_index_page.html"

    class Meta:
        verbose_name = _("event list")
        verbose_name_plural = _("event lists")

    def items(self):
        return EventPage.objects.child_of(self).live().public().order_by("-start_at", "-pk")


# ---------------------------------------------------------------- service guides 办事指南
class GuideCategory(models.TextChoices):
    SOCIAL_SECURITY = "social_security", _("Social security")
    ASSISTANCE = "assistance", _("Social assistance")
    ELDERLY = "elderly", _("Elderly care")
    HOUSEHOLD = "household", _("Household registration and certificates")
    HEALTH = "health", _("Health and family")
    EMPLOYMENT = "employment", _("Employment")
    PARTY = "party", _("Party services")
    OTHER = "other", _("Other")


class ServiceGuidePage(Page):
    """A service guide with structured fields, so the kiosk and the one-stop system reuse them."""

    category = models.CharField(
        _("category"), max_length=32, choices=GuideCategory.choices, default=GuideCategory.OTHER
    )
    summary = models.TextField(_("summary"), blank=True)
    eligibility = models.TextField(_("who can apply"), blank=True)
    fee = models.CharField(_("fee"), max_length=255, blank=True)
    time_limit = models.CharField(_("time limit"), max_length=255, blank=True, help_text=_("e.g. 5 working days"))
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit in working days"),
        null=True,
        blank=True,
        help_text=_("Used by the one-stop service for overdue alerts."),
    )
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    place = models.CharField(_("where to apply"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=64, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("further information"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("fee")]),
        FieldPanel("summary"),
        FieldPanel("eligibility"),
        InlinePanel("materials", label=_("required materials")),
        InlinePanel("steps", label=_("steps")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit"), FieldPanel("time_limit_days")]),
                FieldPanel("office_hours"),
                FieldPanel("place"),
                FieldPanel("contact_phone"),
            ],
            heading=_("when and where"),
        ),
        FieldPanel("legal_basis"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("eligibility"),
        index.FilterField("category"),
        index.SearchField("body"),
    ]
    parent_page_types = ["community_sites.ServiceGuideIndexPage"]
    subpage_types = []
    template = "sites/service_guide_page.html"

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")


class ServiceGuideMaterial(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("material"), max_length=255)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    original_required = models.BooleanField(_("original required"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("copies"), FieldPanel("original_required")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")


class ServiceGuideStep(Orderable):
    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")


class ServiceGuideIndexPage(SectionIndexPage):
    subpage_types = ["community_sites.ServiceGuidePage"]
    item_model = ServiceGuidePage
    template = "sites/service_guide_index_page.html"

    class Meta:
        verbose_name = _("service guide list")
        verbose_name_plural = _("service guide lists")

    def items(self):
        from sites.selectors import in_category_order

        return in_category_order(ServiceGuidePage.objects.child_of(self).live().public())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category")
        if category in GuideCategory.values:
            context["items"] = paginate(request, self.items().filter(category=category), per_page=50)
            context["current_category"] = category
        context["categories"] = GuideCategory.choices
        return context


# ---------------------------------------------------------------- party affairs 党务公开
class PartyAffairsCategory(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation building")
    MEMBERS = "members", _("Member development")
    DUES = "dues", _("Party dues")
    ACTIVITIES = "activities", _("Activities")
    OTHER = "other", _("Other")


class PartyAffairsPage(Page):
    category = models.CharField(
        _("category"), max_length=32, choices=PartyAffairsCategory.choices, default=PartyAffairsCategory.ACTIVITIES
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("category"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["community_sites.PartyAffairsIndexPage"]
    subpage_types = []
    template = "sites/party_affairs_page.html"

    class Meta:
        verbose_name = _("party-affairs disclosure")
        verbose_name_plural = _("party-affairs disclosures")


class PartyAffairsIndexPage(SectionIndexPage):
    subpage_types = ["community_sites.PartyAffairsPage"]
    parent_page_types = COMMUNITY_ONLY
    item_model = PartyAffairsPage
    template = "sites/party_affairs_index_page.html"

    class Meta:
        verbose_name = _("party-affairs list")
        verbose_name_plural = _("party-affairs lists")

    def items(self):
        return PartyAffairsPage.objects.child_of(self).live().public().order_by("-date", "-pk")


# ---------------------------------------------------------------- profile 社区概况 and contact
class CommunityProfilePage(Page):
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("map"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("population"), FieldPanel("households"), FieldPanel("area_km2")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("map_image"),
            ],
            heading=_("location"),
        ),
        FieldPanel("body"),
        InlinePanel("committee_members", label=_("committee members")),
    ]
    search_fields = Page.search_fields + [index.SearchField("address"), index.SearchField("body")]
    parent_page_types = COMMUNITY_ONLY
    max_count_per_parent = 1
    subpage_types = []
    template = "sites/community_profile_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["committee_members"] = self.committee_members.select_related("photo").prefetch_related(
            "photo__renditions"
        )
        return context

    class Meta:
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")


class CommitteeMember(Orderable):
    page = ParentalKey(CommunityProfilePage, on_delete=models.CASCADE, related_name="committee_members")
    name = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=64)
    duties = models.CharField(_("responsibilities"), max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("position")]), FieldPanel("duties"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")


class ContactPage(Page):
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("office_hours"),
        FieldPanel("body"),
    ]
    parent_page_types = HOME_PAGE_TYPES
    max_count_per_parent = 1
    subpage_types = []
    template = "sites/contact_page.html"

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")
