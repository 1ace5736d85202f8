"""Admin screens of the org tree: a scoped list, adding units through the service, renaming."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView

from cms.orgs.admin_scoping import OrgScopedViewSet
from cms.orgs.models import OrgUnit
from cms.orgs.scoping import visible_org_units
from cms.orgs.services import create_org_unit, validate_new_org_unit


class OrgUnitCreateForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        label=_("Parent unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Leave empty only when creating a city."),
    )

    class Meta:
        model = OrgUnit
        fields = ["parent", "name", "code", "level"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["parent"].queryset = visible_org_units(for_user).exclude(level="community").order_by("path")
        self.fields["parent"].label_from_instance = lambda unit: unit.indented_name

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_new_org_unit(
                    name=cleaned.get("name"),
                    code=cleaned.get("code"),
                    level=cleaned.get("level"),
                    parent=cleaned.get("parent"),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class OrgUnitRenameForm(WagtailAdminModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name"]


class OrgUnitCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return create_org_unit(
            name=data["name"], code=data["code"], level=data["level"], parent=data["parent"], actor=self.request.user
        )


class OrgUnitViewSet(OrgScopedViewSet):
    model = OrgUnit
    icon = "group"
    menu_label = _("Org tree")
    menu_order = 8900
    add_to_settings_menu = True
    scope_via = ""
    add_view_class = OrgUnitCreateView
    list_display = ["indented_name", "code", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    list_per_page = 100
    copy_view_enabled = False
    form_fields = ["name"]

    def get_form_class(self, for_update=False):
        return OrgUnitRenameForm if for_update else OrgUnitCreateForm
