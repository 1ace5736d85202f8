"""The public form page (with the honeypot and rate limit) and the results screen's Excel export."""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.views import SubmissionsListView

from cms.audit.middleware import client_ip
from cms.audit.services import record_audit
from cms.spreadsheets import workbook_response, write_workbook
from sites.collection import services

RATE_LIMITED_STATUS = 429


def serve_form_page(page, request, *args, **kwargs):
    status = 200
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if not services.take_submission_slot(page, client_ip(request)):
            form.is_valid()
            form.add_error(
                None,
                ValidationError(
                    _("Too many submissions from your network. Please wait a few minutes and try again."),
                    code="rate_limited",
                ),
            )
            status = RATE_LIMITED_STATUS
        elif form.is_valid():
            submission = page.process_form_submission(form)
            return page.render_landing_page(request, submission, *args, **kwargs)
    else:
        form = page.get_form(page=page, user=request.user)
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


class MaskedSubmissionsListView(SubmissionsListView):
    """Wagtail's results screen; both export formats go through the platform's .xlsx writer.

    ID numbers are already masked in the stored data, so the screen and the file show them masked.
    """

    def as_spreadsheet(self, queryset, spreadsheet_format):
        headings = [str(self.export_headings[field]) for field in self.list_export]
        rows = [self._export_row(submission) for submission in queryset]
        content = write_workbook(headings, rows, title=self.form_page.title)
        record_audit("site_forms.export", actor=self.request.user, obj=self.form_page, detail={"rows": len(rows)})
        return workbook_response(content, self.get_filename())

    def _export_row(self, submission):
        data = submission.get_data()
        row = []
        for field in self.list_export:
            value = data.get(field)
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif field == "submit_time" and value is not None:
                value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
            row.append(value)
        return row
