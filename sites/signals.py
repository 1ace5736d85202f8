"""Signal receivers: any change to what the public sees invalidates the page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.page_cache import invalidate_public_pages


def connect():
    from sites.models import SiteAppearance

    page_published.connect(invalidate_public_pages, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate_public_pages, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate_public_pages, dispatch_uid="page_cache_moved")
    post_delete.connect(invalidate_public_pages, sender=Page, dispatch_uid="page_cache_deleted")
    post_save.connect(invalidate_public_pages, sender=SiteAppearance, dispatch_uid="page_cache_appearance")
    post_save.connect(invalidate_public_pages, sender=Site, dispatch_uid="page_cache_site")
