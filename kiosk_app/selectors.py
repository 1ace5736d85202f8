"""Reads about kiosks: the kiosk behind a device token, its site, whether it is open, the admin's list."""

from datetime import datetime

from django.utils import timezone

from cms.orgs.scoping import scope_to_user
from kiosk_app.models import Kiosk, hash_token


def kiosk_for_token(raw):
    """The active kiosk this clear token belongs to, with its opening hours and slides, or None."""
    if not raw or len(raw) > 200:
        return None
    return (
        Kiosk.objects.filter(token_hash=hash_token(raw), is_active=True)
        .select_related("org_unit")
        .prefetch_related("opening_hours", "attract_slides__image__renditions")
        .first()
    )


def community_site_of(kiosk):
    """The Wagtail Site of the kiosk's community (None if the community has no website yet)."""
    from wagtail.models import Site

    from sites.models import CommunityHomePage

    home = CommunityHomePage.objects.filter(org_unit_id=kiosk.org_unit_id).only("pk").first()
    if home is None:
        return None
    return Site.objects.filter(root_page_id=home.pk).select_related("root_page").first()


def is_open_at(kiosk, moment: datetime | None = None):
    """Whether `moment` (now by default, local time) falls in one of the kiosk's opening periods."""
    periods = list(kiosk.opening_hours.all())
    if not periods:
        return True
    local = timezone.localtime(moment or timezone.now())
    weekday = local.isoweekday()
    now = local.time()
    return any(p.weekday == weekday and p.opens_at <= now < p.closes_at for p in periods)


def kiosks_for_user(user):
    """The kiosks in the user's org subtree, for the admin's registry."""
    return scope_to_user(Kiosk.objects.select_related("org_unit"), user)
