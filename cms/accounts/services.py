"""Creating staff accounts with their org unit and role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cms.accounts.models import ROLE_LEVEL, Role, StaffProfile
from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel

# Model permissions each role's group carries ("app_label.codename"). What a permission reaches
# is then limited to the user's subtree by the scoping rule.
MANAGER_PERMISSIONS = [
    "orgs.view_orgunit",
    "orgs.add_orgunit",
    "orgs.change_orgunit",
    "accounts.view_staffprofile",
    "accounts.add_staffprofile",
    "accounts.change_staffprofile",
    "audit.view_auditentry",
]
DATA_CENTRE_READ = [
    "datacenter.view_resident",
    "datacenter.view_household",
    "datacenter.view_building",
    "datacenter.view_house",
    "datacenter.view_areaorganisation",
]
DATA_CENTRE_WRITE = [
    *DATA_CENTRE_READ,
    "datacenter.add_resident",
    "datacenter.change_resident",
    "datacenter.add_household",
    "datacenter.change_household",
    "datacenter.add_building",
    "datacenter.change_building",
    "datacenter.add_house",
    "datacenter.change_house",
    "datacenter.add_areaorganisation",
    "datacenter.change_areaorganisation",
]
MODULE_RECORDS = [
    "business_modules.view_modulerecord",
    "business_modules.add_modulerecord",
    "business_modules.change_modulerecord",
]
MODULE_DESIGN = ["business_modules.change_businessmodule", *MODULE_RECORDS, "business_modules.delete_modulerecord"]
# Kiosks (查询机): registered and watched by the staff of their community and the units above it.
KIOSK_REGISTRY = ["kiosk_app.view_kiosk", "kiosk_app.add_kiosk", "kiosk_app.change_kiosk"]
AREA_MANAGER = [*MANAGER_PERMISSIONS, *DATA_CENTRE_WRITE, *MODULE_DESIGN, *KIOSK_REGISTRY]
# Approval engine: staff decide on cases waiting at their unit; the city defines the processes
# and keeps the calendar of holidays and make-up working days.
APPROVAL_WORK = ["approvals.view_approvalcase", "approvals.decide_approvalcase"]
APPROVAL_SETUP = [
    "approvals.view_approvalprocess",
    "approvals.add_approvalprocess",
    "approvals.change_approvalprocess",
    "approvals.view_workdayadjustment",
    "approvals.add_workdayadjustment",
    "approvals.change_workdayadjustment",
    "approvals.delete_workdayadjustment",
]
# Social assistance: communities take applications and do reviews; streets also file staff
# relatives; districts and the city set standards (调标), run payrolls and send bank files.
ASSISTANCE_WORK = [
    "assistance.view_assistancecase",
    "assistance.add_assistancecase",
    "assistance.change_assistancecase",
    "assistance.view_reviewtask",
    "assistance.change_reviewtask",
    "assistance.view_compliancefinding",
    "assistance.change_compliancefinding",
    "assistance.view_standard",
    "assistance.view_payrollrun",
]
ASSISTANCE_STREET = [*ASSISTANCE_WORK, "assistance.view_staffrelative", "assistance.add_staffrelative"]
ASSISTANCE_MANAGE = [
    *ASSISTANCE_STREET,
    "assistance.add_standard",
    "assistance.adjust_standard",
    "assistance.add_payrollrun",
    "assistance.change_payrollrun",
    "assistance.export_bank_file",
]
# Search synonyms serve the whole network, so the city keeps them.
SEARCH_SYNONYMS = [f"search.{action}_synonymgroup" for action in ("view", "add", "change", "delete")]
ROLE_PERMISSIONS = {
    Role.CITY_ADMIN: [*AREA_MANAGER, *APPROVAL_WORK, *APPROVAL_SETUP, *ASSISTANCE_MANAGE, *SEARCH_SYNONYMS],
    Role.DISTRICT_STAFF: [*AREA_MANAGER, *APPROVAL_WORK, *ASSISTANCE_MANAGE],
    Role.STREET_STAFF: [*AREA_MANAGER, *APPROVAL_WORK, *ASSISTANCE_STREET],
    # Full ID numbers are never part of a role: datacenter.view_full_id_number is granted to
    # named people explicitly, and every use of it is audited.
    Role.COMMUNITY_STAFF: [
        "orgs.view_orgunit",
        "audit.view_auditentry",
        *DATA_CENTRE_WRITE,
        *MODULE_RECORDS,
        *KIOSK_REGISTRY,
        *APPROVAL_WORK,
        *ASSISTANCE_WORK,
    ],
    Role.COMMUNITY_EDITOR: [],
    Role.DEPARTMENT_VIEWER: [
        "orgs.view_orgunit",
        *DATA_CENTRE_READ,
        "business_modules.view_modulerecord",
        "approvals.view_approvalcase",
        "assistance.view_assistancecase",
        "assistance.view_payrollrun",
    ],
}


def role_group(role):
    """The Django group that carries a role's admin permissions (kept in step with ROLE_PERMISSIONS)."""
    group, _created = Group.objects.get_or_create(name=f"role:{role}")
    sync_role_group(group, role)
    return group


def sync_role_group(group, role):
    wanted = ["wagtailadmin.access_admin", *ROLE_PERMISSIONS[Role(role)]]
    condition = Q()
    for label, codename in (name.split(".") for name in wanted):
        condition |= Q(content_type__app_label=label, codename=codename)
    group.permissions.set(Permission.objects.filter(condition))


def sync_all_role_groups(**_signal_kwargs):
    """After migrations: existing role groups get the permissions ROLE_PERMISSIONS now lists."""
    for group in Group.objects.filter(name__startswith="role:"):
        role = group.name.removeprefix("role:")
        if role in Role.values:
            sync_role_group(group, role)


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


@transaction.atomic
def change_staff_assignment(profile, *, org_unit, role, phone="", actor=None):
    check_role_fits_org_unit(role, org_unit)
    previous = {"org_unit": profile.org_unit.code, "role": profile.role}
    user = profile.user
    if profile.role != role:
        user.groups.remove(role_group(profile.role))
        user.groups.add(role_group(role))
    profile.org_unit, profile.role, profile.phone = org_unit, role, phone
    profile.save()
    record_audit(
        "staff.change",
        actor=actor,
        obj=user,
        org_unit=org_unit,
        detail={"before": previous, "after": {"org_unit": org_unit.code, "role": str(role)}},
    )
    return profile
