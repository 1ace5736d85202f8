"""Admin views of the sites app: the self-service site wizard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sites.forms import CommunitySiteForm
from sites.services.site_builder import create_community_site, user_may_build_sites


def site_wizard(request):
    if not user_may_build_sites(request.user):
        raise PermissionDenied
    form = CommunitySiteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            built = create_community_site(
                org_unit=form.cleaned_data["org_unit"],
                hostname=form.cleaned_data["hostname"],
                theme=form.cleaned_data["theme"],
                site_name=form.cleaned_data["site_name"],
                port=request.get_port() and int(request.get_port()) or 80,
                actor=request.user,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("The site %(name)s is ready at %(url)s.")
                % {"name": built.site.site_name, "url": built.site.root_url},
            )
            return redirect(reverse("wagtailadmin_explore", args=[built.home.pk]))
    return TemplateResponse(request, "sites/admin/site_wizard.html", {"form": form})
