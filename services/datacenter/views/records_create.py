"""Adding households, buildings and houses: one small form each, saved through its service."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from services.datacenter import services
from services.datacenter.forms import BuildingForm, HouseForm, HouseholdForm, add_service_errors, communities_for
from services.datacenter.selectors import buildings_for
from services.datacenter.views.common import DatacenterViewMixin

HOUSEHOLDS_CRUMB = ("datacenter:households", gettext_lazy("Households"))
BUILDINGS_CRUMB = ("datacenter:buildings", gettext_lazy("Buildings"))


class RecordCreateView(DatacenterViewMixin, FormView):
    """`save` calls the service; its ValidationError goes back onto the form's fields."""

    template_name = "datacenter/admin/form.html"

    def form_valid(self, form):
        try:
            record = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": record})
        return redirect(self.get_success_url(record))


class CommunityRecordCreateView(RecordCreateView):
    """`?community=` (the list's filter) preselects a community, which must be one of the user's."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.community = None
        community = request.GET.get("community", "")
        if community.isdigit():
            self.community = get_object_or_404(communities_for(request.user), pk=int(community))

    def get_initial(self):
        return {**super().get_initial(), "org_unit": self.community}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HouseholdCreateView(CommunityRecordCreateView):
    permission_required = "datacenter.add_household"
    form_class = HouseholdForm
    page_title = gettext_lazy("Add a household")
    parent_crumbs = (HOUSEHOLDS_CRUMB,)

    def get_form_kwargs(self):
        # The house list is narrowed to the preselected community; the service checks the pair on save.
        community = self.community if self.request.method == "GET" else None
        return {**super().get_form_kwargs(), "community": community}

    def save(self, form):
        data = form.cleaned_data
        return services.create_household(
            org_unit=data["org_unit"],
            address=data["address"],
            kind=data["kind"],
            house=data["house"],
            number=data["number"],
            actor=self.request.user,
        )

    def get_success_url(self, household):
        return reverse("datacenter:household", args=[household.pk])


class BuildingCreateView(CommunityRecordCreateView):
    permission_required = "datacenter.add_building"
    form_class = BuildingForm
    page_title = gettext_lazy("Add a building")
    parent_crumbs = (BUILDINGS_CRUMB,)

    def save(self, form):
        data = form.cleaned_data
        return services.create_building(
            org_unit=data["org_unit"],
            name=data["name"],
            address=data["address"],
            floors=data["floors"],
            actor=self.request.user,
        )

    def get_success_url(self, building):
        return reverse("datacenter:building", args=[building.pk])


class HouseCreateView(RecordCreateView):
    permission_required = "datacenter.add_house"
    form_class = HouseForm
    page_title = gettext_lazy("Add a house")
    parent_crumbs = (BUILDINGS_CRUMB,)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.building = get_object_or_404(buildings_for(request.user), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.building.name

    def get_breadcrumbs_items(self):
        building_crumb = {"url": reverse("datacenter:building", args=[self.building.pk]), "label": self.building.name}
        items = super().get_breadcrumbs_items()
        return [*items[:-1], building_crumb, items[-1]]

    def save(self, form):
        data = form.cleaned_data
        return services.create_house(
            building=self.building,
            unit=data["unit"],
            floor=data["floor"],
            number=data["number"],
            area_m2=data["area_m2"],
            use=data["use"],
            actor=self.request.user,
        )

    def get_success_url(self, house):
        return reverse("datacenter:building", args=[self.building.pk])
