from wagtail import hooks

from cms.audit.views import AuditEntryViewSet


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit_log")
