"""Changes to the organisation tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import CHILD_LEVEL, OrgLevel, OrgUnit, administrative_code_validator


def validate_new_org_unit(*, name, code, level, parent=None):
    """Raise ValidationError (field → message) unless these values make a valid new unit."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter a name.")
    try:
        administrative_code_validator(code)
    except ValidationError as error:
        errors["code"] = error.messages[0]
    else:
        if OrgUnit.objects.filter(code=code).exists():
            errors["code"] = _("Administrative code %(code)s is already used.") % {"code": code}
    if level not in OrgLevel.values:
        errors["level"] = _("Choose a level.")
    elif parent is None and level != OrgLevel.CITY:
        errors["level"] = _("Only a city can be the top of the tree.")
    elif parent is not None and CHILD_LEVEL.get(parent.level) != level:
        errors["level"] = _("A %(parent)s cannot contain a %(child)s.") % {
            "parent": OrgLevel(parent.level).label,
            "child": OrgLevel(level).label,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_org_unit(*, name, code, level, parent=None, actor=None):
    """Add a unit under `parent` (or a root city). Levels must follow city → district → street → community."""
    validate_new_org_unit(name=name, code=code, level=level, parent=parent)
    name = name.strip()
    if parent is None:
        unit = OrgUnit.add_root(name=name, code=code, level=level)
    else:
        # Re-read the parent: treebeard needs its current child count.
        unit = OrgUnit.objects.get(pk=parent.pk).add_child(name=name, code=code, level=level)
    record_audit("org_unit.create", actor=actor, obj=unit, org_unit=unit)
    return unit


def get_or_create_org_unit(*, name, code, level, parent=None, actor=None):
    """Idempotent variant used by the demo loader and imports: codes identify units."""
    existing = OrgUnit.objects.filter(code=code).first()
    if existing is not None:
        return existing, False
    return create_org_unit(name=name, code=code, level=level, parent=parent, actor=actor), True
