"""Admin views of population statistics: the page with its unit and month pickers, and the Excel
export of each table. Thin: parse the choice, call statistics/snapshots, render."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.audit.services import record_audit
from cms.spreadsheets import workbook_response, write_workbook
from services.datacenter.snapshots import parse_month, snapshot_months, stored_population_statistics
from services.datacenter.statistics import (
    TABLE_KEYS,
    default_statistics_unit,
    population_statistics,
    statistics_units_for,
    user_may_view_population_statistics,
)


class StatisticsChoiceForm(forms.Form):
    """Rendered only: the choice is read by `read_choice`, which enforces the scope."""

    unit = forms.ChoiceField(label=gettext_lazy("Org unit"))
    month = forms.ChoiceField(label=gettext_lazy("Month"), required=False)

    def __init__(self, *args, units, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.indented_name) for unit in units]
        self.fields["month"].choices = [("", _("Current (live)"))] + [
            (f"{month:%Y-%m}", formats.date_format(month, "YEAR_MONTH_FORMAT")) for month in months
        ]


class StatisticsChoice:
    """The unit and month a request asks for, and their tables (None if the month was not stored)."""

    def __init__(self, request):
        user = request.user
        if not user_may_view_population_statistics(user):
            raise PermissionDenied
        self.units = statistics_units_for(user)
        unit_id = request.GET.get("unit", "")
        if unit_id:
            self.unit = self.units.filter(pk=unit_id).first() if unit_id.isdigit() else None
            if self.unit is None:  # outside the user's subtree, or no such unit
                raise PermissionDenied
        else:
            self.unit = default_statistics_unit(user)
            if self.unit is None:
                raise PermissionDenied
        self.month_text = request.GET.get("month", "").strip()
        self.month = None
        if self.month_text:
            try:
                self.month = parse_month(self.month_text)
            except ValidationError:
                self.month_text = ""
        if self.month is None:
            self.statistics = population_statistics(self.unit)
        else:
            self.statistics = stored_population_statistics(self.unit, self.month)

    @property
    def query_string(self):
        return f"unit={self.unit.pk}&month={self.month_text}"


class PopulationStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "datacenter/statistics/index.html"
    page_title = gettext_lazy("Population statistics")
    header_icon = "group"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        choice = StatisticsChoice(self.request)
        form = StatisticsChoiceForm(
            initial={"unit": choice.unit.pk, "month": choice.month_text},
            units=choice.units,
            months=snapshot_months(choice.unit),
        )
        statistics = choice.statistics
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "unit": choice.unit,
            "month": choice.month,
            "statistics": statistics,
            "chart_data": statistics.chart_data() if statistics else None,
            "query_string": choice.query_string,
        }


class PopulationStatisticsExportView(View):
    """One table as .xlsx: a row per child unit, then the total row, as on the page."""

    def get(self, request, table_key):
        if table_key not in TABLE_KEYS:
            raise Http404
        choice = StatisticsChoice(request)
        if choice.statistics is None:
            raise Http404(_("No snapshot was stored for this unit and month."))
        statistics = choice.statistics
        table = statistics.table(table_key)
        headers = [statistics.row_level_label, _("Administrative code"), *table.column_labels]
        rows = [[row.name, row.code, *row.values] for row in table.rows]
        rows.append([_("Total"), statistics.unit_code, *table.total])
        period = f"{choice.month:%Y-%m}" if choice.month else f"{timezone.localdate():%Y-%m-%d}"
        record_audit(
            "population_statistics.export",
            actor=request.user,
            org_unit=choice.unit,
            detail={"table": table_key, "month": choice.month_text or "live"},
        )
        content = write_workbook(headers, rows, title=str(table.title))
        return workbook_response(content, f"{statistics.unit_name}-{table.title}-{period}.xlsx")


population_statistics_view = PopulationStatisticsView.as_view()
population_statistics_export = PopulationStatisticsExportView.as_view()
