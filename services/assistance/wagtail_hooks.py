"""Admin integration: the assistance URLs and the "Social assistance" menu."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from services.assistance.views import cases, money, tracking

urlpatterns = [
    path("cases/", cases.CaseListView.as_view(), name="cases"),
    path("cases/export/", cases.CaseExportView.as_view(), name="case_export"),
    path("cases/apply/", cases.ApplicationView.as_view(), name="apply"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/submit/", cases.CaseSubmitView.as_view(), name="case_submit"),
    path("cases/<int:pk>/change/", cases.CaseChangeView.as_view(), name="case_change"),
    path("cases/<int:pk>/<slug:action>/", cases.CaseActionView.as_view(), name="case_action"),
    path("reviews/", tracking.ReviewListView.as_view(), name="reviews"),
    path("reviews/export/", tracking.ReviewExportView.as_view(), name="review_export"),
    path("staff-relatives/", tracking.StaffRelativeView.as_view(), name="staff_relatives"),
    path("reviews/<int:pk>/complete/", tracking.ReviewCompleteView.as_view(), name="review_complete"),
    path("findings/", tracking.FindingListView.as_view(), name="findings"),
    path("findings/export/", tracking.FindingExportView.as_view(), name="finding_export"),
    path("findings/<int:pk>/resolve/", tracking.FindingResolveView.as_view(), name="finding_resolve"),
    path("standards/", money.StandardListView.as_view(), name="standards"),
    path("standards/adjust/", money.StandardAdjustView.as_view(), name="standard_adjust"),
    path("payrolls/", money.PayrollListView.as_view(), name="payrolls"),
    path("payrolls/<int:pk>/", money.PayrollDetailView.as_view(), name="payroll"),
    path("payrolls/<int:pk>/export/<slug:kind>/", money.PayrollExportView.as_view(), name="payroll_export"),
    path("payrolls/<int:pk>/<slug:action>/", money.PayrollActionView.as_view(), name="payroll_action"),
    path("statistics/", money.FundStatisticsView.as_view(), name="statistics"),
    path("statistics/export/", money.FundStatisticsExportView.as_view(), name="statistics_export"),
]


@hooks.register("register_admin_urls")
def register_assistance_urls():
    return [path("assistance/", include((urlpatterns, "assistance"), namespace="assistance"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def assistance_menu():
    entries = [
        (_("Assistance cases"), "assistance:cases", "assistance.view_assistancecase", "help"),
        (_("New application"), "assistance:apply", "assistance.add_assistancecase", "plus"),
        (_("Reviews"), "assistance:reviews", "assistance.view_reviewtask", "calendar"),
        (_("Compliance findings"), "assistance:findings", "assistance.view_compliancefinding", "warning"),
        (_("Filed relatives of staff"), "assistance:staff_relatives", "assistance.view_staffrelative", "group"),
        (_("Assistance standards"), "assistance:standards", "assistance.view_standard", "tasks"),
        (_("Payrolls"), "assistance:payrolls", "assistance.view_payrollrun", "list-ul"),
        (_("Fund statistics"), "assistance:statistics", "assistance.view_payrollrun", "chart"),
    ]
    return Menu(
        items=[
            PermissionMenuItem(label, reverse_lazy(url), permission, icon_name=icon, order=100 * (index + 1))
            for index, (label, url, permission, icon) in enumerate(entries)
        ]
    )


class AssistanceMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assistance.view_assistancecase") or request.user.has_perm(
            "assistance.view_payrollrun"
        )


@hooks.register("register_admin_menu_item")
def register_assistance_menu():
    return AssistanceMenuItem(_("Social assistance"), assistance_menu(), name="assistance", icon_name="help", order=420)
