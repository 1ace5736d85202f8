"""Forms of the assistance admin screens. They parse input only; the services hold the rules."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import visible_org_units
from services.assistance.models import CaseStatus, FindingKind, Housing, IncomeKind
from services.assistance.programmes import DocumentKind, Programme, rules_for

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
MONEY_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": None}


def money_field(label, required=False, **kwargs):
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2, **kwargs)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All"))] + Programme.choices
        self.fields["status"].choices = [("", _("All"))] + CaseStatus.choices
        communities = visible_org_units(user).filter(level=OrgLevel.COMMUNITY).order_by("path")
        self.fields["community"].choices = [("", _("All"))] + [(unit.pk, unit.name) for unit in communities]


class ApplicationForm(forms.Form):
    """The application of one household: a row of fields per member, then assets, documents and bank."""

    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    housing = forms.ChoiceField(label=_("Housing"), choices=Housing.choices)
    irregular_income = forms.BooleanField(label=_("Irregular income (review every six months)"), required=False)
    deposits = money_field(_("Bank deposits (yuan)"))
    securities = money_field(_("Securities and insurance (yuan)"))
    has_vehicle = forms.BooleanField(label=_("Owns a motor vehicle"), required=False)
    vehicle_exempt = forms.BooleanField(label=_("The vehicle serves a disabled member"), required=False)
    has_extra_property = forms.BooleanField(label=_("Owns housing beyond the own home"), required=False)
    no_legal_supporter = forms.BooleanField(label=_("No legal supporter able to help"), required=False)
    medical_expense = money_field(_("Medical expenses paid by the household (yuan)"))
    requested_amount = money_field(_("Amount of help needed (yuan)"))
    reason = forms.CharField(
        label=_("Reason for the application"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bank_name = forms.CharField(label=_("Bank"), required=False, max_length=64)
    bank_account = forms.CharField(label=_("Bank account"), required=False, max_length=32)

    def __init__(self, *args, household, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.residents = residents
        self.fields["applicant"] = forms.ChoiceField(
            label=_("Applicant"), choices=[(resident.pk, resident.name) for resident in residents]
        )
        for resident in residents:
            self.fields[f"covered_{resident.pk}"] = forms.BooleanField(label=_("Covered"), required=False, initial=True)
            self.fields[f"income_kind_{resident.pk}"] = forms.ChoiceField(
                label=_("Income type"), choices=IncomeKind.choices, initial=IncomeKind.WAGES
            )
            self.fields[f"income_{resident.pk}"] = money_field(_("Monthly income (yuan)"), initial=0)
        for kind in DocumentKind:
            self.fields[f"document_{kind.value}"] = forms.BooleanField(label=kind.label, required=False)
            self.fields[f"file_{kind.value}"] = forms.FileField(label=_("File"), required=False)

    def member_rows(self):
        return [
            (
                resident,
                self[f"covered_{resident.pk}"],
                self[f"income_kind_{resident.pk}"],
                self[f"income_{resident.pk}"],
            )
            for resident in self.residents
        ]

    def document_rows(self):
        programme = self.data.get("programme") or self.initial.get("programme") or Programme.URBAN_DIBAO
        try:
            required = set(rules_for(programme).required_documents)
        except ValueError:
            required = set()
        return [
            (kind, kind in required, self[f"document_{kind.value}"], self[f"file_{kind.value}"])
            for kind in DocumentKind
        ]

    def service_arguments(self):
        data = self.cleaned_data
        members = [
            {
                "resident": resident,
                "covered": data[f"covered_{resident.pk}"],
                "incomes": [
                    {"kind": data[f"income_kind_{resident.pk}"], "monthly_amount": data[f"income_{resident.pk}"]}
                ],
            }
            for resident in self.residents
        ]
        assets = [
            {"kind": "deposits", "value": data["deposits"] or 0},
            {"kind": "securities", "value": data["securities"] or 0},
        ]
        if data["has_vehicle"]:
            assets.append({"kind": "vehicle", "value": 0, "exempt": data["vehicle_exempt"]})
        if data["has_extra_property"]:
            assets.append({"kind": "extra_property", "value": 0})
        documents = [
            {"kind": kind.value, "file": data.get(f"file_{kind.value}")}
            for kind in DocumentKind
            if data.get(f"document_{kind.value}") or data.get(f"file_{kind.value}")
        ]
        applicant = next(resident for resident in self.residents if str(resident.pk) == data["applicant"])
        return {
            "programme": data["programme"],
            "household": self.household,
            "applicant": applicant,
            "members": members,
            "assets": [asset for asset in assets if asset["kind"] not in ("deposits", "securities") or asset["value"]],
            "documents": documents,
            "housing": data["housing"],
            "irregular_income": data["irregular_income"],
            "no_legal_supporter": data["no_legal_supporter"],
            "medical_expense": data["medical_expense"] or 0,
            "requested_amount": data["requested_amount"] or 0,
            "reason": data["reason"],
            "bank_name": data["bank_name"],
            "bank_account": data["bank_account"],
        }


class ChangeMembersForm(forms.Form):
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, case, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.residents = residents
        current = {member.resident_id: member for member in case.members.all()}
        for resident in residents:
            member = current.get(resident.pk)
            self.fields[f"covered_{resident.pk}"] = forms.BooleanField(
                label=_("Covered"), required=False, initial=bool(member and member.covered)
            )
            self.fields[f"income_{resident.pk}"] = money_field(
                _("Monthly income (yuan)"), initial=member.monthly_income if member else 0
            )

    def member_rows(self):
        return [
            (resident, self[f"covered_{resident.pk}"], self[f"income_{resident.pk}"]) for resident in self.residents
        ]

    def members(self):
        data = self.cleaned_data
        return [
            {
                "resident": resident,
                "covered": data[f"covered_{resident.pk}"],
                "incomes": [{"kind": IncomeKind.OTHER, "monthly_amount": data[f"income_{resident.pk}"] or 0}],
            }
            for resident in self.residents
        ]


class SurveyForm(forms.Form):
    surveyed_on = forms.DateField(label=_("Surveyed on"), widget=DATE_INPUT, initial=timezone.localdate)
    surveyors = forms.CharField(label=_("Surveyors"), max_length=255)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    verified_monthly_income = money_field(_("Verified household monthly income (yuan)"))


class AppraisalForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT, initial=timezone.localdate)
    participants = forms.IntegerField(label=_("Participants"), min_value=1)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class DatedReasonForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)


class MigrationForm(forms.Form):
    to_org_unit = forms.ModelChoiceField(
        label=_("New community"), queryset=OrgUnit.objects.filter(level=OrgLevel.COMMUNITY).order_by("path")
    )
    on = forms.DateField(label=_("Moved on"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org_unit"].label_from_instance = lambda unit: unit.postal_name


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=255)


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Finding"), required=False, choices=[("", _("All"))] + FindingKind.choices)
    resolved = forms.BooleanField(label=_("Include resolved"), required=False)


def areas_choice_field(user, label):
    units = visible_org_units(user).exclude(level=OrgLevel.COMMUNITY).order_by("path")
    if not units.exists():
        units = visible_org_units(user).order_by("path")
    field = forms.ModelChoiceField(label=label, queryset=units)
    field.label_from_instance = lambda unit: unit.indented_name
    return field


class StandardForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT)
    amount = money_field(_("Standard (yuan per month)"), required=True)
    minimum_benefit = money_field(_("Minimum benefit per head (yuan)"))
    ratio = forms.DecimalField(label=_("Aid ratio"), required=False, max_digits=4, decimal_places=3)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = areas_choice_field(user, _("Area"))
        self.order_fields(["programme", "org_unit", "effective_from", "amount", "minimum_benefit", "ratio", "note"])


class PayrollForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    month = forms.DateField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"] = areas_choice_field(user, _("Area"))
        self.order_fields(["programme", "org_unit", "month"])


class FundStatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = areas_choice_field(user, _("Area"))
        self.fields["year"].initial = datetime.date.today().year
        self.order_fields(["unit", "year"])


class StaffRelativeForm(forms.Form):
    """备案: a staff member of the user's area and a resident found by the full ID number."""

    id_number = forms.CharField(label=_("ID number of the relative"), max_length=18)
    relation = forms.CharField(label=_("Relation"), max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from cms.orgs.scoping import scope_to_user

        staff = scope_to_user(
            get_user_model()
            .objects.filter(staff_profile__isnull=False, is_active=True)
            .select_related("staff_profile__org_unit"),
            user,
            via="staff_profile__org_unit",
        ).order_by("username")
        self.fields["staff"] = forms.ModelChoiceField(label=_("Staff member"), queryset=staff)
        self.fields["staff"].label_from_instance = lambda account: (
            f"{account.get_full_name() or account.get_username()} ({account.staff_profile.org_unit.name})"
        )
        self.order_fields(["staff", "id_number", "relation"])
