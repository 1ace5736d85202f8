"""The kiosk registry in the admin: kiosks of the user's area, their device tokens (shown once), and
a monitor of what every kiosk shows and which are offline."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.orgs.admin_scoping import OrgScopedViewSet
from cms.orgs.models import OrgLevel
from cms.orgs.scoping import visible_org_units
from kiosk_app import selectors, services
from kiosk_app.models import Kiosk


class KioskIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("org_unit")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(_("Device token"), url=reverse("kiosk_token", args=[instance.pk]), icon_name="key", priority=15),
        ]


class KioskForm(WagtailAdminModelForm):
    """Staff bind a kiosk only to a community of their own area (the list, edit and token screens
    stop there too, so a kiosk cannot be registered, or moved, out of reach)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        communities = visible_org_units(for_user).filter(level=OrgLevel.COMMUNITY).order_by("path")
        self.fields["org_unit"].queryset = communities


class KioskViewSet(OrgScopedViewSet):
    model = Kiosk
    icon = "desktop"
    menu_label = _("Kiosks")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = KioskIndexView
    list_display = ["name", "org_unit", "location", "orientation", "status_label", "last_heartbeat_at", "app_version"]
    list_filter = ["orientation", "is_active"]
    search_fields = ["name", "location"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(Kiosk.panels, base_form_class=KioskForm)


class KioskTokenView(WagtailAdminTemplateMixin, TemplateView):
    """Issues a new device token. The clear token appears only in the response to that POST."""

    template_name = "kiosk_app/admin/token.html"
    header_icon = "key"

    def dispatch(self, request, pk):
        if not request.user.has_perm("kiosk_app.change_kiosk"):
            raise PermissionDenied
        # Another area's kiosk does not exist for the user, as on the edit screen.
        self.kiosk = get_object_or_404(selectors.kiosks_for_user(request.user), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Device token of %(kiosk)s") % {"kiosk": self.kiosk.name}

    def get_context_data(self, *, clear_token=None, **kwargs):
        kiosk_url = self.request.build_absolute_uri(f"/kiosk/{clear_token}/") if clear_token else None
        return super().get_context_data(kiosk=self.kiosk, clear_token=clear_token, kiosk_url=kiosk_url, **kwargs)

    def post(self, request, pk):
        clear = services.issue_token(self.kiosk, actor=request.user)
        response = self.render_to_response(self.get_context_data(clear_token=clear))
        response["Cache-Control"] = "no-store"
        return response


class KioskMonitorView(WagtailAdminTemplateMixin, TemplateView):
    """Every kiosk of the user's area at a glance: online or not, version, screen and screenshot."""

    template_name = "kiosk_app/admin/monitor.html"
    header_icon = "desktop"
    page_title = _("Kiosk monitor")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("kiosk_app.view_kiosk"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kiosks = list(selectors.kiosks_for_user(self.request.user))
        return super().get_context_data(
            kiosks=kiosks, offline_count=sum(1 for kiosk in kiosks if not kiosk.is_online), **kwargs
        )
