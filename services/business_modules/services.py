"""Changes to business modules: defining modules, fields and statistics; validating and saving records.

Every change runs in a transaction and writes the audit log. Record values are validated here and
nowhere else, so the admin form, imports and any API give the same answers.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.dateparse import parse_date
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.scoping import scope_to_user, user_can_access_org_unit
from services.business_modules.models import (
    FILTERABLE_KINDS,
    GROUPABLE_KINDS,
    LINKED_MODELS,
    Aggregate,
    BusinessModule,
    FieldKind,
    GroupBy,
    ModuleField,
    ModuleRecord,
    ModuleRecordFile,
    ModuleStatistic,
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Names the record and filter forms use for their own inputs.
RESERVED_KEYS = {"org_unit", "q", "p", "id", "page", "export"}
MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_FILE_SUFFIXES = {
    ".pdf",
    ".ofd",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".txt",
    ".csv",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".zip",
}
TRUE_WORDS = {"true", "1", "yes", "y", "on", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "否"}
FIELD_OPTIONS = (
    "label",
    "help_text",
    "required",
    "choices",
    "min_value",
    "max_value",
    "max_length",
    "pattern",
    "pattern_message",
    "min_date",
    "max_date",
    "show_in_list",
    "is_filter",
)


# --- modules ----------------------------------------------------------------------------------


def _check_owner_unit(actor, org_unit):
    if org_unit is None or (actor is not None and not user_can_access_org_unit(actor, org_unit)):
        raise ValidationError({"org_unit": _("Choose an org unit in your area.")})


def _unique_slug(name, slug="", exclude_pk=None):
    base = slugify(slug or name, allow_unicode=True)[:90] or "module"
    candidate, number = base, 2
    others = BusinessModule.objects.exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@transaction.atomic
def create_module(*, name, org_unit, actor=None, description="", slug=""):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    _check_owner_unit(actor, org_unit)
    module = BusinessModule.objects.create(
        name=name,
        slug=_unique_slug(name, slug),
        description=(description or "").strip(),
        org_unit=org_unit,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_audit("business_module.create", actor=actor, obj=module, org_unit=org_unit, detail={"name": name})
    return module


@transaction.atomic
def update_module(module, *, name, description="", actor=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    before = {"name": module.name, "description": module.description}
    module.name, module.description = name, (description or "").strip()
    module.save(update_fields=["name", "description", "updated_at"])
    record_audit(
        "business_module.change",
        actor=actor,
        obj=module,
        org_unit=module.org_unit,
        detail={"before": before, "after": {"name": module.name, "description": module.description}},
    )
    return module


# --- fields -----------------------------------------------------------------------------------


def _clean_field_options(kind, options):
    """Check a field definition and drop the rules that do not apply to its kind."""
    errors = {}
    cleaned = {name: options.get(name) for name in FIELD_OPTIONS if name in options}
    if "label" in cleaned:
        cleaned["label"] = (cleaned["label"] or "").strip()
        if not cleaned["label"]:
            errors["label"] = _("Enter a label.")
    choices = [str(choice).strip() for choice in (cleaned.get("choices") or []) if str(choice).strip()]
    if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
        if not choices:
            errors["choices"] = _("Enter at least one choice.")
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Each choice may appear only once.")
    cleaned["choices"] = choices if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) else []
    if kind == FieldKind.NUMBER:
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low > high:
            errors["max_value"] = _("The maximum must not be below the minimum.")
    else:
        cleaned["min_value"] = cleaned["max_value"] = None
    if kind == FieldKind.DATE:
        low, high = cleaned.get("min_date"), cleaned.get("max_date")
        if low is not None and high is not None and low > high:
            errors["max_date"] = _("The latest date must not be before the earliest date.")
    else:
        cleaned["min_date"] = cleaned["max_date"] = None
    if kind == FieldKind.TEXT:
        pattern = (cleaned.get("pattern") or "").strip()
        if pattern:
            try:
                re.compile(pattern)
            except re.error:
                errors["pattern"] = _("This is not a valid regular expression.")
        cleaned["pattern"] = pattern
        cleaned["pattern_message"] = (cleaned.get("pattern_message") or "").strip()
    else:
        cleaned["pattern"] = cleaned["pattern_message"] = ""
        cleaned["max_length"] = None
    if cleaned.get("is_filter") and kind not in FILTERABLE_KINDS:
        errors["is_filter"] = _("Fields of this kind cannot be used as a query filter.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_key(module):
    taken = set(module.fields.values_list("key", flat=True))
    number = len(taken) + 1
    while f"f{number}" in taken:
        number += 1
    return f"f{number}"


@transaction.atomic
def add_field(module, *, label, kind, actor=None, key="", **options):
    """Add a field; its key (given or generated) is fixed for good, the label can change later."""
    if kind not in FieldKind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    key = (key or "").strip()
    if key:
        if not KEY_PATTERN.match(key) or len(key) > 40 or key in RESERVED_KEYS:
            raise ValidationError(
                {"key": _("A key has lower-case letters, digits and single underscores, and starts with a letter.")}
            )
        if module.fields.filter(key=key).exists():
            raise ValidationError({"key": _("This module already has a field with the key %(key)s.") % {"key": key}})
    else:
        key = _next_key(module)
    cleaned = _clean_field_options(kind, {**options, "label": label})
    position = (module.fields.aggregate(last=Max("position"))["last"] or 0) + 1
    field = ModuleField.objects.create(module=module, key=key, kind=kind, position=position, **cleaned)
    module.forget_fields()
    record_audit(
        "business_module.field.add",
        actor=actor,
        obj=module,
        org_unit=module.org_unit,
        detail={"key": key, "label": field.label, "kind": kind},
    )
    return field


@transaction.atomic
def update_field(field, *, actor=None, **options):
    """Change a field's label, rules and flags. Its key and kind stay: the stored values depend on them."""
    cleaned = _clean_field_options(field.kind, options)
    before = {name: _jsonable(getattr(field, name)) for name in cleaned}
    for name, value in cleaned.items():
        setattr(field, name, value)
    field.save()
    field.module.forget_fields()
    record_audit(
        "business_module.field.change",
        actor=actor,
        obj=field.module,
        org_unit=field.module.org_unit,
        detail={"key": field.key, "before": before, "after": {name: _jsonable(v) for name, v in cleaned.items()}},
    )
    return field


