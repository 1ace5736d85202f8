"""Publishing, unpublishing, moving a page or changing its privacy queues a rebuild of what it affects.

Only sites that have had their first full build (`manage.py bake_sites`) are rebuilt; the job runs
after the transaction commits, so it renders what was committed.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.publishing import selectors


def queue_rebuilds(changes):
    from sites.publishing.tasks import rebuild_static_site

    for site_id, change in changes.items():
        arguments = change.as_job_arguments(site_id)
        transaction.on_commit(lambda arguments=arguments: rebuild_static_site.enqueue(**arguments))


def page_published_or_unpublished(sender, instance, **kwargs):
    queue_rebuilds(selectors.changes_for_page(instance))


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before == url_path_after:  # reordered among its siblings: the parent's list changed
        parent = instance.get_parent()
        queue_rebuilds(selectors.changes_for_page(parent))
        return
    queue_rebuilds(selectors.changes_for_move(instance, url_path_before))


def privacy_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page itself is deleted
    if page is None:
        return
    queue_rebuilds(selectors.changes_for_page(page, subtree=True))


def pushed_notice_changed(sender, instance, **kwargs):
    from cms.orgs.models import OrgUnit

    target = OrgUnit.objects.filter(pk=instance.target_id).first()
    if target is not None:
        queue_rebuilds(selectors.changes_for_homes_below(target))


def appearance_changed(sender, instance, **kwargs):
    queue_rebuilds(selectors.changes_for_site(instance.site_id))


def connect():
    from django.apps import apps

    # Notices pushed down from a street, district or the city show on the lists of every site below.
    try:
        pushed_notice = apps.get_model("community_sites", "PushedNotice")
    except LookupError:
        pushed_notice = None
    if pushed_notice is not None:
        post_save.connect(pushed_notice_changed, sender=pushed_notice, dispatch_uid="static_publishing_pushed_saved")
        post_delete.connect(
            pushed_notice_changed, sender=pushed_notice, dispatch_uid="static_publishing_pushed_deleted"
        )
    appearance = apps.get_model("community_sites", "SiteAppearance")
    post_save.connect(appearance_changed, sender=appearance, dispatch_uid="static_publishing_appearance")
    page_published.connect(page_published_or_unpublished, dispatch_uid="static_publishing_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="static_publishing_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="static_publishing_moved")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="static_publishing_privacy_saved")
    post_delete.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="static_publishing_privacy_deleted")
