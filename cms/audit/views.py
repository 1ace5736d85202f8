"""Admin screens of the audit log: read-only, scoped to the user's subtree, exportable to Excel."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView

from cms.audit.models import AuditEntry
from cms.orgs.admin_scoping import OrgScopedViewSet


class AuditIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("org_unit")


class AuditEntryViewSet(OrgScopedViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 9000
    add_to_settings_menu = True
    index_view_class = AuditIndexView
    list_display = ["at", "actor_name", "action", "object_repr", "org_unit", "ip_address", "success"]
    list_filter = ["action", "success", "at"]
    search_fields = ["actor_name", "action", "object_repr"]
    list_export = ["at", "actor_name", "action", "object_repr", "org_unit", "ip_address", "success"]
    export_filename = "audit-log"
    inspect_view_enabled = True
    form_fields = ["action"]  # never used: the policy allows no add/change/delete
    copy_view_enabled = False
    ordering = ["-at", "-id"]
    list_per_page = 50
    read_only = True
