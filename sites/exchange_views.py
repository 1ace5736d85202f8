"""Admin screens of the exchange between levels: pushing notices down, submitting pages up.

Thin: they parse input and call `sites.services.exchange` / `sites.services.submissions`, which
check the scope, write in a transaction and audit.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cms.orgs.scoping import org_unit_of, scope_to_user, visible_org_units
from services.datacenter.forms import add_service_errors
from sites.models import PortalSubmission, PushedNotice
from sites.permissions import can_see_page
from sites.services import exchange, submissions


class PushedNoticeForm(forms.Form):
    target = forms.ModelChoiceField(label=gettext_lazy("Send to"), queryset=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    summary = forms.CharField(label=gettext_lazy("Summary"), widget=forms.Textarea, required=False)
    pinned = forms.BooleanField(label=gettext_lazy("Pinned"), required=False)
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, sent=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = visible_org_units(user).order_by("path")
        self.fields["target"].label_from_instance = lambda unit: unit.indented_name
        # Where a notice went is fixed once sent (the service does not move it); to reach other
        # units, withdraw it and push again.
        self.fields["target"].disabled = sent


class ExchangeViewMixin(WagtailAdminTemplateMixin):
    """The screen's own title in the header and breadcrumbs (Wagtail shows the last crumb there)."""

    parent_crumbs = ()  # (url name, label) pairs between Home and this screen

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(name), "label": label} for name, label in self.parent_crumbs]
        return [*self.breadcrumbs_items, *crumbs, {"url": "", "label": self.get_page_title()}]


class PushedNoticeListView(ExchangeViewMixin, TemplateView):
    """What my area sent down (with withdraw), and what reached my unit from above (read-only)."""

    template_name = "sites/admin/pushed_notices.html"
    page_title = gettext_lazy("Notices pushed down")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = org_unit_of(user)
        sent = scope_to_user(PushedNotice.objects.select_related("sender", "target"), user, via="sender")
        received = (
            PushedNotice.objects.reaching(unit).current().exclude(sender=unit).select_related("sender", "target")
            if unit is not None
            else PushedNotice.objects.none()
        )
        return {
            **super().get_context_data(**kwargs),
            "sent": sent[:100],
            "received": received[:100],
            "may_push": exchange.sender_unit_for(user) is not None or user.is_superuser,
        }


class PushNoticeView(ExchangeViewMixin, FormView):
    template_name = "sites/admin/push_notice_form.html"
    form_class = PushedNoticeForm
    page_title = gettext_lazy("Push a notice down")
    header_icon = "doc-full"
    parent_crumbs = (("pushed_notices", gettext_lazy("Notices pushed down")),)

    def dispatch(self, request, *args, **kwargs):
        self.notice = None
        if "pk" in kwargs:
            self.notice = get_object_or_404(
                scope_to_user(PushedNotice.objects.all(), request.user, via="sender"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "sent": self.notice is not None}
        if self.notice is not None:
            kwargs["initial"] = {
                field: getattr(self.notice, field) for field in ("target", "title", "summary", "pinned", "valid_until")
            }
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.notice is None:
                exchange.push_notice(
                    actor=self.request.user,
                    target=data["target"],
                    title=data["title"],
                    summary=data["summary"],
                    pinned=data["pinned"],
                    valid_until=data["valid_until"],
                )
            else:
                exchange.update_pushed_notice(
                    self.notice,
                    actor=self.request.user,
                    title=data["title"],
                    summary=data["summary"],
                    pinned=data["pinned"],
                    valid_until=data["valid_until"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The notice is shown on every site it reaches."))
        return redirect("pushed_notices")


@require_POST
def withdraw_pushed_notice(request, pk):
    notice = get_object_or_404(scope_to_user(PushedNotice.objects.all(), request.user, via="sender"), pk=pk)
    try:
        exchange.withdraw_pushed_notice(notice, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The notice was withdrawn from every site."))
    return redirect("pushed_notices")


class SubmitToPortalForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note to the reviewers"), widget=forms.Textarea, required=False)


class SubmitToPortalView(ExchangeViewMixin, FormView):
    template_name = "sites/admin/submit_to_portal.html"
    form_class = SubmitToPortalForm
    page_title = gettext_lazy("Submit to the portal")
    header_icon = "upload"
    parent_crumbs = (("portal_submissions", gettext_lazy("Portal submissions")),)

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if request.method == "GET" and not can_see_page(request.user, self.page):
            # Not offered for (nor naming) pages of other sites; a POST is refused by the service, audited.
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submitted_page": self.page}

    def form_valid(self, form):
        try:
            submissions.submit_to_portal(self.page, actor=self.request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            return self.form_invalid(form)
        messages.success(self.request, _("Submitted. The portal editors will review it."))
        return redirect("portal_submissions")


class SubmissionListView(ExchangeViewMixin, TemplateView):
    """The outcome of what my community (or area) submitted to the portal."""

    template_name = "sites/admin/portal_submissions.html"
    page_title = gettext_lazy("Portal submissions")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        items = scope_to_user(
            PortalSubmission.objects.select_related("source_unit", "submitted_by", "portal_page"),
            self.request.user,
            via="source_unit",
        )
        return {**super().get_context_data(**kwargs), "submissions": items[:200]}
