"""Residents: the filtered list and its exports, create/edit, detail with history, reveal, moves and death."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from cms.audit.models import AuditEntry
from cms.spreadsheets import workbook_response
from services.datacenter import services
from services.datacenter.exports import export_residents
from services.datacenter.forms import (
    DeathForm,
    MoveOutForm,
    ResidentFilterForm,
    ResidentForm,
    RevealForm,
    TransferForm,
    add_service_errors,
)
from services.datacenter.models import Resident
from services.datacenter.selectors import residents_for, search_residents
from services.datacenter.services import FULL_NUMBER_PERMISSION
from services.datacenter.views.common import DatacenterViewMixin, paginate

RESIDENTS_CRUMB = ("datacenter:residents", gettext_lazy("Residents"))
HISTORY_LIMIT = 100


def filtered_residents(request):
    """The list's form and queryset: scoped by the selector, searched, then filtered."""
    form = ResidentFilterForm(request.GET or None, user=request.user)
    residents = search_residents(request.user, request.GET.get("q", ""))
    return form, form.filter(residents)


def scoped_resident(request, pk):
    """A resident outside the user's subtree does not exist for them."""
    return get_object_or_404(residents_for(request.user), pk=pk)


class ResidentListView(DatacenterViewMixin, TemplateView):
    template_name = "datacenter/admin/resident_list.html"
    page_title = gettext_lazy("Residents")

    def get_context_data(self, **kwargs):
        form, residents = filtered_residents(self.request)
        page, page_range = paginate(self.request, residents)
        user = self.request.user
        return super().get_context_data(
            form=form,
            residents=page,
            elided_page_range=page_range,
            query_string=self.request.GET.urlencode(),
            can_add=user.has_perm("datacenter.add_resident"),
            can_export_full=user.has_perm(FULL_NUMBER_PERMISSION),
            **kwargs,
        )


class ResidentExportView(DatacenterViewMixin, View):
    full = False

    def get(self, request):
        form, residents = filtered_residents(request)
        content = export_residents(residents, user=request.user, filters=form.described(), full=self.full)
        name = _("residents-full") if self.full else _("residents")
        return workbook_response(content, f"{name}.xlsx")


class ResidentFullExportView(ResidentExportView):
    permission_required = FULL_NUMBER_PERMISSION
    full = True


class ResidentFormView(DatacenterViewMixin, FormView):
    template_name = "datacenter/admin/form.html"
    form_class = ResidentForm
    parent_crumbs = (RESIDENTS_CRUMB,)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            resident = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": resident.name})
        return redirect("datacenter:resident", pk=resident.pk)


class ResidentCreateView(ResidentFormView):
    permission_required = "datacenter.add_resident"
    page_title = gettext_lazy("Register a resident")

    def save(self, form):
        data = form.cleaned_data
        fields = form.service_fields()
        return services.register_resident(
            org_unit=data["org_unit"],
            id_number=data["id_number"],
            name=fields.pop("name"),
            phone=data["phone"],
            household=data["household"],
            actor=self.request.user,
            **fields,
        )


class ResidentEditView(ResidentFormView):
    permission_required = "datacenter.change_resident"
    page_title = gettext_lazy("Edit resident")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.resident = scoped_resident(request, kwargs["pk"])

    def get_page_subtitle(self):
        return self.resident.name

    def get_form_kwargs(self):
        # The form gets its own copy: validating a ModelForm writes into its instance, and the service
        # must see the stored values to record what changed.
        return {**super().get_form_kwargs(), "instance": Resident.objects.get(pk=self.resident.pk)}

    def save(self, form):
        data = form.cleaned_data
        return services.update_resident(
            self.resident,
            actor=self.request.user,
            id_number=data["id_number"] or None,
            phone=data["phone"] or None,
            **form.service_fields(),
        )


class ResidentDetailView(DatacenterViewMixin, TemplateView):
    template_name = "datacenter/admin/resident_detail.html"
    parent_crumbs = (RESIDENTS_CRUMB,)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.resident = scoped_resident(request, kwargs["pk"])

    def get_page_title(self):
        return self.resident.name

    def get_context_data(self, **kwargs):
        resident, user = self.resident, self.request.user
        members = []
        if resident.household_id:
            members = resident.household.members.exclude(pk=resident.pk).order_by("name")
        history = AuditEntry.objects.filter(
            object_type=ContentType.objects.get_for_model(Resident), object_id=str(resident.pk)
        ).order_by("-at", "-id")[:HISTORY_LIMIT]
        return super().get_context_data(
            resident=resident,
            members=members,
            changes=resident.changes.select_related("from_org_unit", "to_org_unit"),
            history=history,
            can_change=user.has_perm("datacenter.change_resident"),
            can_reveal=user.has_perm(FULL_NUMBER_PERMISSION),
            reveal_form=RevealForm(),
            **kwargs,
        )


class ResidentRevealView(ResidentDetailView):
    """POST only: the full numbers are rendered into this one response and kept nowhere else."""

    permission_required = FULL_NUMBER_PERMISSION
    http_method_names = ["post"]

    def post(self, request, pk):
        form = RevealForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        revealed = services.reveal_identifiers(self.resident, actor=request.user, reason=reason)
        return self.render_to_response(self.get_context_data(revealed=revealed))


class ResidentActionView(DatacenterViewMixin, FormView):
    """Move out, transfer, record a death: one small form each, calling its service."""

    permission_required = "datacenter.change_resident"
    template_name = "datacenter/admin/form.html"
    parent_crumbs = (RESIDENTS_CRUMB,)
    actions = {
        "move-out": (MoveOutForm, gettext_lazy("Move out")),
        "transfer": (TransferForm, gettext_lazy("Move to another community")),
        "death": (DeathForm, gettext_lazy("Record a death")),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["action"] not in self.actions:
            raise Http404
        self.resident = scoped_resident(request, kwargs["pk"])
        self.form_class, self.page_title = self.actions[kwargs["action"]]

    def get_page_subtitle(self):
        return self.resident.name

    def get_breadcrumbs_items(self):
        resident_crumb = {"url": reverse("datacenter:resident", args=[self.resident.pk]), "label": self.resident.name}
        items = super().get_breadcrumbs_items()
        return [*items[:-1], resident_crumb, items[-1]]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class is TransferForm:
            kwargs["resident"] = self.resident
        return kwargs

    def form_valid(self, form):
        data, actor = form.cleaned_data, self.request.user
        try:
            if self.form_class is MoveOutForm:
                services.move_out(self.resident, on=data["on"], note=data["note"], actor=actor)
            elif self.form_class is TransferForm:
                services.transfer_resident(self.resident, to_org_unit=data["to_org_unit"], on=data["on"], actor=actor)
            else:
                services.record_death(self.resident, on=data["on"], actor=actor)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s: recorded.") % {"name": self.resident.name})
        if not residents_for(actor).filter(pk=self.resident.pk).exists():  # transferred out of the user's area
            return redirect("datacenter:residents")
        return redirect("datacenter:resident", pk=self.resident.pk)
