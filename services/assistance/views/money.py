"""Money screens: standards and 调标 with its preview, payrolls with the bank file, fund statistics."""

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from cms.orgs.scoping import visible_org_units
from cms.spreadsheets import workbook_response, write_workbook
from services.assistance import payroll as payroll_service
from services.assistance.forms import FundStatisticsForm, PayrollForm, StandardForm
from services.assistance.programmes import Programme
from services.assistance.selectors import adjustments_for, payrolls_for, standards_for
from services.assistance.standards import adjust_standard, plan_standard_adjustment
from services.assistance.views.common import AssistanceViewMixin, add_service_errors, paginate, report_service_error

PREVIEW_ROWS = 200


class StandardListView(AssistanceViewMixin, TemplateView):
    permission_required = "assistance.view_standard"
    template_name = "assistance/admin/standard_list.html"
    page_title = gettext_lazy("Assistance standards")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        standards = standards_for(self.request.user).order_by("programme", "org_unit__path", "-effective_from")
        page, page_range = paginate(self.request, standards)
        return super().get_context_data(
            standards=page,
            elided_page_range=page_range,
            adjustments=list(adjustments_for(self.request.user)[:20]),
            can_adjust=self.request.user.has_perm("assistance.adjust_standard"),
            **kwargs,
        )


class StandardAdjustView(AssistanceViewMixin, FormView):
    """调标: the form, then the preview of every household's difference, then the commit of the same plan."""

    permission_required = "assistance.adjust_standard"
    template_name = "assistance/admin/standard_adjust.html"
    page_title = gettext_lazy("Adjust a standard")
    parent_crumbs = (("assistance:standards", gettext_lazy("Assistance standards")),)

    def get_form(self, form_class=None):
        return StandardForm(**self.get_form_kwargs(), user=self.request.user)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        arguments = {
            "programme": data["programme"], "org_unit": data["org_unit"], "effective_from": data["effective_from"],
            "amount": data["amount"], "minimum_benefit": data["minimum_benefit"], "ratio": data["ratio"],
        }  # fmt: skip
        try:
            if self.request.POST.get("confirm") == "1":
                adjustment = adjust_standard(**arguments, note=data["note"], actor=self.request.user)
                messages.success(
                    self.request,
                    _("Standard saved; %(count)s households recalculated.") % {"count": adjustment.case_count},
                )
                return redirect("assistance:standards")
            from services.assistance.standards import validate_standard_values

            validate_standard_values(data["programme"], data["amount"], data["minimum_benefit"], data["ratio"])
            plan = plan_standard_adjustment(**arguments, limit=PREVIEW_ROWS)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, plan=plan, preview_rows=plan.rows))


