"""Excel exports of case lists (the work queue, the scoped case list) through cms.spreadsheets."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.spreadsheets import write_workbook


def export_cases(cases):
    """.xlsx bytes with one row per case; `cases` comes from a selector (related rows joined, overdue flag)."""
    headers = [
        _("Case number"),
        _("Business"),
        _("Title"),
        _("Community"),
        _("Current step"),
        _("Waiting at"),
        _("Status"),
        _("Started at"),
        _("Due at"),
        _("Overdue"),
    ]

    def rows():
        for case in cases.iterator(chunk_size=500):
            yield [
                case.number,
                case.process.name,
                case.title,
                case.org_unit.name,
                case.current_step.name if case.current_step else "",
                case.current_org_unit.name if case.current_org_unit else "",
                case.get_status_display(),
                timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") if case.due_at else "",
                _("Yes") if getattr(case, "overdue_now", case.is_overdue) else "",
            ]

    return write_workbook(headers, rows(), title=_("Approval cases"))
