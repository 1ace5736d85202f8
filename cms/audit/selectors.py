"""Reading the audit log, scoped like everything else."""

from cms.audit.models import AuditEntry
from cms.orgs.scoping import scope_to_user


def audit_entries_for(user):
    return scope_to_user(AuditEntry.objects.select_related("org_unit", "object_type"), user)
