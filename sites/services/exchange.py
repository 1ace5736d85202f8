"""Exchange between levels: pushing notices down the org tree, updating and withdrawing them.

Each operation is one row change in one transaction, audited, updates the search index in the same
transaction (search/indexing.py: a withdrawn notice leaves search with the commit), and bumps the
page cache so every community site shows the change at once.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel
from cms.orgs.scoping import org_unit_of, sees_everything, user_can_access_org_unit
from cms.page_cache import invalidate_public_pages
from search.indexing import update_pushed_notice_index

PUSHING_LEVELS = {OrgLevel.CITY, OrgLevel.DISTRICT, OrgLevel.STREET}
EDITABLE_FIELDS = ("title", "summary", "body", "pinned", "valid_until")


def sender_unit_for(user):
    """The unit a user pushes as: their own org unit, if it is a street, district or the city."""
    unit = org_unit_of(user)
    if unit is None or unit.level not in PUSHING_LEVELS:
        return None
    return unit


def validate_pushed_fields(*, title, valid_until):
    errors = {}
    if not (title or "").strip():
        errors["title"] = ValidationError(_("Enter a title."), code="required")
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = ValidationError(_("The valid-until date cannot be in the past."), code="past_date")
    return errors


def push_notice(*, actor, target, title, summary="", body=None, pinned=False, valid_until=None, sender=None):
    """Send a notice to every community site at or below `target` (下发通知)."""
    from sites.models import PushedNotice

    sender = sender if sender is not None and sees_everything(actor) else sender_unit_for(actor)
    errors = validate_pushed_fields(title=title, valid_until=valid_until)
    if sender is None:
        errors["target"] = ValidationError(
            _("Only street, district and city staff can push notices down."), code="not_a_sender"
        )
    elif target is None:
        errors["target"] = ValidationError(_("Choose the units to send the notice to."), code="required")
    elif not sender.contains(target):
        errors["target"] = ValidationError(
            _("You can only send notices to units in your own area."), code="outside_area"
        )
    if errors:
        record_audit(
            "exchange.push",
            actor=actor,
            org_unit=sender,
            success=False,
            detail={"errors": {field: error.code for field, error in errors.items()}},
        )
        raise ValidationError(errors)
    with transaction.atomic():
        notice = PushedNotice.objects.create(
            sender=sender,
            target=target,
            title=title.strip(),
            summary=summary or "",
            body=body or [],
            pinned=pinned,
            valid_until=valid_until,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_audit("exchange.push", actor=actor, obj=notice, org_unit=sender, detail={"target": target.code})
        update_pushed_notice_index(notice)
        transaction.on_commit(invalidate_public_pages)
    return notice


def check_sender_access(actor, notice):
    if not user_can_access_org_unit(actor, notice.sender):
        raise ValidationError({"__all__": _("This notice was sent by a unit outside your area.")})
    if notice.is_withdrawn:
        raise ValidationError({"__all__": _("This notice has been withdrawn.")})


def update_pushed_notice(notice, *, actor, **changes):
    """Change a pushed notice; every site that shows it shows the new text at once."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    check_sender_access(actor, notice)
    errors = validate_pushed_fields(
        title=changes.get("title", notice.title), valid_until=changes.get("valid_until", notice.valid_until)
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for field, value in changes.items():
            setattr(notice, field, value.strip() if field == "title" else value)
        notice.save()
        record_audit(
            "exchange.push.update", actor=actor, obj=notice, org_unit=notice.sender, detail={"fields": sorted(changes)}
        )
        update_pushed_notice_index(notice)
        transaction.on_commit(invalidate_public_pages)
    return notice


def withdraw_pushed_notice(notice, *, actor):
    """Take a pushed notice off every site at once."""
    check_sender_access(actor, notice)
    with transaction.atomic():
        notice.withdrawn_at = timezone.now()
        notice.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
        notice.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        record_audit("exchange.push.withdraw", actor=actor, obj=notice, org_unit=notice.sender)
        update_pushed_notice_index(notice)
        transaction.on_commit(invalidate_public_pages)
    return notice
