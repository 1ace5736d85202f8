"""What every assistance admin screen shares: a permission check, breadcrumbs, service errors on forms."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

LIST_PAGE_SIZE = 50


class AssistanceViewMixin(WagtailAdminTemplateMixin):
    """Refuses users without `permission_required`; which records they reach is the selectors' scoping."""

    permission_required = "assistance.view_assistancecase"
    header_icon = "help"
    parent_crumbs = ()  # (url name, label) pairs between Home and this page

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(name), "label": label} for name, label in self.parent_crumbs]
        return [*self.breadcrumbs_items, *crumbs, {"url": "", "label": self.get_page_title()}]


def paginate(request, queryset, per_page=LIST_PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return page, paginator.get_elided_page_range(page.number)


def add_service_errors(form, error):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def report_service_error(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)
