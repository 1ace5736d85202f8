"""Who may define business modules and who may work with their records.

Defining a module (its fields, rules and statistics) takes `business_modules.change_businessmodule`
and reaches only modules owned inside the user's subtree. Records take the model permissions of
ModuleRecord (view/add/change/delete); which records is always limited by the scoping rule.
"""

from cms.orgs.scoping import user_can_access_org_unit

DEFINE_PERMISSION = "business_modules.change_businessmodule"


def user_may_define_modules(user):
    return user.is_authenticated and user.has_perm(DEFINE_PERMISSION)


def user_may_define(user, module):
    return user_may_define_modules(user) and user_can_access_org_unit(user, module.org_unit)


def user_may_use_records(user, action="view"):
    return user.is_authenticated and user.has_perm(f"business_modules.{action}_modulerecord")


def user_sees_business_modules(user):
    return user_may_define_modules(user) or user_may_use_records(user, "view")
