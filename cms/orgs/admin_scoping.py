"""The scoping rule applied to Wagtail admin screens: a permission policy and an index-view mixin.

Every admin screen of an org-owned model uses these two, so lists, edits, deletes and
exports all stop at the user's subtree.
"""

from django.http import Http404
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from cms.orgs.models import OrgUnit
from cms.orgs.scoping import scope_to_user, user_can_access_org_unit

WRITE_ACTIONS = {"add", "change", "delete"}


def org_unit_of_instance(instance, via):
    if not via:
        return instance if isinstance(instance, OrgUnit) else None
    value = instance
    for part in via.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class OrgScopedPermissionPolicy(ModelPermissionPolicy):
    def __init__(self, model, *, via="org_unit", read_only=False):
        super().__init__(model)
        self.via = via
        self.read_only = read_only

    def user_has_permission(self, user, action):
        if self.read_only and action in WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_can_access_org_unit(
            user, org_unit_of_instance(instance, self.via)
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model._default_manager.none()
        return scope_to_user(self.model._default_manager.all(), user, via=self.via)


class ScopedIndexMixin:
    """For IndexView subclasses: list only rows in the user's subtree (also used by exports)."""

    scope_via = "org_unit"

    def get_base_queryset(self):
        return scope_to_user(super().get_base_queryset(), self.request.user, via=self.scope_via)


class ScopedObjectMixin:
    """For edit/delete/inspect views: an object outside the user's subtree does not exist for them."""

    scope_via = "org_unit"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not user_can_access_org_unit(self.request.user, org_unit_of_instance(instance, self.scope_via)):
            raise Http404
        return instance


def _scoped(view_class, mixin, scope_via):
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {"scope_via": scope_via})


class OrgScopedViewSet(ModelViewSet):
    """A ModelViewSet whose every view stops at the user's subtree.

    `scope_via` is the lookup from the model to its OrgUnit ("" for OrgUnit itself);
    `read_only` removes add, change and delete for everyone.
    """

    scope_via = "org_unit"
    read_only = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = _scoped(self.index_view_class, ScopedIndexMixin, self.scope_via)
        self.edit_view_class = _scoped(self.edit_view_class, ScopedObjectMixin, self.scope_via)
        self.delete_view_class = _scoped(self.delete_view_class, ScopedObjectMixin, self.scope_via)
        self.inspect_view_class = _scoped(self.inspect_view_class, ScopedObjectMixin, self.scope_via)
        self.history_view_class = _scoped(self.history_view_class, ScopedObjectMixin, self.scope_via)
        self.usage_view_class = _scoped(self.usage_view_class, ScopedObjectMixin, self.scope_via)

    @property
    def permission_policy(self):
        return OrgScopedPermissionPolicy(self.model, via=self.scope_via, read_only=self.read_only)
