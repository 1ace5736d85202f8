"""The /graphql/ endpoint: graphene-django's view with our access rules, limits and cache headers."""

import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

from headless import access, limits
from headless.schema import schema

MESSAGES = {
    "UNAUTHENTICATED": lambda: _("A valid device token is required (Authorization: Bearer <token>)."),
    "CSRF_FAILED": lambda: _("The CSRF check failed; reload the page and try again."),
    "RATE_LIMITED": lambda: _("Too many requests; try again in a minute."),
}


def error_response(status, code, retry_after=None):
    response = JsonResponse(
        {"errors": [{"message": str(MESSAGES[code]()), "extensions": {"code": code}}]}, status=status
    )
    response["Cache-Control"] = "no-store"
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@method_decorator(csrf_exempt, name="dispatch")  # token requests need none; sessions are checked in access.identify
class HeadlessGraphQLView(GraphQLView):
    def __init__(self, **kwargs):
        kwargs.setdefault("schema", schema)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        self.graphiql = getattr(settings, "HEADLESS_GRAPHIQL", settings.DEBUG)
        if self.graphiql and request.method == "GET" and self.request_wants_html(request):
            if not request.user.is_authenticated:
                return error_response(401, "UNAUTHENTICATED")
            return super().dispatch(request, *args, **kwargs)
        try:
            client = access.identify(request)
        except access.Rejected as rejected:
            return error_response(rejected.status, rejected.code)
        wait = access.take_call(client)
        if wait:
            return error_response(429, "RATE_LIMITED", retry_after=wait)
        request.headless_client = client
        self.validation_rules = limits.validation_rules()
        response = super().dispatch(request, *args, **kwargs)
        return with_revalidation(request, response)


def with_revalidation(request, response):
    """ETag over the answer, and no reuse without asking: an unchanged answer costs a 304 and no body."""
    if response.status_code != 200:
        response["Cache-Control"] = "no-store"
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, Cookie, Accept-Language"
    response["ETag"] = etag
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        not_modified = HttpResponse(status=304)
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response