def _jsonable(value):
    if isinstance(value, Decimal | date):
        return str(value)
    return value


@transaction.atomic
def set_field_retired(field, retired, *, actor=None):
    """Retire (hide from forms, lists and filters) or bring back a field; stored values stay either way."""
    field.retired = bool(retired)
    field.save(update_fields=["retired"])
    field.module.forget_fields()
    record_audit(
        "business_module.field.retire" if retired else "business_module.field.restore",
        actor=actor,
        obj=field.module,
        org_unit=field.module.org_unit,
        detail={"key": field.key, "label": field.label},
    )
    return field


@transaction.atomic
def move_field(field, offset, *, actor=None):
    """Move a field `offset` places up (negative) or down among its module's fields."""
    fields = list(field.module.fields.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(fields) if other.pk == field.pk)
    target = max(0, min(len(fields) - 1, index + offset))
    fields.insert(target, fields.pop(index))
    for position, other in enumerate(fields, start=1):
        other.position = position
    ModuleField.objects.bulk_update(fields, ["position"])
    field.module.forget_fields()
    record_audit(
        "business_module.field.move",
        actor=actor,
        obj=field.module,
        org_unit=field.module.org_unit,
        detail={"order": [other.key for other in fields]},
    )


# --- statistics -------------------------------------------------------------------------------


def _clean_statistic(module, *, label, aggregate, value_field, group_by, group_field):
    errors = {}
    label = (label or "").strip()
    if not label:
        errors["label"] = _("Enter a label.")
    if aggregate not in Aggregate.values:
        errors["aggregate"] = _("Choose what to compute.")
    if aggregate in (Aggregate.SUM, Aggregate.AVERAGE):
        if value_field is None or value_field.module_id != module.pk or value_field.kind != FieldKind.NUMBER:
            errors["value_field"] = _("Choose a number field of this module to sum or average.")
    else:
        value_field = None
    group_by = group_by or ""
    if group_by not in GroupBy.values:
        errors["group_by"] = _("Choose how to group.")
    if group_by == GroupBy.FIELD:
        if group_field is None or group_field.module_id != module.pk or group_field.kind not in GROUPABLE_KINDS:
            errors["group_field"] = _("Choose a text, date, choice or yes/no field of this module to group by.")
    else:
        group_field = None
    if errors:
        raise ValidationError(errors)
    return {
        "label": label,
        "aggregate": aggregate,
        "value_field": value_field,
        "group_by": group_by,
        "group_field": group_field,
    }


@transaction.atomic
def add_statistic(module, *, actor=None, **definition):
    cleaned = _clean_statistic(module, **definition)
    position = (module.statistics.aggregate(last=Max("position"))["last"] or 0) + 1
    statistic = ModuleStatistic.objects.create(module=module, position=position, **cleaned)
    record_audit(
        "business_module.statistic.add",
        actor=actor,
        obj=module,
        org_unit=module.org_unit,
        detail={"statistic": statistic.pk, "label": statistic.label},
    )
    return statistic


