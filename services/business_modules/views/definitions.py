"""Defining modules: the module list, a module's name and owner, its fields (add, edit, reorder,
retire) and its statistics items. Thin: every change goes through services.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, View
from wagtail.admin import messages

from services.business_modules import services
from services.business_modules.forms import ModuleFieldForm, ModuleForm, ModuleStatisticForm
from services.business_modules.models import ModuleField, ModuleStatistic
from services.business_modules.permissions import user_may_define, user_may_define_modules, user_may_use_records
from services.business_modules.selectors import modules_for_user
from services.business_modules.views.module_access import (
    BusinessModulesAdminMixin,
    ModuleMixin,
    add_service_errors,
)


class ModuleIndexView(BusinessModulesAdminMixin, ListView):
    template_name = "business_modules/admin/module_index.html"
    context_object_name = "modules"
    paginate_by = 50
    page_title = gettext_lazy("Business modules")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not (user_may_define_modules(request.user) or user_may_use_records(request.user, "view")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return modules_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["may_create"] = user_may_define_modules(user)
        context["may_view_records"] = user_may_use_records(user, "view")
        context["definable"] = {module.pk for module in context["modules"] if user_may_define(user, module)}
        return context


class ModuleCreateView(BusinessModulesAdminMixin, FormView):
    template_name = "business_modules/admin/form.html"
    form_class = ModuleForm
    page_title = gettext_lazy("New business module")

    def dispatch(self, request, *args, **kwargs):
        if not user_may_define_modules(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            module = services.create_module(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Module %(name)s created. Now add its fields.") % {"name": module.name})
        return redirect("business_modules:define", module.pk)


class ModuleDefinitionView(ModuleMixin, FormView):
    """The module's name and description, with its fields and statistics items listed below."""

    required = "define"
    template_name = "business_modules/admin/module_definition.html"
    form_class = ModuleForm

    def get_page_title(self):
        return _("Define %(module)s") % {"module": self.module.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.module}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["module_fields"] = self.module.ordered_fields()
        context["statistics"] = self.module.statistics.select_related("value_field", "group_field")
        return context

    def form_valid(self, form):
        try:
            services.update_module(self.module, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Module saved."))
        return redirect("business_modules:define", self.module.pk)


class DefinitionChildMixin(ModuleMixin):
    required = "define"
    template_name = "business_modules/admin/form.html"

    def get_trail(self):
        return [
            *super().get_trail(),
            {"url": reverse("business_modules:define", args=[self.module.pk]), "label": _("Definition")},
        ]

    def back_to_definition(self, message):
        messages.success(self.request, message)
        return redirect("business_modules:define", self.module.pk)


class FieldCreateView(DefinitionChildMixin, FormView):
    form_class = ModuleFieldForm
    page_title = gettext_lazy("New field")

    def form_valid(self, form):
        options = dict(form.cleaned_data)
        try:
            field = services.add_field(self.module, actor=self.request.user, **options)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.back_to_definition(_("Field %(label)s added.") % {"label": field.label})


class FieldEditView(DefinitionChildMixin, FormView):
    form_class = ModuleFieldForm

    def load(self, **kwargs):
        self.field = get_object_or_404(ModuleField, pk=kwargs["field_id"], module=self.module)

    def get_page_title(self):
        return _("Edit field %(label)s") % {"label": self.field.label}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.field}

    def form_valid(self, form):
        try:
            services.update_field(self.field, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.back_to_definition(_("Field %(label)s saved.") % {"label": self.field.label})


class FieldActionView(DefinitionChildMixin, View):
    """POST only: move a field up or down, retire it or bring it back."""

    def post(self, request, module_id, field_id, action):
        field = get_object_or_404(ModuleField, pk=field_id, module=self.module)
        if action in ("up", "down"):
            services.move_field(field, -1 if action == "up" else 1, actor=request.user)
            return redirect("business_modules:define", self.module.pk)
        if action == "retire":
            services.set_field_retired(field, True, actor=request.user)
            return self.back_to_definition(
                _("Field %(label)s retired. Its values are kept and it can be brought back.") % {"label": field.label}
            )
        if action == "restore":
            services.set_field_retired(field, False, actor=request.user)
            return self.back_to_definition(_("Field %(label)s is back in use.") % {"label": field.label})
        raise PermissionDenied


field_action = require_POST(FieldActionView.as_view())


class StatisticCreateView(DefinitionChildMixin, FormView):
    form_class = ModuleStatisticForm
    page_title = gettext_lazy("New statistics item")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "module": self.module}

    def form_valid(self, form):
        try:
            statistic = services.add_statistic(self.module, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.back_to_definition(_("Statistics item %(label)s added.") % {"label": statistic.label})


class StatisticEditView(DefinitionChildMixin, FormView):
    form_class = ModuleStatisticForm

    def load(self, **kwargs):
        self.statistic = get_object_or_404(ModuleStatistic, pk=kwargs["statistic_id"], module=self.module)

    def get_page_title(self):
        return _("Edit statistics item %(label)s") % {"label": self.statistic.label}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "module": self.module, "instance": self.statistic}

    def form_valid(self, form):
        try:
            services.update_statistic(self.statistic, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.back_to_definition(_("Statistics item %(label)s saved.") % {"label": self.statistic.label})


class StatisticDeleteView(DefinitionChildMixin, View):
    def post(self, request, module_id, statistic_id):
        statistic = get_object_or_404(ModuleStatistic, pk=statistic_id, module=self.module)
        label = statistic.label
        services.delete_statistic(statistic, actor=request.user)
        return self.back_to_definition(_("Statistics item %(label)s deleted.") % {"label": label})


statistic_delete = require_POST(StatisticDeleteView.as_view())
