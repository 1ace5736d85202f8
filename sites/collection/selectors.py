"""Which resident forms and submissions an admin user reaches: the forms of their own sites (Wagtail's
form permission, which follows the site's page permissions), on sites inside their org area."""

from django.http import Http404
from wagtail.contrib.forms.utils import get_forms_for_user

from cms.orgs.scoping import user_can_access_org_unit
from sites.selectors import org_unit_of_site


def scoped_form_page(user, page_id):
    """The form page with results the user may open; one outside their sites or area does not exist for them."""
    page = get_forms_for_user(user).filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    if not user_can_access_org_unit(user, org_unit_of_site(page)):
        raise Http404
    return page


def scoped_submission(user, submission_id):
    """A submission of a form the user reaches (`scoped_form_page`), with its page attached."""
    from sites.collection.models import FormPageSubmission

    submission = FormPageSubmission.objects.filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    submission.page = scoped_form_page(user, submission.page_id)
    return submission
