"""Business types that use the approval engine, and the hooks the engine calls for them.

A business app registers its types once (in its AppConfig.ready):

    register_business_type("assistance.urban_dibao", label=_("Urban dibao"), on_approved=grant_dibao)

Hooks run inside the transaction of the decision: if one raises, the decision is rolled back.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BusinessType:
    business_type: str
    label: object
    on_approved: Callable | None = None  # (case, actor)
    on_rejected: Callable | None = None  # (case, actor)
    on_returned: Callable | None = None  # (case, actor)
    subject_url: Callable | None = None  # (case) -> admin URL of the business record, or None


_registry: dict[str, BusinessType] = {}


def register_business_type(
    business_type, *, label, on_approved=None, on_rejected=None, on_returned=None, subject_url=None
):
    entry = BusinessType(business_type, label, on_approved, on_rejected, on_returned, subject_url)
    _registry[business_type] = entry
    return entry


def unregister_business_type(business_type):
    """For tests that register a type of their own."""
    _registry.pop(business_type, None)


def get_business_type(business_type):
    return _registry.get(business_type)


def registered_business_types():
    return dict(_registry)


def business_type_label(business_type):
    entry = _registry.get(business_type)
    return entry.label if entry else business_type


def call_hook(case, hook_name, actor):
    entry = _registry.get(case.process.business_type)
    hook = getattr(entry, hook_name, None) if entry else None
    if hook is not None:
        hook(case, actor)


def subject_url(case):
    entry = _registry.get(case.process.business_type)
    if entry is None or entry.subject_url is None:
        return None
    return entry.subject_url(case)
