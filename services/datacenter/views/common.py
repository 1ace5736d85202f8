"""What every data-centre admin screen shares: a model permission check and breadcrumbs."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

LIST_PAGE_SIZE = 50


class DatacenterViewMixin(WagtailAdminTemplateMixin):
    """Refuses users without `permission_required`; which records they reach is the selectors' scoping."""

    permission_required = "datacenter.view_resident"
    header_icon = "group"
    parent_crumbs = ()  # (url name, label) pairs between Home and this page

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(name), "label": label} for name, label in self.parent_crumbs]
        return [*self.breadcrumbs_items, *crumbs, {"url": "", "label": self.get_page_title()}]


def paginate(request, queryset, per_page=LIST_PAGE_SIZE):
    if not queryset.ordered:  # e.g. a search result: a stable order, or rows repeat or vanish across pages
        queryset = queryset.order_by("pk")
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return page, paginator.get_elided_page_range(page.number)
