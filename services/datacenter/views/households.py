"""Households with their members, buildings with their houses and residents."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from services.datacenter.forms import communities_for
from services.datacenter.models import House, Resident
from services.datacenter.selectors import buildings_for, households_for
from services.datacenter.views.common import DatacenterViewMixin, paginate


class ScopedListView(DatacenterViewMixin, TemplateView):
    """A searchable, community-filterable, paginated list of one scoped selector."""

    search_fields = ()

    def records(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        records = self.records()
        query = self.request.GET.get("q", "").strip()
        if query:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            records = records.filter(condition)
        communities = communities_for(self.request.user)
        community = self.request.GET.get("community", "")
        if community.isdigit():
            records = records.filter(org_unit_id=int(community))
        page, page_range = paginate(self.request, records)
        return super().get_context_data(
            records=page,
            elided_page_range=page_range,
            query=query,
            communities=communities,
            community=community,
            **kwargs,
        )


class HouseholdListView(ScopedListView):
    permission_required = "datacenter.view_household"
    template_name = "datacenter/admin/household_list.html"
    page_title = gettext_lazy("Households")
    search_fields = ("address", "number", "head__name")

    def records(self):
        return households_for(self.request.user)

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm("datacenter.add_household")
        return super().get_context_data(can_add=can_add, **kwargs)


class HouseholdDetailView(DatacenterViewMixin, TemplateView):
    permission_required = "datacenter.view_household"
    template_name = "datacenter/admin/household_detail.html"
    parent_crumbs = (("datacenter:households", gettext_lazy("Households")),)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.household = get_object_or_404(households_for(request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return self.household.address

    def get_context_data(self, **kwargs):
        # One query for the members, whatever their number.
        members = list(self.household.members.order_by("relation_to_head", "birth_date"))
        return super().get_context_data(household=self.household, members=members, **kwargs)


class BuildingListView(ScopedListView):
    permission_required = "datacenter.view_building"
    template_name = "datacenter/admin/building_list.html"
    page_title = gettext_lazy("Buildings")
    search_fields = ("name", "address")

    def records(self):
        return buildings_for(self.request.user)

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm("datacenter.add_building")
        return super().get_context_data(can_add=can_add, **kwargs)


class BuildingDetailView(DatacenterViewMixin, TemplateView):
    permission_required = "datacenter.view_building"
    template_name = "datacenter/admin/building_detail.html"
    parent_crumbs = (("datacenter:buildings", gettext_lazy("Buildings")),)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.building = get_object_or_404(buildings_for(request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return self.building.name

    def get_context_data(self, **kwargs):
        houses = list(House.objects.filter(building=self.building).order_by("unit", "floor", "number"))
        residents = (
            Resident.objects.filter(household__house__building=self.building)
            .select_related("household__house")
            .order_by("household__house__unit", "household__house__number", "name")
        )
        by_house = {}
        for resident in residents:
            by_house.setdefault(resident.household.house_id, []).append(resident)
        for house in houses:
            house.residents = by_house.get(house.pk, [])
        can_add_house = self.request.user.has_perm("datacenter.add_house")
        return super().get_context_data(building=self.building, houses=houses, can_add_house=can_add_house, **kwargs)
