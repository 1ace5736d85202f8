"""Admin screen of static publishing: each site's last build, and buttons to bake it or stop baking it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from sites.publishing import selectors, services

MANAGE_PERMISSION = "static_publishing.change_bakedsite"


def user_may_manage_static_sites(user):
    return user.is_active and (user.is_superuser or user.has_perm(MANAGE_PERMISSION))


class StaticSitesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "static_publishing/static_sites.html"
    page_title = gettext_lazy("Static publishing")
    header_icon = "upload"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not user_may_manage_static_sites(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sites": selectors.sites_with_build_status()}

    def post(self, request, *args, **kwargs):
        site = get_object_or_404(Site, pk=request.POST.get("site"))
        if request.POST.get("action") == "remove":
            services.unbake_site(site, actor=request.user)
            messages.success(request, _("%(host)s is served by Django again.") % {"host": site.hostname})
        elif site.root_page.live:
            services.request_full_build(site, actor=request.user)
            messages.success(request, _("A full build of %(host)s has been queued.") % {"host": site.hostname})
        else:
            messages.error(request, _("%(host)s has no live home page to bake.") % {"host": site.hostname})
        return redirect("static_sites")
