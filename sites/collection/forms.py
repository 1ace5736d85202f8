"""The form builder of resident forms: Wagtail's field types plus phone and ID number, and a honeypot."""

import django.forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from services.datacenter.idnumbers import parse_id_number
from services.datacenter.services import normalise_phone

COLLECTION_FIELD_CHOICES = (
    ("phone", _("Phone number")),
    ("id_number", _("Resident ID number")),
)

# Hidden from people (CSS and aria-hidden) but not from form-filling robots, which fill every input.
HONEYPOT_FIELD = "homepage_url"


class PhoneNumberField(django.forms.CharField):
    """A mainland mobile number (11 digits) or a landline with its area code, normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", django.forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else value


class IdNumberField(django.forms.CharField):
    """A resident ID number checked under GB 11643 (region, birth date, check character)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("widget", django.forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return parse_id_number(value).number if value else value


class CollectionForm(BaseForm):
    honeypot_field_name = HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = django.forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=django.forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.pop(HONEYPOT_FIELD, ""):
            raise ValidationError(_("Your submission was not accepted. Please try again."), code="honeypot")
        return cleaned_data

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]


class CollectionFormBuilder(FormBuilder):
    def create_phone_field(self, field, options):
        return PhoneNumberField(**options)

    def create_id_number_field(self, field, options):
        return IdNumberField(**options)

    def create_date_field(self, field, options):
        options.setdefault("widget", django.forms.DateInput(attrs={"type": "date"}))
        return super().create_date_field(field, options)

    def get_form_class(self):
        return type("ResidentForm", (CollectionForm,), self.formfields)
