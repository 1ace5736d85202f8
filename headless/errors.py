"""GraphQL errors with a stable code in `extensions` and a message in the request's language."""

from django.utils.translation import gettext as _
from graphql import GraphQLError

from headless.selectors import MAX_PAGE_SIZE


def page_size_error():
    return GraphQLError(
        _("pageSize must be between 1 and %(max)s, and page at least 1.") % {"max": MAX_PAGE_SIZE},
        extensions={"code": "BAD_PAGE_SIZE", "max_page_size": MAX_PAGE_SIZE},
    )


def site_required_error():
    return GraphQLError(
        _("Name a site by its host name."),
        extensions={"code": "SITE_REQUIRED"},
    )
