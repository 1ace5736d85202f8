"""Admin screens of the approval engine (Wagtail): process definitions with inline steps, the calendar of
holidays and make-up days, the work queue (待办审批) with its Excel export, the scoped list of all cases,
and a case page with the decision history, the decision form, public notice and objections.

The views parse input and call services/selectors; every rule lives in services.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from cms.audit.services import record_audit
from cms.orgs.scoping import org_unit_of, sees_everything
from cms.spreadsheets import workbook_response
from services.approvals import registry, services
from services.approvals.exports import export_cases
from services.approvals.forms import (
    CaseFilterForm,
    DecisionForm,
    NoticeForm,
    ObjectionForm,
    ProcessForm,
    ResolveObjectionForm,
    ResubmitForm,
    WorkdayAdjustmentForm,
)
from services.approvals.models import (
    ApprovalProcess,
    CaseStatus,
    DecisionAttachment,
    StepKind,
    WorkdayAdjustment,
)
from services.approvals.selectors import (
    case_for_user,
    case_history,
    case_notices,
    case_progress,
    cases_for_user,
    work_queue,
)

LIST_PAGE_SIZE = 50
VIEW_PERMISSION = "approvals.view_approvalcase"


class ProcessViewSet(ModelViewSet):
    model = ApprovalProcess
    icon = "tasks"
    menu_label = gettext_lazy("Approval processes")
    add_to_admin_menu = False
    list_display = ["name", "business_type", "final_level", "updated_at"]
    search_fields = ["name", "business_type"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("business_type"),
            FieldPanel("name"),
            FieldPanel("final_level"),
            FieldPanel("description"),
            InlinePanel(
                "steps",
                heading=gettext_lazy("Steps, from the community up"),
                label=gettext_lazy("Step"),
                min_num=1,
                panels=[
                    FieldPanel("name"),
                    FieldPanel("kind"),
                    FieldPanel("level"),
                    FieldPanel("time_limit_days"),
                    FieldPanel("notice_days"),
                    FieldPanel("optional"),
                ],
            ),
        ],
        base_form_class=ProcessForm,
    )


class WorkdayAdjustmentViewSet(ModelViewSet):
    model = WorkdayAdjustment
    icon = "date"
    menu_label = gettext_lazy("Holidays and make-up days")
    add_to_admin_menu = False
    edit_handler = ObjectList(
        [FieldPanel("date"), FieldPanel("is_workday"), FieldPanel("name")], base_form_class=WorkdayAdjustmentForm
    )
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    copy_view_enabled = False
    inspect_view_enabled = False


class ApprovalViewMixin(WagtailAdminTemplateMixin):
    permission_required = VIEW_PERMISSION
    header_icon = "tasks"
    parent_crumbs = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(name), "label": label} for name, label in self.parent_crumbs]
        return [*self.breadcrumbs_items, *crumbs, {"url": "", "label": self.get_page_title()}]


def paginate(request, queryset):
    paginator = Paginator(queryset, LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("p"))
    return page, paginator.get_elided_page_range(page.number)


class WorkQueueView(ApprovalViewMixin, TemplateView):
    template_name = "approvals/admin/work_queue.html"
    page_title = gettext_lazy("Cases to handle")

    def get_context_data(self, **kwargs):
        cases, page_range = paginate(self.request, work_queue(self.request.user))
        return super().get_context_data(
            cases=cases, elided_page_range=page_range, unit=org_unit_of(self.request.user), **kwargs
        )


class WorkQueueExportView(ApprovalViewMixin, View):
    def get(self, request):
        cases = work_queue(request.user)
        record_audit("approvals.queue.export", actor=request.user, org_unit=org_unit_of(request.user))
        return workbook_response(export_cases(cases), f"{_('cases-to-handle')}-{timezone.localdate():%Y%m%d}.xlsx")


def filtered_cases(request):
    form = CaseFilterForm(request.GET or None)
    cases = cases_for_user(request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            cases = cases.filter(status=form.cleaned_data["status"])
        query = form.cleaned_data["q"].strip()
        if query:
            cases = cases.filter(Q(number__iexact=query) | Q(title__icontains=query))
    return form, cases.order_by("-created_at", "-pk")


class CaseListView(ApprovalViewMixin, TemplateView):
    template_name = "approvals/admin/case_list.html"
    page_title = gettext_lazy("All approval cases")

    def get_context_data(self, **kwargs):
        form, cases = filtered_cases(self.request)
        page, page_range = paginate(self.request, cases)
        return super().get_context_data(
            form=form, cases=page, elided_page_range=page_range, query_string=self.request.GET.urlencode(), **kwargs
        )


class CaseListExportView(ApprovalViewMixin, View):
    def get(self, request):
        _form, cases = filtered_cases(request)
        record_audit("approvals.cases.export", actor=request.user, org_unit=org_unit_of(request.user))
        return workbook_response(export_cases(cases), f"{_('approval-cases')}-{timezone.localdate():%Y%m%d}.xlsx")


class CaseDetailView(ApprovalViewMixin, TemplateView):
    """One case: its steps, history, notice and objections, and the forms for whoever must act now."""

    template_name = "approvals/admin/case_detail.html"
    parent_crumbs = (("approvals:queue", gettext_lazy("Cases to handle")),)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.forms = {}

    def get_case(self):
        case = case_for_user(self.request.user, self.kwargs["pk"])
        if case is None:
            raise Http404
        return case

    def get_page_title(self):
        return _("Case %(number)s") % {"number": self.case.number}

    def get(self, request, *args, **kwargs):
        self.case = self.get_case()
        return super().get(request, *args, **kwargs)

    def acts_here(self, unit):
        user = self.request.user
        return user.has_perm(services.DECIDE_PERMISSION) and (sees_everything(user) or org_unit_of(user) == unit)

    def get_context_data(self, **kwargs):
        case = self.case
        notices = case_notices(case)
        current_notice = next((n for n in notices if n.step_id == case.current_step_id), None)
        context = {
            "case": case,
            "progress": case_progress(case.number),
            "history": case_history(case),
            "notices": notices,
            "current_notice": current_notice,
            "business_label": registry.business_type_label(case.process.business_type),
            "subject_url": registry.subject_url(case),
            "today": timezone.localdate(),
        }
        if case.status == CaseStatus.IN_PROGRESS and self.acts_here(case.current_org_unit):
            remaining = services.remaining_steps(case, case.current_step)
            context["decision_form"] = self.forms.get("decide") or DecisionForm(case=case, remaining_steps=remaining)
            if case.current_step.kind == StepKind.PUBLIC_NOTICE:
                if current_notice is None:
                    context["notice_form"] = self.forms.get("notice") or NoticeForm(
                        initial={"starts_on": timezone.localdate()}
                    )
                else:
                    context["objection_form"] = self.forms.get("objection") or ObjectionForm()
                    context["resolve_form"] = self.forms.get("resolve") or ResolveObjectionForm()
                    context["resolve_for"] = self.forms.get("resolve_for")
        if case.status == CaseStatus.RETURNED and self.acts_here(case.org_unit):
            context["resubmit_form"] = self.forms.get("resubmit") or ResubmitForm()
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        self.case = self.get_case()
        action = request.POST.get("action")
        handler = {
            "decide": self.post_decision,
            "resubmit": self.post_resubmit,
            "notice": self.post_notice,
            "objection": self.post_objection,
            "resolve": self.post_resolve,
        }.get(action)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect("approvals:case", pk=self.case.pk)
        try:
            done = handler()
        except services.ApprovalError as error:
            messages.error(request, error.messages[0])
            done = None
        if done:
            messages.success(request, done)
            return redirect("approvals:case", pk=self.case.pk)
        self.case = self.get_case()
        return self.render_to_response(self.get_context_data())

    def post_decision(self):
        case = self.case
        if case.current_step is None:
            raise services.ApprovalError("case_finished", _("This case is already finished."))
        form = DecisionForm(
            self.request.POST,
            self.request.FILES,
            case=case,
            remaining_steps=services.remaining_steps(case, case.current_step),
        )
        self.forms["decide"] = form
        if not form.is_valid():
            return None
        if form.cleaned_data["step"] != case.current_step_id:
            raise services.ApprovalError(
                "already_decided",
                _("This step of case %(number)s has already been decided; reload the case.") % {"number": case.number},
            )
        decision = services.decide(
            case,
            actor=self.request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            attachments=form.cleaned_data["attachments"],
        )
        return _("Decision recorded: %(decision)s.") % {"decision": decision.get_decision_display()}

    def post_resubmit(self):
        form = ResubmitForm(self.request.POST)
        self.forms["resubmit"] = form
        if not form.is_valid():
            return None
        services.resubmit(self.case, actor=self.request.user, comment=form.cleaned_data["comment"])
        return _("The case was resubmitted.")

    def post_notice(self):
        form = NoticeForm(self.request.POST)
        self.forms["notice"] = form
        if not form.is_valid():
            return None
        notice = services.start_public_notice(
            self.case, actor=self.request.user, starts_on=form.cleaned_data["starts_on"]
        )
        return _("The public notice runs from %(start)s to %(end)s.") % {
            "start": notice.starts_on.isoformat(),
            "end": notice.ends_on.isoformat(),
        }

    def _current_notice(self):
        notice = next((n for n in case_notices(self.case) if n.step_id == self.case.current_step_id), None)
        if notice is None:
            raise services.ApprovalError("notice_not_started", _("Start the public notice before passing this step."))
        return notice

    def post_objection(self):
        form = ObjectionForm(self.request.POST)
        self.forms["objection"] = form
        if not form.is_valid():
            return None
        services.record_objection(
            self._current_notice(),
            text=form.cleaned_data["text"],
            objector=form.cleaned_data["objector"],
            actor=self.request.user,
        )
        return _("The objection was recorded.")

    def post_resolve(self):
        form = ResolveObjectionForm(self.request.POST)
        self.forms["resolve"] = form
        if not form.is_valid():
            self.forms["resolve_for"] = form.data.get("objection")
            return None
        notice = self._current_notice()
        objection = notice.objections.filter(pk=form.cleaned_data["objection"]).first()
        if objection is None:
            raise Http404
        services.resolve_objection(
            objection,
            actor=self.request.user,
            resolution=form.cleaned_data["resolution"],
            upheld=form.cleaned_data["upheld"],
        )
        return _("The objection was resolved.")


class AttachmentView(ApprovalViewMixin, View):
    """Attachments are served only to people who may see the case, never from a public media URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(DecisionAttachment.objects.select_related("decision"), pk=pk)
        if case_for_user(request.user, attachment.decision.case_id) is None:
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
