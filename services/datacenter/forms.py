"""Forms of the data centre's admin screens: filters, resident create/edit, moves, organisations, import."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import scope_to_user, visible_org_units
from services.datacenter.models import (
    AreaOrganisation,
    Building,
    Gender,
    House,
    Household,
    HouseholdKind,
    Resident,
    ResidentStatus,
    birth_date_cutoff,
)
from services.datacenter.services import RESIDENT_PLAIN_FIELDS

XLSX_MAGIC = b"PK\x03\x04"


def communities_for(user):
    return visible_org_units(user).filter(level=OrgLevel.COMMUNITY).order_by("path")


def add_service_errors(form, error):
    """Put a service's ValidationError on the form's fields (unknown fields become form errors)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ResidentFilterForm(forms.Form):
    AGE_BANDS = [
        ("0-17", _("Under 18")),
        ("18-59", _("18 to 59")),
        ("60+", _("60 and over")),
        ("80+", _("80 and over")),
    ]
    SPECIAL_GROUPS = [
        ("disabled", _("With a disability")),
        ("lives_alone", _("Lives alone")),
        ("veteran", _("Veteran")),
        ("left_behind_child", _("Left-behind child")),
        ("low_income", _("Low-income")),
    ]
    SPECIAL_GROUP_FILTERS = {
        "disabled": {"disability_grade__isnull": False},
        "lives_alone": {"lives_alone": True},
        "veteran": {"is_veteran": True},
        "left_behind_child": {"is_left_behind_child": True},
        "low_income": {"is_low_income": True},
    }

    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, full ID number, phone or address"))
    community = forms.ModelChoiceField(label=_("Community"), queryset=OrgUnit.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ResidentStatus.choices], required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("All")), *Gender.choices], required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=[("", _("All")), *AGE_BANDS], required=False)
    special_group = forms.ChoiceField(
        label=_("Special group"), choices=[("", _("All")), *SPECIAL_GROUPS], required=False
    )
    household_kind = forms.ChoiceField(
        label=_("Household type"), choices=[("", _("All")), *HouseholdKind.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_for(user)

    def filter(self, residents):
        """Narrow an already scoped queryset by the filters (the search is applied by the caller)."""
        if not self.is_valid():
            return residents
        data = self.cleaned_data
        if data["community"]:
            residents = residents.filter(org_unit=data["community"])
        if data["status"]:
            residents = residents.filter(status=data["status"])
        if data["gender"]:
            residents = residents.filter(gender=data["gender"])
        if data["household_kind"]:
            residents = residents.filter(household__kind=data["household_kind"])
        if data["special_group"]:
            residents = residents.filter(**self.SPECIAL_GROUP_FILTERS[data["special_group"]])
        band = data["age_band"]
        if band == "0-17":
            residents = residents.filter(birth_date__gt=birth_date_cutoff(18))
        elif band == "18-59":
            residents = residents.filter(birth_date__lte=birth_date_cutoff(18), birth_date__gt=birth_date_cutoff(60))
        elif band in ("60+", "80+"):
            residents = residents.filter(birth_date__lte=birth_date_cutoff(int(band[:2])))
        return residents

    def described(self):
        """The filters in use, for the audit entry of an export."""
        if not self.is_valid():
            return {}
        return {
            name: str(value.pk if hasattr(value, "pk") else value) for name, value in self.cleaned_data.items() if value
        }


class ResidentForm(forms.ModelForm):
    """Create and edit; identity fields are plain text here and go through the service's rules."""

    id_number = forms.CharField(label=_("ID number"), max_length=32)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    class Meta:
        model = Resident
        fields = ["org_unit", "household", *RESIDENT_PLAIN_FIELDS]
        widgets = {"moved_in_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = communities_for(user)
        households = scope_to_user(Household.objects.select_related("org_unit"), user).order_by("org_unit", "address")
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda household: f"{household.org_unit.name} {household}"
        if self.instance.pk:
            # Full numbers are never put back into a page: an empty box keeps the stored number.
            for name in ("org_unit", "household"):
                del self.fields[name]
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Leave empty to keep %(masked)s.") % {
                "masked": self.instance.id_number_masked
            }
            self.fields["phone"].help_text = _("Leave empty to keep %(masked)s.") % {
                "masked": self.instance.phone_masked or "—"
            }

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in RESIDENT_PLAIN_FIELDS}


class MoveOutForm(forms.Form):
    on = forms.DateField(label=_("Moved out on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class TransferForm(forms.Form):
    to_org_unit = forms.ModelChoiceField(label=_("To community"), queryset=OrgUnit.objects.none())
    on = forms.DateField(label=_("Moved on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, resident, **kwargs):
        super().__init__(*args, **kwargs)
        # A person may move to any community of the city; the receiving community sees them from then on.
        self.fields["to_org_unit"].queryset = (
            OrgUnit.objects.filter(level=OrgLevel.COMMUNITY).exclude(pk=resident.org_unit_id).order_by("path")
        )
        self.fields["to_org_unit"].label_from_instance = lambda unit: unit.indented_name.strip()


class DeathForm(forms.Form):
    on = forms.DateField(label=_("Died on"), widget=forms.DateInput(attrs={"type": "date"}))


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = AreaOrganisation
        fields = ["org_unit", "name", "credit_code", "kind", "address", "contact_person", "contact_phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = communities_for(user)

    def validate_unique(self):
        """The service says whether a credit code is taken, in its own words."""


class ImportUploadForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=OrgUnit.objects.none())
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_for(user)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        head = uploaded.read(4)
        uploaded.seek(0)
        if not uploaded.name.lower().endswith(".xlsx") or head != XLSX_MAGIC:
            raise ValidationError(
                _("This is not an Excel .xlsx file. Download the template, fill it in and upload it as .xlsx.")
            )
        return uploaded


class HouseholdForm(forms.ModelForm):
    """Create a household; the service checks the community and that the house belongs to it."""

    class Meta:
        model = Household
        fields = ["org_unit", "address", "kind", "house", "number"]

    def __init__(self, *args, user, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = communities_for(user)
        houses = scope_to_user(House.objects.select_related("building__org_unit"), user, via="building__org_unit")
        if community is not None:
            houses = houses.filter(building__org_unit=community)
        self.fields["house"].queryset = houses.order_by("building__org_unit__path", "building__name", "unit", "number")
        self.fields["house"].label_from_instance = lambda house: f"{house.building.org_unit.name} {house}"


class BuildingForm(forms.Form):
    """A plain form: the service, not the model's constraint, says whether the name is taken."""

    org_unit = Building._meta.get_field("org_unit").formfield(queryset=OrgUnit.objects.none())
    name = Building._meta.get_field("name").formfield()
    address = Building._meta.get_field("address").formfield()
    floors = Building._meta.get_field("floors").formfield()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = communities_for(user)


class HouseForm(forms.Form):
    """A plain form: the service, not the model's constraint, says whether the number is taken."""

    unit = House._meta.get_field("unit").formfield()
    floor = House._meta.get_field("floor").formfield()
    number = House._meta.get_field("number").formfield()
    area_m2 = House._meta.get_field("area_m2").formfield()
    use = House._meta.get_field("use").formfield()
