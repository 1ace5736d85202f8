"""Saving a resident's answers (reference number, ID numbers masked and encrypted), the rate limit, and
the audited ways staff see them: exports, and full ID numbers for those with the data centre's permission.
"""

import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.scoping import user_can_access_org_unit
from cms.personal_data import decrypt_text, encrypt_text
from cms.spreadsheets import write_workbook
from services.datacenter.idnumbers import mask_id_number
from services.datacenter.services import FULL_NUMBER_PERMISSION
from sites.selectors import org_unit_of_site

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud over the phone
REFERENCE_RANDOM_LENGTH = 6
DEFAULT_RATE_LIMIT = (5, 600)  # five submissions of one form from one address per ten minutes


def new_reference(today=None):
    """XJ20261126-7KQ4MZ: the date of submission and six random characters."""
    today = today or timezone.localdate()
    random_part = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM_LENGTH))
    return f"XJ{today:%Y%m%d}-{random_part}"


def id_number_field_names(page):
    return [field.clean_name for field in page.get_form_fields() if field.field_type == "id_number"]


def save_submission(page, cleaned_data):
    """Store one submission; ID numbers are kept masked in the data and encrypted in full beside it."""
    from sites.collection.models import FormPageSubmission

    data = dict(cleaned_data)
    protected = {}
    for name in id_number_field_names(page):
        if data.get(name):
            protected[name] = data[name]
            data[name] = mask_id_number(data[name])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return FormPageSubmission.objects.create(
                    page=page,
                    form_data=data,
                    reference=new_reference(),
                    protected_data=encrypt_text(json.dumps(protected)) if protected else "",
                )
        except IntegrityError:  # a reference collision (1 in 10^9 a day): draw again
            continue
    raise RuntimeError("Could not draw a unique reference number.")


def rate_limit():
    return getattr(settings, "FORM_SUBMISSION_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def take_submission_slot(page, client_address):
    """Count one submission attempt of `page` from `client_address`; False once over the limit.

    Counted in the shared cache (Redis in production), per clock window, so every worker agrees.
    """
    limit, window = rate_limit()
    key = f"site-forms:rate:{page.pk}:{client_address or 'unknown'}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def may_see_full_id_numbers(user, page):
    """The data centre's rule: the explicit full-number permission, for forms of sites in the user's area."""
    return user.has_perm(FULL_NUMBER_PERMISSION) and user_can_access_org_unit(user, org_unit_of_site(page))


def full_id_numbers(submission):
    """{field name: full ID number} from the encrypted copy. Callers check permission and audit."""
    if not submission.protected_data:
        return {}
    return json.loads(decrypt_text(submission.protected_data))


def reveal_id_numbers(submission, *, actor, reason=""):
    """The full ID numbers of one submission for a user allowed to see them; every attempt is audited."""
    page = submission.page.specific
    unit = org_unit_of_site(page)
    if not may_see_full_id_numbers(actor, page):
        record_audit("site_forms.reveal", actor=actor, obj=submission, org_unit=unit, success=False)
        raise PermissionDenied(_("You may not see full ID numbers."))
    numbers = full_id_numbers(submission)
    record_audit(
        "site_forms.reveal",
        actor=actor,
        obj=submission,
        org_unit=unit,
        detail={"reason": reason, "form": page.pk, "fields": sorted(numbers)},
    )
    return numbers


def export_submissions(page, submissions, *, fields, headings, actor, full=False):
    """Workbook bytes of `submissions` (already scoped and filtered): ID numbers masked, or in full for
    a user with the permission. Every export writes one audit entry with its row count."""
    action = "site_forms.export_full" if full else "site_forms.export"
    unit = org_unit_of_site(page)
    if full and not may_see_full_id_numbers(actor, page):
        record_audit(action, actor=actor, obj=page, org_unit=unit, success=False)
        raise PermissionDenied(_("You may not export full ID numbers."))
    protected_fields = set(id_number_field_names(page)) if full else set()
    count = 0

    def rows():
        nonlocal count
        for submission in submissions:
            count += 1
            data = submission.get_data()
            if protected_fields:
                numbers = full_id_numbers(submission)
                data.update({name: number for name, number in numbers.items() if name in protected_fields})
            yield [export_cell(field, data.get(field)) for field in fields]

    content = write_workbook([str(headings[field]) for field in fields], rows(), title=page.title)
    record_audit(action, actor=actor, obj=page, org_unit=unit, detail={"rows": count})
    return content


def export_cell(field, value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field == "submit_time" and value is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    return value
