"""Dynamic tracking and control: review tasks (overdue first) and compliance findings to resolve."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from cms.orgs.scoping import scope_to_user
from cms.spreadsheets import workbook_response, write_workbook
from services.assistance.compliance import file_staff_relative, resolve_finding
from services.assistance.forms import FindingFilterForm, OutcomeForm, ResolutionForm, StaffRelativeForm
from services.assistance.models import StaffRelative
from services.assistance.selectors import finding_counts, findings_for, review_tasks_for
from services.assistance.services import complete_review
from services.assistance.views.common import AssistanceViewMixin, add_service_errors, paginate, report_service_error
from services.datacenter.selectors import residents_for, with_id_number


class ReviewListView(AssistanceViewMixin, TemplateView):
    permission_required = "assistance.view_reviewtask"
    template_name = "assistance/admin/review_list.html"
    page_title = gettext_lazy("Reviews")
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        overdue_only = self.request.GET.get("overdue") == "1"
        tasks = review_tasks_for(self.request.user, overdue_only=overdue_only)
        page, page_range = paginate(self.request, tasks)
        return super().get_context_data(
            tasks=page,
            elided_page_range=page_range,
            overdue_only=overdue_only,
            overdue_count=review_tasks_for(self.request.user, overdue_only=True).count(),
            today=timezone.localdate(),
            form=OutcomeForm(),
            **kwargs,
        )


class ReviewCompleteView(AssistanceViewMixin, View):
    permission_required = "assistance.change_reviewtask"

    def post(self, request, pk):
        task = get_object_or_404(review_tasks_for(request.user), pk=pk)
        form = OutcomeForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Write down the outcome of the review."))
            complete_review(task, actor=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            report_service_error(request, error)
        else:
            messages.success(request, _("Review recorded; the next one is scheduled."))
        return redirect("assistance:reviews")


class FindingListView(AssistanceViewMixin, TemplateView):
    permission_required = "assistance.view_compliancefinding"
    template_name = "assistance/admin/finding_list.html"
    page_title = gettext_lazy("Compliance findings")
    header_icon = "warning"

    def findings(self):
        form = FindingFilterForm(self.request.GET or None)
        values = form.cleaned_data if form.is_valid() else {}
        findings = findings_for(self.request.user, open_only=not values.get("resolved"), kind=values.get("kind", ""))
        return form, findings

    def get_context_data(self, **kwargs):
        form, findings = self.findings()
        page, page_range = paginate(self.request, findings)
        return super().get_context_data(
            form=form,
            findings=page,
            elided_page_range=page_range,
            counts=finding_counts(self.request.user),
            resolve_form=ResolutionForm(),
            query_string=self.request.GET.urlencode(),
            **kwargs,
        )


class FindingExportView(FindingListView):
    def get(self, request, *args, **kwargs):
        _form, findings = self.findings()
        headers = [_("Finding"), _("Case number"), _("Community"), _("Resident"), _("Detail"), _("Found at"),
                   _("Resolved at"), _("Resolution")]  # fmt: skip
        rows = (
            [
                finding.get_kind_display(),
                finding.case.number,
                finding.org_unit.name,
                finding.resident.name if finding.resident else "",
                finding.detail,
                timezone.localtime(finding.found_at).replace(tzinfo=None),
                timezone.localtime(finding.resolved_at).replace(tzinfo=None) if finding.resolved_at else None,
                finding.resolution,
            ]  # fmt: skip
            for finding in findings.iterator(chunk_size=2_000)
        )
        return workbook_response(
            write_workbook(headers, rows, title=_("Compliance findings")), _("compliance-findings") + ".xlsx"
        )


class FindingResolveView(AssistanceViewMixin, View):
    permission_required = "assistance.change_compliancefinding"

    def post(self, request, pk):
        finding = get_object_or_404(findings_for(request.user), pk=pk)
        try:
            resolve_finding(finding, actor=request.user, resolution=request.POST.get("resolution", ""))
        except ValidationError as error:
            report_service_error(request, error)
        else:
            messages.success(request, _("Finding resolved."))
        return redirect("assistance:findings")


class StaffRelativeView(AssistanceViewMixin, FormView):
    """备案: relatives of staff in the user's area; their applications are flagged by the checks."""

    permission_required = "assistance.view_staffrelative"
    template_name = "assistance/admin/staff_relatives.html"
    page_title = gettext_lazy("Filed relatives of staff")
    header_icon = "group"

    def get_form(self, form_class=None):
        return StaffRelativeForm(**self.get_form_kwargs(), user=self.request.user)

    def get_context_data(self, **kwargs):
        filings = scope_to_user(
            StaffRelative.objects.select_related("staff", "resident", "org_unit").order_by("-filed_at"),
            self.request.user,
        )
        page, page_range = paginate(self.request, filings)
        return super().get_context_data(
            filings=page,
            elided_page_range=page_range,
            can_file=self.request.user.has_perm("assistance.add_staffrelative"),
            **kwargs,
        )

    def form_valid(self, form):
        if not self.request.user.has_perm("assistance.add_staffrelative"):
            raise PermissionDenied
        data = form.cleaned_data
        try:
            resident = with_id_number(residents_for(self.request.user), data["id_number"]).first()
            if resident is None:
                raise ValidationError({"id_number": _("No resident of your area has this ID number.")})
            file_staff_relative(
                staff=data["staff"], resident=resident, relation=data["relation"], actor=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Relative filed."))
        return redirect("assistance:staff_relatives")


class ReviewExportView(ReviewListView):
    def get(self, request, *args, **kwargs):
        tasks = review_tasks_for(request.user, overdue_only=request.GET.get("overdue") == "1")
        headers = [_("Due on"), _("Case number"), _("Applicant"), _("Community"), _("Review interval")]
        rows = (
            [
                task.due_on,
                task.case.number,
                task.case.applicant.name,
                task.org_unit.name,
                task.case.get_review_interval_display(),
            ]  # fmt: skip
            for task in tasks.iterator(chunk_size=2_000)
        )
        return workbook_response(write_workbook(headers, rows, title=_("Reviews")), _("reviews") + ".xlsx")
