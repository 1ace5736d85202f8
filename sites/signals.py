"""Signal receivers: publication dates for pages created live, and page-cache invalidation."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.page_cache import invalidate_public_pages


def date_pages_created_live(sender, instance, **kwargs):
    """Pages created already live (site builder, demo, imports) get the dates publishing would set."""
    if isinstance(instance, Page) and instance.live and instance.first_published_at is None:
        instance.first_published_at = instance.last_published_at = timezone.now()


def invalidate_when_a_live_page_is_saved(sender, instance, **kwargs):
    # Pages created live (site builder, demo, imports) send no page_published signal.
    if isinstance(instance, Page) and instance.live:
        invalidate_public_pages()


def connect():
    from sites.models import SiteAppearance

    pre_save.connect(date_pages_created_live, dispatch_uid="date_pages_created_live")
    post_save.connect(invalidate_when_a_live_page_is_saved, dispatch_uid="page_cache_live_page_saved")
    page_published.connect(invalidate_public_pages, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate_public_pages, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate_public_pages, dispatch_uid="page_cache_moved")
    post_delete.connect(invalidate_public_pages, sender=Page, dispatch_uid="page_cache_deleted")
    post_save.connect(invalidate_public_pages, sender=SiteAppearance, dispatch_uid="page_cache_appearance")
    post_save.connect(invalidate_public_pages, sender=Site, dispatch_uid="page_cache_site")

    from wagtail.signals import workflow_approved, workflow_cancelled, workflow_rejected

    from sites.services import submissions

    workflow_approved.connect(submissions.on_workflow_approved, dispatch_uid="portal_submission_approved")
    workflow_rejected.connect(submissions.on_workflow_rejected, dispatch_uid="portal_submission_rejected")
    workflow_cancelled.connect(submissions.on_workflow_cancelled, dispatch_uid="portal_submission_cancelled")
