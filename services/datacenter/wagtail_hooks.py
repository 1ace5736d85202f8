"""Admin integration: the data centre's URLs and its "Data centre" menu."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from services.datacenter import statistics_hooks  # noqa: F401  (its hooks register on import)
from services.datacenter.views import households, imports, organisations, records_create, residents

urlpatterns = [
    path("residents/", residents.ResidentListView.as_view(), name="residents"),
    path("residents/new/", residents.ResidentCreateView.as_view(), name="resident_create"),
    path("residents/export/", residents.ResidentExportView.as_view(), name="resident_export"),
    path("residents/export-full/", residents.ResidentFullExportView.as_view(), name="resident_export_full"),
    path("residents/<int:pk>/", residents.ResidentDetailView.as_view(), name="resident"),
    path("residents/<int:pk>/edit/", residents.ResidentEditView.as_view(), name="resident_edit"),
    path("residents/<int:pk>/reveal/", residents.ResidentRevealView.as_view(), name="resident_reveal"),
    path("residents/<int:pk>/<slug:action>/", residents.ResidentActionView.as_view(), name="resident_action"),
    path("households/", households.HouseholdListView.as_view(), name="households"),
    path("households/new/", records_create.HouseholdCreateView.as_view(), name="household_create"),
    path("households/<int:pk>/", households.HouseholdDetailView.as_view(), name="household"),
    path("buildings/", households.BuildingListView.as_view(), name="buildings"),
    path("buildings/new/", records_create.BuildingCreateView.as_view(), name="building_create"),
    path("buildings/<int:pk>/", households.BuildingDetailView.as_view(), name="building"),
    path("buildings/<int:pk>/houses/new/", records_create.HouseCreateView.as_view(), name="house_create"),
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisations"),
    path("organisations/new/", organisations.OrganisationCreateView.as_view(), name="organisation_create"),
    path("import/", imports.ImportUploadView.as_view(), name="import"),
    path("import/template/", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/<str:token>/", imports.ImportBatchView.as_view(), name="import_batch"),
    path("import/<str:token>/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/<str:token>/progress/", imports.ImportProgressView.as_view(), name="import_progress"),
]


@hooks.register("register_admin_viewset")
def register_record_choosers():
    from services.datacenter.choosers import household_chooser_viewset, resident_chooser_viewset

    return [resident_chooser_viewset, household_chooser_viewset]


@hooks.register("register_admin_urls")
def register_datacenter_urls():
    return [path("datacenter/", include((urlpatterns, "datacenter"), namespace="datacenter"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def datacenter_menu():
    return Menu(
        items=[
            PermissionMenuItem(
                _("Residents"),
                reverse_lazy("datacenter:residents"),
                "datacenter.view_resident",
                icon_name="user",
                order=100,
            ),
            PermissionMenuItem(
                _("Households"),
                reverse_lazy("datacenter:households"),
                "datacenter.view_household",
                icon_name="home",
                order=200,
            ),
            PermissionMenuItem(
                _("Buildings"),
                reverse_lazy("datacenter:buildings"),
                "datacenter.view_building",
                icon_name="placeholder",
                order=300,
            ),
            PermissionMenuItem(
                _("Organisations in the area"),
                reverse_lazy("datacenter:organisations"),
                "datacenter.view_areaorganisation",
                icon_name="group",
                order=400,
            ),
            PermissionMenuItem(
                _("Import residents"),
                reverse_lazy("datacenter:import"),
                "datacenter.add_resident",
                icon_name="upload",
                order=500,
            ),
        ]
    )


@hooks.register("register_admin_menu_item")
def register_datacenter_menu():
    return SubmenuMenuItem(_("Data centre"), datacenter_menu(), name="datacenter", icon_name="table", order=300)
