"""The one scoping rule: a user sees the records of their org unit and everything below it.

Every list, export, API and chooser that shows org-owned records goes through
`scope_to_user`, so the rule lives in exactly one place.
"""

from django.db.models import Q

from cms.orgs.models import OrgUnit


def org_unit_of(user):
    """The org unit a user's scope starts from, or None if they have none (and so see nothing)."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_scope_org_unit", False)
    if cached is not False:
        return cached
    profile = getattr(user, "staff_profile", None)
    unit = profile.org_unit if profile is not None else None
    user._scope_org_unit = unit
    return unit


def sees_everything(user):
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def scope_to_user(queryset, user, *, via="org_unit"):
    """Limit `queryset` to rows whose org unit lies in the user's subtree.

    `via` is the lookup path from the queryset's model to an OrgUnit (e.g. "org_unit",
    "household__org_unit"); pass via="" when the queryset is of OrgUnit itself.
    """
    if sees_everything(user):
        return queryset
    unit = org_unit_of(user)
    if unit is None:
        return queryset.none()
    return scope_to_org_unit(queryset, unit, via=via)


def within_org_unit(unit, *, via="org_unit"):
    """The condition "belongs to `unit` or a unit below it", for combining with other filters."""
    prefix = f"{via}__" if via else ""
    return Q(**{f"{prefix}path__startswith": unit.path})


def scope_to_org_unit(queryset, unit, *, via="org_unit"):
    """Limit `queryset` to `unit`'s subtree: the rule above for holders that are not users
    (exchange partners, a unit chosen in a filter or a statistics page)."""
    return queryset.filter(within_org_unit(unit, via=via))


def visible_org_units(user):
    return scope_to_user(OrgUnit.objects.all(), user, via="")


def user_can_access_org_unit(user, org_unit):
    if org_unit is None:
        return False
    if sees_everything(user):
        return True
    unit = org_unit_of(user)
    return unit is not None and unit.contains(org_unit)