@transaction.atomic
def update_statistic(statistic, *, actor=None, **definition):
    cleaned = _clean_statistic(statistic.module, **definition)
    for name, value in cleaned.items():
        setattr(statistic, name, value)
    statistic.save()
    record_audit(
        "business_module.statistic.change",
        actor=actor,
        obj=statistic.module,
        org_unit=statistic.module.org_unit,
        detail={"statistic": statistic.pk, "label": statistic.label},
    )
    return statistic


@transaction.atomic
def delete_statistic(statistic, *, actor=None):
    module = statistic.module
    record_audit(
        "business_module.statistic.delete",
        actor=actor,
        obj=module,
        org_unit=module.org_unit,
        detail={"statistic": statistic.pk, "label": statistic.label},
    )
    statistic.delete()


# --- record values ----------------------------------------------------------------------------


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == ()


def _clean_text(field, value):
    text = str(value).strip()
    if field.max_length and len(text) > field.max_length:
        raise ValidationError(
            _("Enter at most %(count)s characters (you entered %(length)s).")
            % {"count": field.max_length, "length": len(text)}
        )
    if field.pattern and not re.fullmatch(field.pattern, text):
        raise ValidationError(field.pattern_message or _("This value does not have the expected format."))
    return text


def _clean_number(field, value):
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Enter a number.")) from error
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if field.min_value is not None and number < field.min_value:
        raise ValidationError(_("Enter a number of at least %(min)s.") % {"min": _plain_number(field.min_value)})
    if field.max_value is not None and number > field.max_value:
        raise ValidationError(_("Enter a number of at most %(max)s.") % {"max": _plain_number(field.max_value)})
    # JSON numbers: whole numbers as int, others as float (what Cast and jsonb comparisons read back).
    return int(number) if number == number.to_integral_value() else float(number)


def _plain_number(number):
    number = Decimal(number)
    return str(number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize())


def _clean_date(field, value):
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            value = parse_date(text)
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(_("Enter a date such as 2024-03-08."))
    if field.min_date and value < field.min_date:
        raise ValidationError(_("Enter a date on or after %(date)s.") % {"date": field.min_date.isoformat()})
    if field.max_date and value > field.max_date:
        raise ValidationError(_("Enter a date on or before %(date)s.") % {"date": field.max_date.isoformat()})
    return value.isoformat()


def _clean_choice(field, value):
    text = str(value).strip()
    if text not in field.choice_values:
        raise ValidationError(_("%(value)s is not one of the choices.") % {"value": text})
    return text


def _clean_multi_choice(field, value):
    values = [value] if isinstance(value, str) else list(value)
    chosen = {str(item).strip() for item in values if str(item).strip()}
    unknown = sorted(chosen - set(field.choice_values))
    if unknown:
        raise ValidationError(_("%(value)s is not one of the choices.") % {"value": "、".join(unknown)})
    return [choice for choice in field.choice_values if choice in chosen]


def _clean_boolean(field, value):
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Answer yes or no."))


def linked_model(kind):
    """The data-centre model a resident/household field links to (raises LookupError until it exists)."""
    return apps.get_model(LINKED_MODELS[kind])


def _clean_linked(field, value, *, user, org_unit):
    try:
        model = linked_model(field.kind)
    except LookupError as error:
        raise ValidationError(_("The data centre is not available yet.")) from error
    pk = getattr(value, "pk", value)
    try:
        pk = int(str(pk).strip())
    except ValueError as error:
        raise ValidationError(_("Enter the number of a record in the data centre.")) from error
    linked = model._default_manager.filter(pk=pk)
    if user is not None:
        linked = scope_to_user(linked, user)
    linked = linked.select_related("org_unit").first()
    if linked is None:
        raise ValidationError(_("No %(what)s with number %(pk)s in your area.") % {"what": field.label, "pk": pk})
    if org_unit is not None and not org_unit.contains(linked.org_unit):
        raise ValidationError(
            _("%(linked)s belongs to %(unit)s, not to %(record_unit)s.")
            % {"linked": linked, "unit": linked.org_unit, "record_unit": org_unit}
        )
    return linked.pk


def _clean_file(field, value, *, record):
    if isinstance(value, UploadedFile):
        if value.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 1024 // 1024})
        if Path(value.name or "").suffix.lower() not in ALLOWED_FILE_SUFFIXES:
            raise ValidationError(
                _("Upload one of these kinds of file: %(kinds)s.") % {"kinds": " ".join(sorted(ALLOWED_FILE_SUFFIXES))}
            )
        return value  # saved by create_record/update_record once everything else is valid
    # Only the file this record already holds may be kept; ids of other records' files are refused.
    current = record.data.get(field.key) if record is not None else None
    if current is not None and str(value) == str(current):
        return current
    raise ValidationError(_("Upload a file."))


