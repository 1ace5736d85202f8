"""Signal receivers that keep the index in step with publishing, moves, deletions and privacy.

Every receiver swallows and logs its errors: publishing never fails because search fails.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.page_cache import invalidate_public_pages
from search import indexing

logger = logging.getLogger(__name__)


def _safely(action, *args):
    try:
        with transaction.atomic():
            action(*args)
    except Exception:  # noqa: BLE001 - search must never break publishing
        logger.exception("Search index update failed for %s", args)


def page_published_or_unpublished(sender, instance, **kwargs):
    _safely(indexing.index_page, instance)


def page_created(sender, instance, created, raw=False, **kwargs):
    # Pages created already live (site builder, demo, imports) send no page_published signal.
    if created and not raw and isinstance(instance, Page) and instance.live:
        _safely(indexing.index_page, instance)


def page_deleted(sender, instance, **kwargs):
    # The database row goes with the page (on_delete=CASCADE); Elasticsearch must be told.
    if isinstance(instance, Page):
        from search.backends import elasticsearch_backend

        backend = elasticsearch_backend()
        if backend is not None:
            backend.delete_documents([instance.pk])


def page_moved(sender, instance, **kwargs):
    _safely(indexing.index_subtree, instance)


def view_restriction_changed(sender, instance, **kwargs):
    # After commit: a restriction is also deleted when its page is, and re-indexing a page that is
    # about to disappear would leave a row pointing at it.
    page_id = instance.page_id

    def reindex():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            _safely(indexing.index_subtree, page)

    transaction.on_commit(reindex)


def synonyms_changed(sender, instance, **kwargs):
    from search.chinese import add_words, is_han

    add_words(word for word in instance.words() if is_han(word))
    invalidate_public_pages()  # cached search pages would keep answering with the old synonyms


def connect():
    from search.models import SynonymGroup

    page_published.connect(page_published_or_unpublished, dispatch_uid="search_page_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="search_page_unpublished")
    post_save.connect(page_created, dispatch_uid="search_page_created")
    # sender=Page: a receiver for every model would stop Django's fast bulk deletes project-wide
    # (every DELETE would first fetch its rows); a page deletion always deletes its Page row.
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search_page_deleted")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    post_save.connect(view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_saved")
    post_delete.connect(view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted")
    post_save.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
    post_delete.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted")
