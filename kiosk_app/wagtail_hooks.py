from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kiosk_app.admin_views import KioskMonitorView, KioskTokenView, KioskViewSet


@hooks.register("register_admin_viewset")
def register_kiosk_viewset():
    return KioskViewSet("kiosks")


@hooks.register("register_admin_urls")
def register_kiosk_urls():
    return [
        path("kiosks/<int:pk>/token/", KioskTokenView.as_view(), name="kiosk_token"),
        path("kiosk-monitor/", KioskMonitorView.as_view(), name="kiosk_monitor"),
    ]


class MonitorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("kiosk_app.view_kiosk")


@hooks.register("register_admin_menu_item")
def register_monitor_menu_item():
    return MonitorMenuItem(_("Kiosk monitor"), reverse("kiosk_monitor"), icon_name="view", order=251)
