"""Admin screens of the exchange (Wagtail, for superusers and city administrators): partners, and
each partner's tokens, issued (the clear token is shown once, on the page that issues it) and revoked."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from cms.accounts.models import Role
from services.exchange import services
from services.exchange.models import ExchangePartner, Operation, PartnerToken


def may_manage_exchange(user):
    if not (user.is_authenticated and user.is_active):
        return False
    profile = getattr(user, "staff_profile", None)
    return user.is_superuser or (profile is not None and profile.role == Role.CITY_ADMIN)


class ExchangePermissionPolicy(ModelPermissionPolicy):
    """Partners give outsiders access to personal data: only superusers and city administrators manage them."""

    def user_has_permission(self, user, action):
        return may_manage_exchange(user) and action in {"add", "change", "view"}


class PartnerIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("org_unit")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(_("Tokens"), url=reverse("exchange_tokens", args=[instance.pk]), icon_name="key", priority=15),
        ]


class PartnerViewSet(ModelViewSet):
    model = ExchangePartner
    icon = "link"
    menu_label = _("Data exchange")
    menu_order = 8900
    add_to_settings_menu = True
    index_view_class = PartnerIndexView
    form_fields = ["name", "org_unit", "operations", "contact", "is_active"]
    list_display = ["name", "org_unit", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return ExchangePermissionPolicy(self.model)

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "operations":
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=Operation.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, **kwargs)


class IssueTokenForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=64, required=False)
    days = forms.IntegerField(label=_("valid for (days)"), min_value=1, max_value=3650, initial=365)


class PartnerTokensView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "exchange/partner_tokens.html"
    header_icon = "key"

    def dispatch(self, request, pk):
        if not may_manage_exchange(request.user):
            raise PermissionDenied
        self.partner = get_object_or_404(ExchangePartner.objects.select_related("org_unit"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Tokens of %(partner)s") % {"partner": self.partner.name}

    def get_context_data(self, *, form=None, clear_token=None, **kwargs):
        return super().get_context_data(
            partner=self.partner,
            tokens=PartnerToken.objects.filter(partner=self.partner),
            form=form or IssueTokenForm(),
            clear_token=clear_token,
            **kwargs,
        )

    def post(self, request, pk):
        if "revoke" in request.POST:
            token = get_object_or_404(PartnerToken, partner=self.partner, pk=request.POST["revoke"])
            services.revoke_token(token, actor=request.user)
            return self.render_to_response(self.get_context_data())
        form = IssueTokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        _token, clear = services.issue_token(
            self.partner, actor=request.user, label=form.cleaned_data["label"], days=form.cleaned_data["days"]
        )
        # Rendered, not redirected: the clear token exists only in this response.
        response = self.render_to_response(self.get_context_data(clear_token=clear))
        response["Cache-Control"] = "no-store"
        return response
