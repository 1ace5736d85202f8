"""Chooser pop-ups for residents and households, for forms that link to data-centre records.

Staff search by name, full ID number, phone or address (the same search as the resident list)
and pick a row, instead of typing a record number. Both the list and the chosen row go
through the viewer's org scope, so a chooser never reveals anyone outside it.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from services.datacenter.models import Household, Resident
from services.datacenter.selectors import households_for, search_households, search_residents


class RecordSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, ID number, phone or address")}),
    )

    search_function = None  # set by the view: (user, text) -> queryset

    def filter_for(self, user):
        text = self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
        self.is_searching, self.search_query = bool(text), text
        return self.search_function(user, text)


class ScopedChooseMixin:
    """The list is the viewer's search result; nothing outside their subtree is offered."""

    search_function = None
    filter_form_class = RecordSearchForm
    per_page = 20

    def get_filter_form(self):
        form = super().get_filter_form()
        form.search_function = type(self).search_function
        return form

    def get_object_list(self):
        if not self.request.user.has_perm(f"datacenter.view_{self.model_class._meta.model_name}"):
            raise PermissionDenied
        return self.filter_form.filter_for(self.request.user)

    def filter_object_list(self, objects):
        return objects


class ResidentColumnsMixin:
    @property
    def columns(self):
        return [
            self.title_column,
            Column("id_number_masked", label=_("ID number")),
            Column("household", label=_("Household"), accessor=lambda r: r.household.address if r.household else ""),
            Column("org_unit", label=_("Community"), accessor="org_unit"),
        ]


class HouseholdColumnsMixin:
    @property
    def columns(self):
        return [
            self.title_column,
            Column("head", label=_("Head of household"), accessor=lambda h: h.head.name if h.head else ""),
            Column("member_count", label=_("Members")),
            Column("org_unit", label=_("Community"), accessor="org_unit"),
        ]


class ResidentChooseView(ResidentColumnsMixin, ScopedChooseMixin, ChooseView):
    search_function = staticmethod(search_residents)
    ordering = ("name", "pk")


class ResidentChooseResultsView(ResidentColumnsMixin, ScopedChooseMixin, ChooseResultsView):
    search_function = staticmethod(search_residents)
    ordering = ("name", "pk")


class HouseholdChooseView(HouseholdColumnsMixin, ScopedChooseMixin, ChooseView):
    search_function = staticmethod(search_households)
    ordering = ("address", "pk")


class HouseholdChooseResultsView(HouseholdColumnsMixin, ScopedChooseMixin, ChooseResultsView):
    search_function = staticmethod(search_households)
    ordering = ("address", "pk")


class ScopedChosenView(ChosenView):
    """Answers only for a record in the viewer's subtree (a guessed number gets 404, not a name)."""

    scoped_queryset = None

    def get_object(self, pk):
        return type(self).scoped_queryset(self.request.user).get(pk=pk)


class ResidentChosenView(ScopedChosenView):
    scoped_queryset = staticmethod(lambda user: search_residents(user, ""))


class HouseholdChosenView(ScopedChosenView):
    scoped_queryset = staticmethod(households_for)


class ResidentChooserViewSet(ChooserViewSet):
    model = Resident
    icon = "user"
    choose_one_text = _("Choose a resident")
    choose_another_text = _("Choose another resident")
    edit_item_text = _("Edit this resident")
    choose_view_class = ResidentChooseView
    choose_results_view_class = ResidentChooseResultsView
    chosen_view_class = ResidentChosenView


class HouseholdChooserViewSet(ChooserViewSet):
    model = Household
    icon = "group"
    choose_one_text = _("Choose a household")
    choose_another_text = _("Choose another household")
    edit_item_text = _("Edit this household")
    choose_view_class = HouseholdChooseView
    choose_results_view_class = HouseholdChooseResultsView
    chosen_view_class = HouseholdChosenView


resident_chooser_viewset = ResidentChooserViewSet(
    "datacenter_resident_chooser", url_prefix="datacenter/choose/resident"
)
household_chooser_viewset = HouseholdChooserViewSet(
    "datacenter_household_chooser", url_prefix="datacenter/choose/household"
)
