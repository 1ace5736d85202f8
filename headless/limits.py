"""Limits on what one GraphQL request may ask for: nesting depth and an estimated cost.

The cost counts every field once, and the fields inside a paginated list once per item it may
return (its `pageSize`, the maximum when it comes from a variable). Both are checked before
anything runs, so an expensive query costs the server nothing.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError, ValidationRule, get_named_type, specified_rules
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, IntValueNode

from headless.selectors import MAX_PAGE_SIZE

DEFAULT_MAX_DEPTH = 8
DEFAULT_MAX_COST = 5000


def max_depth():
    return getattr(settings, "HEADLESS_MAX_DEPTH", DEFAULT_MAX_DEPTH)


def max_cost():
    return getattr(settings, "HEADLESS_MAX_COST", DEFAULT_MAX_COST)


def _page_size_of(field_node, field_def):
    for argument in field_node.arguments or ():
        if argument.name.value == "pageSize":
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return MAX_PAGE_SIZE  # a variable: assume the worst
    default = field_def.args["pageSize"].default_value
    return default if isinstance(default, int) else MAX_PAGE_SIZE


class QueryCostRule(ValidationRule):
    def enter_operation_definition(self, node, *_args):
        root_type = self.context.schema.get_root_type(node.operation)
        if root_type is None:
            return
        cost, depth = self._measure(node.selection_set, root_type, 1, frozenset())
        if depth > max_depth():
            self.report_error(
                GraphQLError(
                    _("The query is nested %(depth)s levels deep; at most %(max)s are allowed.")
                    % {"depth": depth, "max": max_depth()},
                    node,
                    extensions={"code": "QUERY_TOO_DEEP", "depth": depth, "max_depth": max_depth()},
                )
            )
        if cost > max_cost():
            self.report_error(
                GraphQLError(
                    _("The query would cost %(cost)s; at most %(max)s is allowed. Ask for fewer items or fields.")
                    % {"cost": cost, "max": max_cost()},
                    node,
                    extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "max_cost": max_cost()},
                )
            )

    def _measure(self, selection_set, parent_type, depth, fragments_seen):
        cost, deepest = 0, depth - 1
        if selection_set is None or depth > 50:
            return cost, deepest
        fields = getattr(parent_type, "fields", {})
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                deepest = max(deepest, depth)
                cost += 1
                field_def = fields.get(selection.name.value)
                if field_def is None or selection.selection_set is None:
                    continue  # introspection, typos (reported by other rules) and leaves
                multiplier = _page_size_of(selection, field_def) if "pageSize" in field_def.args else 1
                inner_cost, inner_depth = self._measure(
                    selection.selection_set, get_named_type(field_def.type), depth + 1, fragments_seen
                )
                cost += multiplier * inner_cost
                deepest = max(deepest, inner_depth)
            elif isinstance(selection, InlineFragmentNode):
                fragment_type = (
                    self.context.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent_type
                )
                inner_cost, inner_depth = self._measure(selection.selection_set, fragment_type, depth, fragments_seen)
                cost += inner_cost
                deepest = max(deepest, inner_depth)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in fragments_seen:
                    continue
                fragment_type = self.context.schema.get_type(fragment.type_condition.name.value)
                inner_cost, inner_depth = self._measure(
                    fragment.selection_set, fragment_type, depth, fragments_seen | {name}
                )
                cost += inner_cost
                deepest = max(deepest, inner_depth)
        return cost, deepest


class NoIntrospectionRule(ValidationRule):
    """Production does not describe its schema (`__typename` stays allowed: clients add it)."""

    def enter_field(self, node, *_args):
        name = node.name.value
        if name.startswith("__") and name != "__typename":
            self.report_error(
                GraphQLError(
                    _("Introspection is switched off on this server."),
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


def introspection_enabled():
    return getattr(settings, "HEADLESS_INTROSPECTION", settings.DEBUG)


def validation_rules():
    """GraphQL's own rules, cost and depth always, introspection only where it is switched on."""
    rules = [*specified_rules, QueryCostRule]
    if not introspection_enabled():
        rules.append(NoIntrospectionRule)
    return rules
