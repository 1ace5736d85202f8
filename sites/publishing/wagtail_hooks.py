"""Admin integration: the static publishing screen in the settings menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.publishing import views


@hooks.register("register_admin_urls")
def register_static_sites_url():
    return [path("static-sites/", views.StaticSitesView.as_view(), name="static_sites")]


class StaticSitesMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_may_manage_static_sites(request.user)


@hooks.register("register_settings_menu_item")
def register_static_sites_menu_item():
    return StaticSitesMenuItem(_("Static publishing"), reverse("static_sites"), icon_name="upload", order=900)
