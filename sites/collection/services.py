"""Saving a resident's answers (reference number, ID numbers masked and encrypted) and the rate limit."""

import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.personal_data import encrypt_text
from services.datacenter.idnumbers import mask_id_number

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
