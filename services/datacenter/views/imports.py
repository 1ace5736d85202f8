"""Resident import: template download, upload, the validation report, confirmation and progress."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from cms.orgs.models import OrgUnit
from cms.spreadsheets import workbook_response
from services.datacenter import imports
from services.datacenter.forms import ImportUploadForm
from services.datacenter.views.common import DatacenterViewMixin

IMPORT_CRUMB = ("datacenter:import", gettext_lazy("Import residents"))
REPORT_LIMIT = 1_000  # bad rows shown on the page; the rest are counted


class ImportPermissionMixin(DatacenterViewMixin):
    permission_required = "datacenter.add_resident"
    header_icon = "upload"


class ImportTemplateView(ImportPermissionMixin, View):
    def get(self, request):
        return workbook_response(imports.template_workbook(), _("resident-import-template") + ".xlsx")


class ImportUploadView(ImportPermissionMixin, FormView):
    template_name = "datacenter/admin/import_upload.html"
    form_class = ImportUploadForm
    page_title = gettext_lazy("Import residents")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            headers=imports.HEADERS,
            required_headers=imports.REQUIRED_HEADERS,
            accepted_words=imports.accepted_words(),
            **kwargs,
        )

    def form_valid(self, form):
        batch = imports.start_import(
            form.cleaned_data["file"], org_unit=form.cleaned_data["community"], user=self.request.user
        )
        return redirect("datacenter:import_batch", token=batch.token)


class BatchMixin(ImportPermissionMixin):
    """The batch of the token in the URL, and only for the user who uploaded it."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = (
            imports.ImportBatch.for_user(kwargs["token"], request.user) if request.user.is_authenticated else None
        )
        if self.batch is None:
            raise Http404


class ImportBatchView(BatchMixin, TemplateView):
    template_name = "datacenter/admin/import_batch.html"
    page_title = gettext_lazy("Import residents")
    parent_crumbs = (IMPORT_CRUMB,)

    def get_page_subtitle(self):
        return self.batch.file_name

    def get_context_data(self, **kwargs):
        batch = self.batch
        errors = [] if batch.is_working else batch.read_errors()
        return super().get_context_data(
            batch=batch,
            community=OrgUnit.objects.filter(pk=batch.org_unit_id).first(),
            errors=errors[:REPORT_LIMIT],
            errors_left_off=max(0, len(errors) - REPORT_LIMIT),
            **kwargs,
        )


class ImportConfirmView(BatchMixin, View):
    def post(self, request, token):
        if not imports.confirm_import(self.batch):
            messages.error(request, _("This import cannot be confirmed (again)."))
        return redirect("datacenter:import_batch", token=token)


class ImportProgressView(BatchMixin, View):
    """What the page's script polls while a job runs."""

    def get(self, request, token):
        batch = self.batch
        return JsonResponse(
            {
                "status": batch.status,
                "working": batch.is_working,
                "processed": batch.processed_rows,
                "percent": batch.percent,
            }
        )
