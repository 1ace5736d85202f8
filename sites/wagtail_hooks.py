"""Admin integration: the site wizard menu item, and keeping editors inside their own sites."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from sites import exchange_views, views
from sites.permissions import can_see_page, limit_pages_to_permitted_trees
from sites.services.site_builder import user_may_build_sites


@hooks.register("register_admin_urls")
def register_site_wizard_url():
    return [path("sites/new/", views.site_wizard, name="site_wizard")]


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [
        path("exchange/pushed/", exchange_views.PushedNoticeListView.as_view(), name="pushed_notices"),
        path("exchange/pushed/new/", exchange_views.PushNoticeView.as_view(), name="push_notice"),
        path("exchange/pushed/<int:pk>/", exchange_views.PushNoticeView.as_view(), name="edit_pushed_notice"),
        path(
            "exchange/pushed/<int:pk>/withdraw/",
            exchange_views.withdraw_pushed_notice,
            name="withdraw_pushed_notice",
        ),
        path("exchange/submit/<int:page_id>/", exchange_views.SubmitToPortalView.as_view(), name="submit_to_portal"),
        path("exchange/submissions/", exchange_views.SubmissionListView.as_view(), name="portal_submissions"),
    ]


class StaffMenuItem(MenuItem):
    """Shown to staff with an org unit (and superusers); the screens scope what they show."""

    def is_shown(self, request):
        return request.user.is_superuser or getattr(request.user, "staff_profile", None) is not None


@hooks.register("register_admin_menu_item")
def register_pushed_notices_menu_item():
    return StaffMenuItem(_("Notices pushed down"), reverse("pushed_notices"), icon_name="doc-full", order=260)


@hooks.register("register_admin_menu_item")
def register_portal_submissions_menu_item():
    return StaffMenuItem(_("Portal submissions"), reverse("portal_submissions"), icon_name="upload", order=270)


@hooks.register("register_page_header_buttons")
def submit_to_portal_button(page, user, view_name, next_url=None):
    from sites.services.submissions import portal_section_for

    if can_see_page(user, page) and page.live and portal_section_for(page.specific) is not None:
        if not page.path.startswith(portal_path()):
            yield Button(_("Submit to the portal"), reverse("submit_to_portal", args=[page.pk]), priority=80)


def portal_path():
    from sites.models import PortalHomePage

    portal = PortalHomePage.objects.only("path").first()
    return portal.path if portal else "-"


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