def validate_record_data(module, data, *, user=None, org_unit=None, record=None):
    """Return the cleaned values of the module's active fields, or raise ValidationError keyed by field key.

    `data` maps field keys to raw values (strings from a form or an import, or Python values).
    Links to residents and households must exist, be visible to `user` and lie in `org_unit`'s subtree.
    Empty values are left out of the result.
    """
    errors, cleaned = {}, {}
    for field in module.active_fields():
        value = data.get(field.key)
        if _is_empty(value):
            if field.required:
                errors[field.key] = [_("%(label)s is required.") % {"label": field.label}]
            continue
        try:
            if field.kind == FieldKind.TEXT:
                cleaned[field.key] = _clean_text(field, value)
            elif field.kind == FieldKind.NUMBER:
                cleaned[field.key] = _clean_number(field, value)
            elif field.kind == FieldKind.DATE:
                cleaned[field.key] = _clean_date(field, value)
            elif field.kind == FieldKind.CHOICE:
                cleaned[field.key] = _clean_choice(field, value)
            elif field.kind == FieldKind.MULTI_CHOICE:
                cleaned[field.key] = _clean_multi_choice(field, value)
                if not cleaned[field.key] and field.required:
                    raise ValidationError(_("%(label)s is required.") % {"label": field.label})
            elif field.kind == FieldKind.BOOLEAN:
                cleaned[field.key] = _clean_boolean(field, value)
            elif field.kind in LINKED_MODELS:
                cleaned[field.key] = _clean_linked(field, value, user=user, org_unit=org_unit)
            elif field.kind == FieldKind.FILE:
                cleaned[field.key] = _clean_file(field, value, record=record)
        except ValidationError as error:
            errors[field.key] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_record_org_unit(module, org_unit, user):
    """A record belongs to a unit inside both the module's owner subtree and the user's own subtree."""
    if org_unit is None or not module.org_unit.contains(org_unit) or not user_can_access_org_unit(user, org_unit):
        raise ValidationError({"org_unit": _("Choose an org unit in your area that uses this module.")})


def _store_files(module, org_unit, cleaned, actor):
    for key, value in cleaned.items():
        if isinstance(value, UploadedFile):
            stored = ModuleRecordFile(
                module=module,
                org_unit=org_unit,
                name=Path(value.name).name[:255],
                size=value.size,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            stored.file.save(Path(value.name).name, value, save=False)
            stored.save()
            cleaned[key] = stored.pk
    return cleaned


@transaction.atomic
def create_record(module, *, org_unit, data, actor):
    check_record_org_unit(module, org_unit, actor)
    cleaned = validate_record_data(module, data, user=actor, org_unit=org_unit)
    cleaned = _store_files(module, org_unit, cleaned, actor)
    user = actor if getattr(actor, "is_authenticated", False) else None
    record = ModuleRecord.objects.create(
        module=module, org_unit=org_unit, data=cleaned, created_by=user, updated_by=user
    )
    record_audit(
        "business_module.record.create", actor=actor, obj=record, org_unit=org_unit, detail={"module": module.pk}
    )
    return record


@transaction.atomic
def update_record(record, *, data, actor, org_unit=None):
    """Replace the values of active fields; values of retired (or unknown) keys are kept as they were."""
    module = record.module
    org_unit = org_unit or record.org_unit
    if not user_can_access_org_unit(actor, record.org_unit):
        raise ValidationError({"org_unit": _("This record is outside your area.")})
    check_record_org_unit(module, org_unit, actor)
    cleaned = validate_record_data(module, data, user=actor, org_unit=org_unit, record=record)
    cleaned = _store_files(module, org_unit, cleaned, actor)
    active_keys = {field.key for field in module.active_fields()}
    before = record.data
    record.data = {
        **{key: value for key, value in record.data.items() if key not in active_keys},
        **cleaned,
    }
    changed = sorted(key for key in active_keys if before.get(key) != record.data.get(key))
    record.org_unit = org_unit
    record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    record_audit(
        "business_module.record.change",
        actor=actor,
        obj=record,
        org_unit=org_unit,
        detail={"module": module.pk, "changed": changed},
    )
    return record


@transaction.atomic
def delete_record(record, *, actor):
    if not user_can_access_org_unit(actor, record.org_unit):
        raise ValidationError({"org_unit": _("This record is outside your area.")})
    record_audit(
        "business_module.record.delete",
        actor=actor,
        obj=record,
        org_unit=record.org_unit,
        detail={"module": record.module_id, "data": record.data},
    )
    record.delete()
