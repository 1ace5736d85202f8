"""Admin integration: the approval URLs and the "Approvals" menu (work queue first)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from services.approvals import admin_views
from services.approvals.selectors import work_queue_counts

process_viewset = admin_views.ProcessViewSet("approval_processes")
workday_viewset = admin_views.WorkdayAdjustmentViewSet("approval_workdays")

urlpatterns = [
    path("queue/", admin_views.WorkQueueView.as_view(), name="queue"),
    path("queue/export/", admin_views.WorkQueueExportView.as_view(), name="queue_export"),
    path("cases/", admin_views.CaseListView.as_view(), name="cases"),
    path("cases/export/", admin_views.CaseListExportView.as_view(), name="cases_export"),
    path("cases/<int:pk>/", admin_views.CaseDetailView.as_view(), name="case"),
    path("attachments/<int:pk>/", admin_views.AttachmentView.as_view(), name="attachment"),
]


@hooks.register("register_admin_viewset")
def register_approval_viewsets():
    return [process_viewset, workday_viewset]


@hooks.register("register_admin_urls")
def register_approval_urls():
    return [path("approvals/", include((urlpatterns, "approvals"), namespace="approvals"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def approvals_menu():
    return Menu(
        items=[
            PermissionMenuItem(
                _("Cases to handle"),
                reverse_lazy("approvals:queue"),
                "approvals.view_approvalcase",
                icon_name="tasks",
                order=100,
            ),
            PermissionMenuItem(
                _("All approval cases"),
                reverse_lazy("approvals:cases"),
                "approvals.view_approvalcase",
                icon_name="list-ul",
                order=200,
            ),
            PermissionMenuItem(
                _("Approval processes"),
                reverse_lazy(process_viewset.get_url_name("index")),
                "approvals.change_approvalprocess",
                icon_name="cogs",
                order=300,
            ),
            PermissionMenuItem(
                _("Holidays and make-up days"),
                reverse_lazy(workday_viewset.get_url_name("index")),
                "approvals.change_workdayadjustment",
                icon_name="date",
                order=400,
            ),
        ]
    )


@hooks.register("register_admin_menu_item")
def register_approvals_menu():
    return SubmenuMenuItem(_("Approvals"), approvals_menu(), name="approvals", icon_name="tasks", order=350)


class WorkQueuePanel(Component):
    """Dashboard: how many cases wait at the user's unit, and how many of them are overdue."""

    name = "approval_work_queue"
    order = 40
    template_name = "approvals/admin/queue_panel.html"

    def __init__(self, waiting, overdue):
        self.waiting, self.overdue = waiting, overdue

    def get_context_data(self, parent_context=None):
        return {"waiting": self.waiting, "overdue": self.overdue}


@hooks.register("construct_homepage_panels")
def add_work_queue_panel(request, panels):
    if not request.user.has_perm("approvals.view_approvalcase"):
        return
    waiting, overdue = work_queue_counts(request.user)
    if waiting:
        panels.append(WorkQueuePanel(waiting, overdue))
