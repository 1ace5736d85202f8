"""Writing audit entries. Call inside the transaction of the change so both commit or neither."""

from django.contrib.contenttypes.models import ContentType

from cms.audit.middleware import current_ip
from cms.audit.models import AuditEntry


def record_audit(action, *, actor=None, obj=None, org_unit=None, success=True, ip=None, detail=None):
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        org_unit=org_unit,
        ip_address=ip or current_ip(),
        success=success,
        detail=detail or {},
    )
    if obj is not None:
        entry.object_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def record_view(actor, obj, *, org_unit=None, detail=None):
    """Record that `actor` saw a sensitive record (e.g. an unmasked ID number)."""
    return record_audit("view", actor=actor, obj=obj, org_unit=org_unit, detail=detail)
