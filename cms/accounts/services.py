"""Creating staff accounts with their org unit and role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.accounts.models import ROLE_LEVEL, Role, StaffProfile
from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel


def role_group(role):
    """The Django group that carries a role's admin permissions (created on first use)."""
    group, created = Group.objects.get_or_create(name=f"role:{role}")
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def check_role_fits_org_unit(role, org_unit):
    required = ROLE_LEVEL[Role(role)]
    if required is not None and org_unit.level != required:
        raise ValidationError(
            {
                "role": _("The role %(role)s belongs at the %(level)s level, not at %(unit)s.")
                % {"role": Role(role).label, "level": OrgLevel(required).label, "unit": org_unit.name}
            }
        )


@transaction.atomic
def create_staff_account(*, username, password, org_unit, role, full_name="", email="", phone="", actor=None):
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    check_role_fits_org_unit(role, org_unit)
    user = User(username=username, email=email, first_name=full_name)
    user.set_password(password)
    user.save()
    StaffProfile.objects.create(user=user, org_unit=org_unit, role=role, phone=phone)
    user.groups.add(role_group(role))
    record_audit("staff.create", actor=actor, obj=user, org_unit=org_unit, detail={"role": str(role)})
    return user
