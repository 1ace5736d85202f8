"""A module's records: the list with its filter form, create/edit/delete with the form built from the
module, the .xlsx export of the filtered list, the statistics page and file downloads. Thin views:
reads go through selectors.py, changes through services.py, and all of them are scoped."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator

from cms.audit.services import record_audit
from cms.orgs.scoping import scope_to_user
from cms.spreadsheets import workbook_response, write_workbook
from services.business_modules import services
from services.business_modules.forms import RecordFilterForm, RecordForm
from services.business_modules.models import ModuleRecordFile
from services.business_modules.selectors import (
    chart_bars,
    compute_statistic,
    display_value,
    export_rows,
    filter_records,
    linked_labels,
    records_for_user,
)
from services.business_modules.views.module_access import ModuleMixin, add_service_errors

RECORDS_PER_PAGE = 50


class FilteredRecordsMixin(ModuleMixin):
    """The user's records of the module, narrowed by the filter form in the query string."""

    def filtered_records(self):
        self.filter_form = RecordFilterForm(self.request.GET or None, module=self.module, user=self.request.user)
        records = records_for_user(self.module, self.request.user)
        return filter_records(records, self.module, self.filter_form.filters())


class RecordListView(FilteredRecordsMixin, TemplateView):
    template_name = "business_modules/admin/record_list.html"

    def get_page_title(self):
        return self.module.name

    def get_trail(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = self.filtered_records()
        paginator = WagtailPaginator(records, RECORDS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        columns = [field for field in self.module.active_fields() if field.show_in_list]
        page_records = list(page.object_list)
        labels = linked_labels(columns, page_records)
        context.update(
            filter_form=self.filter_form,
            columns=columns,
            rows=[
                (record, [display_value(f, record.data.get(f.key), labels) for f in columns]) for record in page_records
            ],
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            query_string=self.request.GET.urlencode(),
        )
        return context


class RecordFormMixin(ModuleMixin):
    template_name = "business_modules/admin/record_form.html"
    record = None

    def get_form(self, form_class=None):
        labels = linked_labels(self.module.active_fields(), [self.record]) if self.record else {}
        return RecordForm(
            **self.get_form_kwargs(),
            module=self.module,
            user=self.request.user,
            record=self.record,
            labels=labels,
            file_url=lambda pk: reverse("business_modules:file", args=[self.module.pk, pk]),
        )

    def get_success_url(self):
        return reverse("business_modules:records", args=[self.module.pk])


class RecordCreateView(RecordFormMixin, FormView):
    required = "add"
    page_title = gettext_lazy("New record")

    def form_valid(self, form):
        try:
            services.create_record(
                self.module, org_unit=form.cleaned_data["org_unit"], data=form.record_data(), actor=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Record saved."))
        if "save_and_add" in self.request.POST:
            return redirect("business_modules:record_new", self.module.pk)
        return redirect(self.get_success_url())


class RecordEditView(RecordFormMixin, FormView):
    required = "change"

    def load(self, **kwargs):
        self.record = get_object_or_404(records_for_user(self.module, self.request.user), pk=kwargs["record_id"])

    def get_page_title(self):
        return _("Edit record #%(number)s") % {"number": self.record.pk}

    def form_valid(self, form):
        try:
            services.update_record(
                self.record, org_unit=form.cleaned_data["org_unit"], data=form.record_data(), actor=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Record saved."))
        return redirect(self.get_success_url())


class RecordDeleteView(ModuleMixin, TemplateView):
    required = "delete"
    template_name = "business_modules/admin/confirm_delete.html"
    page_title = gettext_lazy("Delete record")

    def get_record(self):
        return get_object_or_404(records_for_user(self.module, self.request.user), pk=self.kwargs["record_id"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "record": self.get_record()}

    def post(self, request, *args, **kwargs):
        services.delete_record(self.get_record(), actor=request.user)
        messages.success(request, _("Record deleted."))
        return redirect("business_modules:records", self.module.pk)


class RecordExportView(FilteredRecordsMixin, View):
    """The filtered list as .xlsx: every active field, whether or not it is a list column."""

    def get(self, request, module_id):
        records = self.filtered_records().order_by("id")
        fields = self.module.active_fields()
        headers = [_("Org unit"), *(field.label for field in fields), _("Created at")]
        content = write_workbook(headers, export_rows(records, fields), title=self.module.name)
        record_audit(
            "business_module.export",
            actor=request.user,
            obj=self.module,
            org_unit=self.module.org_unit,
            detail={"filters": request.GET.dict()},
        )
        filename = f"{self.module.name}-{timezone.localdate():%Y%m%d}.xlsx"
        return workbook_response(content, filename)


class StatisticsView(FilteredRecordsMixin, TemplateView):
    template_name = "business_modules/admin/statistics.html"

    def get_page_title(self):
        return _("Statistics of %(module)s") % {"module": self.module.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = self.filtered_records()
        tables = []
        for statistic in self.module.statistics.select_related("value_field", "group_field"):
            rows = compute_statistic(statistic, records)
            tables.append({"statistic": statistic, "rows": rows, "bars": chart_bars(rows)})
        context.update(filter_form=self.filter_form, tables=tables, query_string=self.request.GET.urlencode())
        return context


class FileDownloadView(ModuleMixin, View):
    """A file from a record's file field, only for users whose subtree holds the file's unit."""

    def get(self, request, module_id, file_id):
        files = scope_to_user(ModuleRecordFile.objects.filter(module=self.module), request.user)
        stored = get_object_or_404(files, pk=file_id)
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=stored.name)
