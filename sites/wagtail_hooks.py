"""Admin integration: the site wizard menu item, and keeping editors inside their own sites."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites import views
from sites.permissions import can_see_page, limit_pages_to_permitted_trees
from sites.services.site_builder import user_may_build_sites


@hooks.register("register_admin_urls")
def register_site_wizard_url():
    return [path("sites/new/", views.site_wizard, name="site_wizard")]


class SiteWizardMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_build_sites(request.user)


@hooks.register("register_admin_menu_item")
def register_site_wizard_menu_item():
    return SiteWizardMenuItem(_("Build a site"), reverse("site_wizard"), icon_name="site", order=250)


@hooks.register("construct_page_chooser_queryset")
def keep_page_chooser_inside_own_sites(pages, request):
    return limit_pages_to_permitted_trees(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def keep_explorer_inside_own_sites(parent_page, pages, request):
    return limit_pages_to_permitted_trees(pages, request.user)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_copy_page")
@hooks.register("before_move_page")
def refuse_pages_of_other_sites(request, page, *args):
    if not can_see_page(request.user, page):
        raise PermissionDenied
