"""Admin URLs of business modules, mounted under /admin/business-modules/ by wagtail_hooks.py."""

from django.urls import path

from services.business_modules.views import definitions, records

app_name = "business_modules"

urlpatterns = [
    path("", definitions.ModuleIndexView.as_view(), name="index"),
    path("new/", definitions.ModuleCreateView.as_view(), name="module_new"),
    path("<int:module_id>/define/", definitions.ModuleDefinitionView.as_view(), name="define"),
    path("<int:module_id>/fields/new/", definitions.FieldCreateView.as_view(), name="field_new"),
    path("<int:module_id>/fields/<int:field_id>/", definitions.FieldEditView.as_view(), name="field_edit"),
    path(
        "<int:module_id>/fields/<int:field_id>/<str:action>/",
        definitions.field_action,
        name="field_action",
    ),
    path("<int:module_id>/statistics/new/", definitions.StatisticCreateView.as_view(), name="statistic_new"),
    path(
        "<int:module_id>/statistics/<int:statistic_id>/",
        definitions.StatisticEditView.as_view(),
        name="statistic_edit",
    ),
    path(
        "<int:module_id>/statistics/<int:statistic_id>/delete/",
        definitions.statistic_delete,
        name="statistic_delete",
    ),
    path("<int:module_id>/", records.RecordListView.as_view(), name="records"),
    path("<int:module_id>/new/", records.RecordCreateView.as_view(), name="record_new"),
    path("<int:module_id>/<int:record_id>/", records.RecordEditView.as_view(), name="record_edit"),
    path("<int:module_id>/<int:record_id>/delete/", records.RecordDeleteView.as_view(), name="record_delete"),
    path("<int:module_id>/export/", records.RecordExportView.as_view(), name="export"),
    path("<int:module_id>/statistics/", records.StatisticsView.as_view(), name="statistics"),
    path("<int:module_id>/files/<int:file_id>/", records.FileDownloadView.as_view(), name="file"),
]
