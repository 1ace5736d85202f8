"""The portal's page of everything the community sites publish (社区信息汇聚), filterable and paginated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from sites.models.sections import paginate


class CommunityFeedPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["community_sites.PortalHomePage"]
    subpage_types = []
    max_count = 1
    template = "sites/community_feed_page.html"

    class Meta:
        verbose_name = _("community updates")
        verbose_name_plural = _("community updates")

    def get_context(self, request, *args, **kwargs):
        from sites.aggregation import FEED_PAGE_SIZE, FeedFilterForm, attach_sources, feed_items

        context = super().get_context(request, *args, **kwargs)
        form = FeedFilterForm(request.GET)
        kind, area, category = form.filters()
        items = paginate(request, feed_items(kind, area, category), per_page=FEED_PAGE_SIZE)
        items.object_list = attach_sources(items.object_list)
        context.update({"filter_form": form, "items": items, "kind": kind, "area": area})
        return context
