"""The two kinds of site root: the city portal and a community's home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.blocks import BodyBlock

SECTION_PAGE_TYPES = [
    "community_sites.NoticeIndexPage",
    "community_sites.NewsIndexPage",
    "community_sites.EventIndexPage",
    "community_sites.ServiceGuideIndexPage",
    "community_sites.PartyAffairsIndexPage",
    "community_sites.CommunityProfilePage",
    "community_sites.ContactPage",
    "site_forms.FormPage",
]


class SiteHomePage(Page):
    """What both homes share: an org unit, an introduction and free content."""

    org_unit = models.OneToOneField(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="%(class)s", verbose_name=_("org unit")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("banner image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("free content"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from sites import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_context(self))
        return context


class PortalHomePage(SiteHomePage):
    """The city portal (门户): its own content plus, later, what the community sites publish."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "community_sites.NoticeIndexPage",
        "community_sites.NewsIndexPage",
        "community_sites.EventIndexPage",
        "community_sites.ServiceGuideIndexPage",
        "community_sites.ContactPage",
        "community_sites.CommunityFeedPage",
        "site_forms.FormPage",
    ]
    max_count = 1
    template = "sites/portal_home_page.html"

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home pages")


class CommunityHomePage(SiteHomePage):
    """A community's website (社区网站)."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_PAGE_TYPES
    template = "sites/community_home_page.html"

    class Meta:
        verbose_name = _("community home page")
        verbose_name_plural = _("community home pages")
