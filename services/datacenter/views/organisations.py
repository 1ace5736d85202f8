"""Organisations in the area (驻区单位): a scoped list and registration with a checked credit code."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from services.datacenter.forms import OrganisationForm, add_service_errors
from services.datacenter.selectors import organisations_for
from services.datacenter.services import register_organisation
from services.datacenter.views.common import DatacenterViewMixin
from services.datacenter.views.households import ScopedListView


class OrganisationListView(ScopedListView):
    permission_required = "datacenter.view_areaorganisation"
    template_name = "datacenter/admin/organisation_list.html"
    page_title = gettext_lazy("Organisations in the area")
    search_fields = ("name", "credit_code", "address", "contact_person")

    def records(self):
        return organisations_for(self.request.user)

    def get_context_data(self, **kwargs):
        can_add = self.request.user.has_perm("datacenter.add_areaorganisation")
        return super().get_context_data(can_add=can_add, **kwargs)


class OrganisationCreateView(DatacenterViewMixin, FormView):
    permission_required = "datacenter.add_areaorganisation"
    template_name = "datacenter/admin/form.html"
    form_class = OrganisationForm
    page_title = gettext_lazy("Register an organisation")
    parent_crumbs = (("datacenter:organisations", gettext_lazy("Organisations in the area")),)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            organisation = register_organisation(
                org_unit=data.pop("org_unit"),
                name=data.pop("name"),
                credit_code=data.pop("credit_code"),
                actor=self.request.user,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was registered.") % {"name": organisation.name})
        return redirect("datacenter:organisations")
