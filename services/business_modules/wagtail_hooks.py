"""Admin integration of business modules: their URLs and the "Business modules" menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from services.business_modules import urls
from services.business_modules.permissions import user_sees_business_modules


@hooks.register("register_admin_urls")
def register_business_module_urls():
    return [path("business-modules/", include(urls, namespace="business_modules"))]


class BusinessModulesMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_business_modules(request.user)


@hooks.register("register_admin_menu_item")
def register_business_modules_menu_item():
    return BusinessModulesMenuItem(
        _("Business modules"), reverse("business_modules:index"), icon_name="table", order=400
    )