class PayrollListView(AssistanceViewMixin, FormView):
    permission_required = "assistance.view_payrollrun"
    template_name = "assistance/admin/payroll_list.html"
    page_title = gettext_lazy("Payrolls")
    header_icon = "list-ul"

    def get_form(self, form_class=None):
        return PayrollForm(**self.get_form_kwargs(), user=self.request.user)

    def get_context_data(self, **kwargs):
        page, page_range = paginate(self.request, payrolls_for(self.request.user))
        return super().get_context_data(
            runs=page,
            elided_page_range=page_range,
            can_generate=self.request.user.has_perm("assistance.add_payrollrun"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("assistance.add_payrollrun"):
            raise Http404
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            run = payroll_service.generate_payroll(**form.cleaned_data, actor=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return redirect("assistance:payroll", pk=run.pk)


class PayrollMixin(AssistanceViewMixin):
    permission_required = "assistance.view_payrollrun"
    parent_crumbs = (("assistance:payrolls", gettext_lazy("Payrolls")),)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.run = (
            get_object_or_404(payrolls_for(request.user), pk=kwargs["pk"]) if request.user.is_authenticated else None
        )


class PayrollDetailView(PayrollMixin, TemplateView):
    template_name = "assistance/admin/payroll_detail.html"

    def get_page_title(self):
        return str(self.run)

    def get_context_data(self, **kwargs):
        lines = self.run.lines.select_related("case", "org_unit", "payee").order_by("org_unit__path", "case__number")
        page, page_range = paginate(self.request, lines)
        user = self.request.user
        return super().get_context_data(
            run=self.run,
            lines=page,
            elided_page_range=page_range,
            can_change=user.has_perm("assistance.change_payrollrun"),
            can_bank=user.has_perm("assistance.export_bank_file"),
            **kwargs,
        )


class PayrollActionView(PayrollMixin, View):
    permission_required = "assistance.change_payrollrun"

    def post(self, request, pk, action):
        operation = {"confirm": payroll_service.confirm_payroll, "cancel": payroll_service.cancel_payroll}.get(action)
        if operation is None:
            raise Http404
        try:
            operation(self.run, actor=request.user)
        except ValidationError as error:
            report_service_error(request, error)
        return redirect("assistance:payroll", pk=pk)


class PayrollExportView(PayrollMixin, View):
    """The payroll (masked numbers) as .xlsx; the bank file (full numbers, audited) as .xlsx or CSV."""

    def get(self, request, pk, kind):
        name = f"{self.run.month:%Y-%m}-{self.run.programme}-{self.run.org_unit.code}"
        try:
            if kind == "xlsx":
                rows = payroll_service.payroll_rows(self.run)
                content = write_workbook(payroll_service.payroll_headers(), rows, title=_("Payroll"))
                return workbook_response(content, f"{_('payroll')}-{name}.xlsx")
            if kind == "bank-xlsx":
                rows = payroll_service.bank_file_rows(self.run, actor=request.user)
                content = write_workbook(payroll_service.payroll_headers(), rows, title=_("Bank file"))
                return workbook_response(content, f"{_('bank-file')}-{name}.xlsx")
            if kind == "bank-csv":
                content = payroll_service.bank_file_csv(self.run, actor=request.user)
                response = HttpResponse(content, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="bank-file-{name}.csv"'
                return response
        except ValidationError as error:
            report_service_error(request, error)
            return redirect("assistance:payroll", pk=pk)
        raise Http404


class FundStatisticsView(AssistanceViewMixin, TemplateView):
    permission_required = "assistance.view_payrollrun"
    template_name = "assistance/admin/fund_statistics.html"
    page_title = gettext_lazy("Fund statistics")
    header_icon = "chart"

    def statistics(self):
        form = FundStatisticsForm(self.request.GET or None, user=self.request.user)
        if form.is_bound and form.is_valid():
            unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        else:
            unit = visible_org_units(self.request.user).order_by("depth", "path").first()
            year = form.fields["year"].initial
        if unit is None:
            raise Http404
        try:
            statistics = payroll_service.fund_statistics(unit, year=year)
        except ValidationError as error:
            report_service_error(self.request, error)
            statistics = {"areas": [], "months": {}, "total": 0}
        return form, unit, year, statistics

    def table(self, statistics):
        programmes = [
            programme for programme in Programme if any(programme in totals for _unit, totals in statistics["areas"])
        ]
        rows = [
            (unit.name, [totals.get(programme, 0) for programme in programmes], sum(totals.values()))
            for unit, totals in statistics["areas"]
        ]
        return programmes, rows

    def get_context_data(self, **kwargs):
        form, unit, year, statistics = self.statistics()
        programmes, rows = self.table(statistics)
        chart = {
            "months": [f"{month}月" for month in range(1, 13)],
            "series": [
                {"name": str(Programme(programme).label), "data": [float(value) for value in values]}
                for programme, values in statistics["months"].items()
            ],
            "areas": [name for name, _values, _total in rows],
            "area_totals": [float(total) for _name, _values, total in rows],
        }
        return super().get_context_data(
            form=form,
            unit=unit,
            year=year,
            programmes=[Programme(programme).label for programme in programmes],
            rows=rows,
            total=statistics["total"],
            chart_json=json.dumps(chart, ensure_ascii=False),
            query_string=f"unit={unit.pk}&year={year}",
            **kwargs,
        )


class FundStatisticsExportView(FundStatisticsView):
    def get(self, request, *args, **kwargs):
        _form, unit, year, statistics = self.statistics()
        programmes, rows = self.table(statistics)
        headers = [_("Area"), *[str(Programme(programme).label) for programme in programmes], _("Total")]
        content = write_workbook(
            headers, ([name, *values, total] for name, values, total in rows), title=_("Fund statistics")
        )
        return workbook_response(content, f"{_('fund-statistics')}-{unit.code}-{year}.xlsx")
