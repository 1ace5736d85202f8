"""Cases: the scoped list with its Excel export, the case page, the application form and the case actions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from cms.spreadsheets import workbook_response, write_workbook
from services.assistance import services
from services.assistance.forms import (
    ApplicationForm,
    AppraisalForm,
    CaseFilterForm,
    ChangeMembersForm,
    DatedReasonForm,
    DateForm,
    DocumentForm,
    MigrationForm,
    SurveyForm,
)
from services.assistance.models import CaseStatus
from services.assistance.selectors import case_detail, cases_for, search_cases
from services.assistance.views.common import AssistanceViewMixin, add_service_errors, paginate, report_service_error
from services.datacenter.models import ResidentStatus
from services.datacenter.selectors import households_for

CASES_CRUMB = ("assistance:cases", gettext_lazy("Assistance cases"))
EXPORT_LIMIT = 100_000


class CaseListView(AssistanceViewMixin, TemplateView):
    template_name = "assistance/admin/case_list.html"
    page_title = gettext_lazy("Assistance cases")

    def filtered(self):
        form = CaseFilterForm(self.request.GET or None, user=self.request.user)
        values = form.cleaned_data if form.is_valid() else {}
        return form, search_cases(
            self.request.user,
            query=values.get("q", ""),
            programme=values.get("programme", ""),
            status=values.get("status", ""),
            community=values.get("community", ""),
        )

    def get_context_data(self, **kwargs):
        form, cases = self.filtered()
        page, page_range = paginate(self.request, cases)
        return super().get_context_data(
            form=form,
            cases=page,
            elided_page_range=page_range,
            query_string=self.request.GET.urlencode(),
            can_apply=self.request.user.has_perm("assistance.add_assistancecase"),
            **kwargs,
        )


class CaseExportView(CaseListView):
    def get(self, request, *args, **kwargs):
        _form, cases = self.filtered()
        rows = cases.values_list(
            "number", "programme", "status", "org_unit__name", "household__address", "applicant__name",
            "applicant__id_number_masked", "member_count", "covered_count", "per_capita_income", "monthly_amount",
            "applied_on", "approved_on", "next_review_on",
        )[:EXPORT_LIMIT]  # fmt: skip
        programmes = dict(services.Programme.choices)
        statuses = dict(CaseStatus.choices)
        headers = [
            _("Case number"), _("Programme"), _("Status"), _("Community"), _("Address"), _("Applicant"),
            _("ID number"), _("Members"), _("Covered members"), _("Monthly income per head"), _("Benefit (yuan)"),
            _("Applied on"), _("Approved on"), _("Next review"),
        ]  # fmt: skip
        content = write_workbook(
            headers,
            (
                [row[0], str(programmes.get(row[1], row[1])), str(statuses.get(row[2], row[2])), *row[3:]]
                for row in rows.iterator(chunk_size=5_000)
            ),
            title=_("Assistance cases"),
        )
        return workbook_response(content, _("assistance-cases") + ".xlsx")


class CaseMixin(AssistanceViewMixin):
    parent_crumbs = (CASES_CRUMB,)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = case_detail(request.user, kwargs["pk"]) if request.user.is_authenticated else None
        if self.case is None:
            raise Http404


class CaseDetailView(CaseMixin, TemplateView):
    template_name = "assistance/admin/case_detail.html"

    def get_page_title(self):
        return f"{self.case.number} {self.case.get_programme_display()}"

    def get_page_subtitle(self):
        return self.case.applicant.name

    def get_context_data(self, **kwargs):
        case = self.case
        can_change = self.request.user.has_perm("assistance.change_assistancecase")
        approval = None
        if case.approval_number:
            from services.approvals.models import ApprovalCase

            approval = (
                ApprovalCase.objects.select_related("current_step", "current_org_unit")
                .filter(number=case.approval_number)
                .first()
            )
        return super().get_context_data(
            case=case,
            approval=approval,
            can_change=can_change,
            missing_documents=services.missing_documents(case),
            is_applying=case.status == CaseStatus.APPLYING,
            is_active=case.status == CaseStatus.ACTIVE,
            is_suspended=case.status == CaseStatus.SUSPENDED,
            **kwargs,
        )


# action slug: (form class, title, service call)
def _survey(case, user, data):
    return services.record_survey(case, actor=user, **data)


def _appraisal(case, user, data):
    return services.record_appraisal(case, actor=user, **data)


def _document(case, user, data):
    return services.add_document(case, actor=user, **data)


def _suspend(case, user, data):
    return services.suspend_case(case, actor=user, on=data["on"], reason=data["reason"])


def _resume(case, user, data):
    return services.resume_case(case, actor=user, on=data["on"])


def _terminate(case, user, data):
    return services.terminate_case(case, actor=user, on=data["on"], reason=data["reason"])


def _migrate(case, user, data):
    return services.migrate_household(case.household, actor=user, **data)


ACTIONS = {
    "survey": (SurveyForm, gettext_lazy("Record the household survey"), _survey),
    "appraisal": (AppraisalForm, gettext_lazy("Record the democratic appraisal"), _appraisal),
    "document": (DocumentForm, gettext_lazy("Add a document"), _document),
    "suspend": (DatedReasonForm, gettext_lazy("Suspend payments"), _suspend),
    "resume": (DateForm, gettext_lazy("Resume payments"), _resume),
    "terminate": (DatedReasonForm, gettext_lazy("Terminate the case"), _terminate),
    "migrate": (MigrationForm, gettext_lazy("Move the household"), _migrate),
}


class CaseActionView(CaseMixin, FormView):
    permission_required = "assistance.change_assistancecase"
    template_name = "assistance/admin/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["action"] not in ACTIONS:
            raise Http404
        self.form_class, self.title, self.service = ACTIONS[kwargs["action"]]

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return self.case.number

    def form_valid(self, form):
        try:
            self.service(self.case, self.request.user, dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("assistance:case", pk=self.case.pk)


class CaseChangeView(CaseMixin, FormView):
    """Change members, coverage and incomes: the benefit is recalculated from the chosen month."""

    permission_required = "assistance.change_assistancecase"
    template_name = "assistance/admin/change_form.html"
    page_title = gettext_lazy("Change members and incomes")

    def residents(self):
        case = self.case
        listed = {member.resident_id for member in case.member_list}
        household_members = case.household.members.filter(Q(status=ResidentStatus.ACTIVE) | Q(pk__in=listed))
        return list(household_members.order_by("pk"))

    def get_form(self, form_class=None):
        return ChangeMembersForm(**self.get_form_kwargs(), case=self.case, residents=self.residents())

    def form_valid(self, form):
        try:
            services.change_case(
                self.case,
                actor=self.request.user,
                effective_from=form.cleaned_data["effective_from"],
                members=form.members(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The case was changed and its benefit recalculated."))
        return redirect("assistance:case", pk=self.case.pk)


class CaseSubmitView(CaseMixin, View):
    permission_required = "assistance.change_assistancecase"

    def post(self, request, pk):
        try:
            approval = services.submit_for_approval(self.case, actor=request.user)
        except ValidationError as error:
            report_service_error(request, error)
        else:
            messages.success(request, _("Submitted for approval as %(number)s.") % {"number": approval.number})
        return redirect("assistance:case", pk=pk)


class ApplicationView(AssistanceViewMixin, FormView):
    """Step 1 (no household chosen): find the household; step 2: the application form of that household."""

    permission_required = "assistance.add_assistancecase"
    template_name = "assistance/admin/application.html"
    page_title = gettext_lazy("New application")
    parent_crumbs = (CASES_CRUMB,)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.household = None
        household_id = request.GET.get("household", "")
        if household_id.isdigit() and request.user.is_authenticated:
            self.household = households_for(request.user).filter(pk=int(household_id)).first()
            if self.household is None:
                raise PermissionDenied

    def residents(self):
        return list(self.household.members.filter(status=ResidentStatus.ACTIVE).order_by("pk"))

    def get_form(self, form_class=None):
        if self.household is None:
            return None
        kwargs = self.get_form_kwargs()
        kwargs.setdefault("initial", {})["programme"] = self.request.GET.get("programme", "urban_dibao")
        return ApplicationForm(**kwargs, household=self.household, residents=self.residents())

    def post(self, request, *args, **kwargs):
        if self.household is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        found = []
        if self.household is None and query:
            found = list(
                households_for(self.request.user)
                .filter(Q(address__icontains=query) | Q(head__name__icontains=query) | Q(number=query))
                .order_by("address")[:20]
            )
        return super().get_context_data(household=self.household, query=query, found=found, **kwargs)

    def form_valid(self, form):
        try:
            case = services.apply_for_assistance(
                **form.service_arguments(), actor=self.request.user, applied_on=timezone.localdate()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Application %(number)s recorded.") % {"number": case.number})
        return redirect("assistance:case", pk=case.pk)


def scoped_case_or_404(user, pk):
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case
