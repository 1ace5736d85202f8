"""The public progress lookup (办事查询): anyone with a case number sees its steps and status."""

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from cms.audit.middleware import client_ip
from services.approvals.forms import ProgressForm
from services.approvals.selectors import case_progress
from services.approvals.throttling import take_lookup


@method_decorator(never_cache, name="dispatch")
class ProgressView(View):
    template_name = "approvals/progress.html"

    def get(self, request):
        form = ProgressForm(request.GET if "number" in request.GET else None)
        context = {"form": form, "progress": None, "not_found": False}
        status = 200
        if form.is_bound and form.is_valid():
            wait = take_lookup(client_ip(request))
            if wait:
                form.add_error(None, _("Too many lookups from your address; try again in an hour."))
                status = 429
            else:
                context["progress"] = case_progress(form.cleaned_data["number"])
                context["not_found"] = context["progress"] is None
        response = render(request, self.template_name, context, status=status)
        if status == 429:
            response["Retry-After"] = str(wait)
        return response
