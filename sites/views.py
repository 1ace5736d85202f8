"""Admin views of the sites app: the self-service site wizard."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.forms import CommunitySiteForm
from sites.services.site_builder import create_community_site, user_may_build_sites


class SiteWizardView(WagtailAdminTemplateMixin, FormView):
    template_name = "sites/admin/site_wizard.html"
    form_class = CommunitySiteForm
    page_title = gettext_lazy("Build a community site")
    header_icon = "site"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not user_may_build_sites(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            built = create_community_site(
                org_unit=form.cleaned_data["org_unit"],
                hostname=form.cleaned_data["hostname"],
                theme=form.cleaned_data["theme"],
                site_name=form.cleaned_data["site_name"],
                port=int(self.request.get_port() or 80),
                actor=self.request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        # Site builders are usually not the site's editors, so stay on the wizard and link the new site.
        messages.success(
            self.request,
            _("The site %(name)s is ready at %(url)s.") % {"name": built.site.site_name, "url": built.site.root_url},
            buttons=[messages.button(built.site.root_url + "/", _("Open the site"), new_window=True)],
        )
        return redirect("site_wizard")


site_wizard = SiteWizardView.as_view()
