"""Admin screens for staff accounts: scoped list, creation through the service, role changes."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, IndexView

from cms.accounts.models import StaffProfile
from cms.accounts.services import change_staff_assignment, check_role_fits_org_unit, create_staff_account
from cms.orgs.admin_scoping import OrgScopedViewSet
from cms.orgs.scoping import visible_org_units


class StaffProfileForm(WagtailAdminModelForm):
    class Meta:
        model = StaffProfile
        fields = ["org_unit", "role", "phone"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["org_unit"].queryset = visible_org_units(for_user).order_by("path")
        self.fields["org_unit"].label_from_instance = lambda unit: unit.indented_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("org_unit") and cleaned.get("role"):
            try:
                check_role_fits_org_unit(cleaned["role"], cleaned["org_unit"])
            except ValidationError as error:
                self.add_error("role", error.message_dict["role"])
        return cleaned


class StaffAccountCreateForm(StaffProfileForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    class Meta(StaffProfileForm.Meta):
        fields = ["username", "full_name", "email", "password", "org_unit", "role", "phone"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=username).exists():
            raise ValidationError(_("The user name %(name)s is taken.") % {"name": username})
        return username

    def clean_password(self):
        validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]


class StaffIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "org_unit")


class StaffCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        user = create_staff_account(
            username=data["username"],
            password=data["password"],
            org_unit=data["org_unit"],
            role=data["role"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            actor=self.request.user,
        )
        return user.staff_profile


class StaffEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return change_staff_assignment(
            self.object, org_unit=data["org_unit"], role=data["role"], phone=data["phone"], actor=self.request.user
        )


class StaffProfileViewSet(OrgScopedViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff accounts")
    menu_order = 8950
    add_to_settings_menu = True
    index_view_class = StaffIndexView
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    list_display = ["user", "role", "org_unit", "phone"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "phone"]
    list_export = ["user", "role", "org_unit", "phone"]
    export_filename = "staff-accounts"
    copy_view_enabled = False
    form_fields = ["org_unit", "role", "phone"]

    def get_form_class(self, for_update=False):
        return StaffProfileForm if for_update else StaffAccountCreateForm
