"""The public form page (with the honeypot and rate limit), the results screen with its Excel exports, and
one submission's screen where permitted staff reveal full ID numbers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.contrib.forms.views import SubmissionsListView

from cms.audit.middleware import client_ip
from cms.spreadsheets import workbook_response
from services.datacenter.forms import RevealForm
from sites.collection import selectors, services

RATE_LIMITED_STATUS = 429
FORBIDDEN_STATUS = 403


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

    ID numbers are stored masked, so the screen and the ordinary export show them masked. Each row
    links to the submission's own screen, where a user with the full-number permission can reveal them.
    """

    full_id_numbers = False

    def as_spreadsheet(self, queryset, spreadsheet_format):
        content = services.export_submissions(
            self.form_page,
            queryset,
            fields=self.list_export,
            headings=self.export_headings,
            actor=self.request.user,
            full=self.full_id_numbers,
        )
        name = f"{self.get_filename()}-{_('full-id-numbers')}" if self.full_id_numbers else self.get_filename()
        return workbook_response(content, name)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if services.may_see_full_id_numbers(self.request.user, self.form_page):
            query = self.request.GET.copy()
            query.pop("export", None)
            url = reverse("site_forms:export_full", args=[self.form_page.pk])
            buttons.append(
                Button(
                    _("Export with full numbers"),
                    url=f"{url}?{query.urlencode()}" if query else url,
                    icon_name="download",
                    priority=110,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context["data_headings"].append({"name": "details", "label": _("Details"), "order": None})
            for row in context["data_rows"]:
                url = reverse("site_forms:submission", args=[row["model_id"]])
                row["fields"].append(format_html('<a href="{}">{}</a>', url, _("View")))
        return context


class FullIdNumbersExportView(MaskedSubmissionsListView):
    """The Excel export with full ID numbers: only with the data centre's permission, audited."""

    full_id_numbers = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = True


def export_full_id_numbers(request, page_id):
    page = selectors.scoped_form_page(request.user, page_id)
    try:
        return FullIdNumbersExportView.as_view()(request, form_page=page)
    except PermissionDenied as error:
        return RefusalView.as_view()(request, form_page=page, refusal=str(error))


class FormResultsViewMixin(WagtailAdminTemplateMixin):
    """Screens below one form's results: Home / Forms / the form / this screen."""

    header_icon = "form"
    form_page = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailforms:index"), "label": _("Forms")},
            {"url": reverse("wagtailforms:list_submissions", args=[self.form_page.pk]), "label": self.form_page.title},
            {"url": "", "label": self.get_page_title()},
        ]


class RefusalView(FormResultsViewMixin, TemplateView):
    """A 403 page that says why. Wagtail's admin would turn PermissionDenied into a redirect home."""

    template_name = "site_forms/admin/refused.html"
    page_title = _("Export with full numbers")

    def get(self, request, *args, **kwargs):
        self.form_page = kwargs["form_page"]
        context = self.get_context_data(
            refusal=kwargs["refusal"],
            results_url=reverse("wagtailforms:list_submissions", args=[kwargs["form_page"].pk]),
        )
        return self.render_to_response(context, status=FORBIDDEN_STATUS)


class SubmissionView(FormResultsViewMixin, TemplateView):
    """One submission, ID numbers masked; with the permission, a POST (never a link) reveals them."""

    template_name = "site_forms/admin/submission.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = selectors.scoped_submission(request.user, kwargs["pk"])
        self.form_page = self.submission.page

    def get_page_title(self):
        return self.submission.reference

    def get_context_data(self, revealed=None, **kwargs):
        data = self.submission.get_data()
        revealed = revealed or {}
        rows = []
        for name, label in self.form_page.get_data_fields():
            value = revealed.get(name, data.get(name))
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            rows.append({"label": label, "value": value, "revealed": name in revealed})
        return super().get_context_data(
            submission=self.submission,
            rows=rows,
            has_id_numbers=bool(services.id_number_field_names(self.form_page)),
            can_reveal=services.may_see_full_id_numbers(self.request.user, self.form_page),
            revealed=bool(revealed),
            reveal_form=RevealForm(),
            **kwargs,
        )


class SubmissionRevealView(SubmissionView):
    """POST only: the full numbers are rendered into this one response and kept nowhere else."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = RevealForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            revealed = services.reveal_id_numbers(self.submission, actor=request.user, reason=reason)
        except PermissionDenied as error:
            # The masked screen again, saying why, as a 403 (the admin would redirect home instead).
            return self.render_to_response(self.get_context_data(refusal=str(error)), status=FORBIDDEN_STATUS)
        return self.render_to_response(self.get_context_data(revealed=revealed))
