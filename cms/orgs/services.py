"""Changes to the organisation tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import CHILD_LEVEL, OrgLevel, OrgUnit, administrative_code_validator


@transaction.atomic
def create_org_unit(*, name, code, level, parent=None, actor=None):
    """Add a unit under `parent` (or a root city). Levels must follow city → district → street → community."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    administrative_code_validator(code)
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Administrative code %(code)s is already used.") % {"code": code}})
    if parent is None:
        if level != OrgLevel.CITY:
            raise ValidationError({"level": _("Only a city can be the top of the tree.")})
        unit = OrgUnit.add_root(name=name, code=code, level=level)
    else:
        expected = CHILD_LEVEL.get(parent.level)
        if expected is None or level != expected:
            raise ValidationError(
                {
                    "level": _("A %(parent)s cannot contain a %(child)s.")
                    % {"parent": OrgLevel(parent.level).label, "child": OrgLevel(level).label}
                }
            )
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
