"""Admin forms: module, field and statistic definitions, and the record and filter forms built from a module.

The forms only parse input; rules live in services.py (definitions and record values), so the
views pass cleaned data to a service and show the ValidationError it raises next to the inputs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.orgs.scoping import visible_org_units
from services.business_modules.models import (
    FILTERABLE_KINDS,
    GROUPABLE_KINDS,
    LINKED_MODELS,
    BusinessModule,
    FieldKind,
    ModuleField,
    ModuleStatistic,
)
from services.business_modules.selectors import record_org_units
from services.business_modules.services import FIELD_OPTIONS


def _indented_units(field):
    field.label_from_instance = lambda unit: unit.indented_name
    return field


class ModuleForm(forms.ModelForm):
    class Meta:
        model = BusinessModule
        fields = ["name", "description", "org_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["org_unit"]  # records already hang below the owner; it does not move
        else:
            self.fields["org_unit"].queryset = visible_org_units(user).order_by("path")
            self.fields["org_unit"].help_text = _("The module is used by this unit and every unit below it.")
            _indented_units(self.fields["org_unit"])

    def _post_clean(self):
        pass  # services.create_module/update_module validate and save; the instance stays untouched


class ChoicesField(forms.CharField):
    """One choice per line in a textarea; a list in Python."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ModuleFieldForm(forms.ModelForm):
    choices = ChoicesField(
        label=_("choices"), required=False, help_text=_("For single and multiple choice: one choice per line.")
    )

    class Meta:
        model = ModuleField
        fields = ["label", "kind", "key", *(option for option in FIELD_OPTIONS if option != "label")]
        widgets = {
            "min_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "max_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "key": _("Optional. Lower-case letters, digits and underscores; fixed once the field exists."),
            "min_value": _("For numbers."),
            "max_value": _("For numbers."),
            "max_length": _("For text."),
            "pattern": _(r"For text, e.g. ^1\d{10}$ for a mobile number."),
            "min_date": _("For dates."),
            "max_date": _("For dates."),
            "is_filter": _("Text, number, date, choice and yes/no fields can be filters."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        if self.instance.pk:
            # Stored values depend on the key and kind, so neither changes after creation.
            del self.fields["key"]
            del self.fields["kind"]

    def _post_clean(self):
        pass  # the service validates the definition; the model instance is not built from this form


class ModuleStatisticForm(forms.ModelForm):
    class Meta:
        model = ModuleStatistic
        fields = ["label", "aggregate", "value_field", "group_by", "group_field"]

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        fields = module.fields.order_by("position", "id")
        self.fields["value_field"].queryset = fields.filter(kind=FieldKind.NUMBER)
        self.fields["group_field"].queryset = fields.filter(kind__in=GROUPABLE_KINDS)

    def _post_clean(self):
        pass


class CurrentFile:
    """What ClearableFileInput shows for a file the record already holds."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


def _record_chooser(kind):
    """The data centre's search-and-pick pop-up for a resident or household link."""
    from services.datacenter.choosers import household_chooser_viewset, resident_chooser_viewset

    viewset = resident_chooser_viewset if kind == FieldKind.RESIDENT else household_chooser_viewset
    return viewset.widget_class()


def _form_field(field, *, initial, file_url):
    options = {"label": field.label, "required": field.required, "help_text": field.help_text}
    if field.kind == FieldKind.TEXT:
        return forms.CharField(max_length=field.max_length or None, **options)
    if field.kind == FieldKind.NUMBER:
        return forms.CharField(widget=forms.NumberInput(attrs={"step": "any"}), **options)
    if field.kind == FieldKind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if field.kind == FieldKind.CHOICE:
        choices = [("", "---------"), *((choice, choice) for choice in field.choice_values)]
        return forms.ChoiceField(choices=choices, **options)
    if field.kind == FieldKind.MULTI_CHOICE:
        choices = [(choice, choice) for choice in field.choice_values]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **options)
    if field.kind == FieldKind.BOOLEAN:
        return forms.ChoiceField(choices=[("true", _("Yes")), ("false", _("No"))], widget=forms.RadioSelect, **options)
    if field.kind in LINKED_MODELS:
        return forms.CharField(widget=_record_chooser(field.kind), **options)
    if field.kind == FieldKind.FILE:
        options["required"] = field.required and initial is None
        return forms.FileField(widget=forms.ClearableFileInput, **options)
    raise ValueError(field.kind)


class RecordForm(forms.Form):
    """Inputs for the module's active fields (named by field key) and the record's org unit."""

    def __init__(self, *args, module, user, record=None, labels=None, file_url=None, **kwargs):
        self.module, self.record = module, record
        initial = {**(kwargs.pop("initial", None) or {}), **(record.data if record else {})}
        if record:
            initial["org_unit"] = record.org_unit_id
        super().__init__(*args, initial=initial, **kwargs)
        units = record_org_units(module, user)
        self.fields["org_unit"] = _indented_units(forms.ModelChoiceField(queryset=units, label=_("org unit")))
        if record is None and len(units) == 1:
            self.fields["org_unit"].initial = units[0].pk
        labels = labels or {}
        for field in module.active_fields():
            value = initial.get(field.key)
            self.fields[field.key] = _form_field(field, initial=value, file_url=file_url)
            if field.kind == FieldKind.FILE and value is not None and file_url:
                self.initial[field.key] = CurrentFile(labels.get((field.kind, value), f"#{value}"), file_url(value))

    def record_data(self):
        """Raw values for services.validate_record_data; a file input left alone keeps the stored file."""
        data = {}
        for field in self.module.active_fields():
            value = self.cleaned_data.get(field.key)
            if field.kind == FieldKind.FILE:
                if value is None and self.record is not None:
                    value = self.record.data.get(field.key)  # unchanged
                elif value is False:
                    value = None  # "clear" ticked
            data[field.key] = value
        return data


class RecordFilterForm(forms.Form):
    """The query form of a module's record list: its filter fields, the org unit and free text."""

    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, module, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = _indented_units(
            forms.ModelChoiceField(queryset=record_org_units(module, user), label=_("org unit"), required=False)
        )
        for field in module.active_fields():
            if not field.is_filter or field.kind not in FILTERABLE_KINDS:
                continue
            key, label = field.key, field.label
            if field.kind == FieldKind.NUMBER:
                self.fields[f"{key}__min"] = forms.DecimalField(
                    label=_("%(label)s from") % {"label": label}, required=False
                )
                self.fields[f"{key}__max"] = forms.DecimalField(
                    label=_("%(label)s to") % {"label": label}, required=False
                )
            elif field.kind == FieldKind.DATE:
                widget = forms.DateInput(attrs={"type": "date"})
                self.fields[f"{key}__min"] = forms.DateField(
                    label=_("%(label)s from") % {"label": label}, required=False, widget=widget
                )
                self.fields[f"{key}__max"] = forms.DateField(
                    label=_("%(label)s to") % {"label": label}, required=False, widget=widget
                )
            elif field.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
                choices = [("", _("Any")), *((choice, choice) for choice in field.choice_values)]
                self.fields[key] = forms.ChoiceField(label=label, choices=choices, required=False)
            elif field.kind == FieldKind.BOOLEAN:
                choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
                self.fields[key] = forms.ChoiceField(label=label, choices=choices, required=False)
            else:
                self.fields[key] = forms.CharField(label=label, required=False)

    def filters(self):
        """Cleaned filter values (invalid inputs are ignored, not fatal, on a list page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
