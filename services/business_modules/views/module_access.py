"""What every business-module admin screen shares: loading the module the user may see, and
showing a service's ValidationError next to the form inputs."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from services.business_modules.permissions import user_may_define, user_may_use_records
from services.business_modules.selectors import modules_for_user


def add_service_errors(form, error):
    """Put the messages of a service's ValidationError on the matching inputs (others on the form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class BusinessModulesAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "table"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("business_modules:index"), "label": _("Business modules")},
            *self.get_trail(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_trail(self):
        return []


class ModuleMixin(BusinessModulesAdminMixin):
    """Loads `self.module` from the URL; a module outside the user's reach does not exist for them.

    `required` is "define" for definition screens, or a record action ("view", "add", "change", "delete").
    """

    required = "view"

    def dispatch(self, request, *args, **kwargs):
        self.module = get_object_or_404(modules_for_user(request.user), pk=kwargs["module_id"])
        if self.required == "define":
            allowed = user_may_define(request.user, self.module)
        else:
            allowed = user_may_use_records(request.user, self.required)
        if not allowed:
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Load what else the URL names (a record, a field), once the module and permission are known."""

    def get_trail(self):
        return [{"url": reverse("business_modules:records", args=[self.module.pk]), "label": self.module.name}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "module": self.module,
            "may_define": user_may_define(self.request.user, self.module),
            "may_add": user_may_use_records(self.request.user, "add"),
            "may_change": user_may_use_records(self.request.user, "change"),
            "may_delete": user_may_use_records(self.request.user, "delete"),
        }
