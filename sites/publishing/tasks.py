"""Background jobs: rebuild the parts of a baked site a page change affects, or the whole site."""

from django_tasks import task

from sites.publishing import services


@task()
def rebuild_static_site(site_id, paths, removed_subtrees, full=False):
    report = services.rebuild_site_by_id(site_id, paths=paths, removed_subtrees=removed_subtrees, full=full)
    if report is None:
        return None
    return {"host": report.host, "pages": report.pages, "written": len(report.written), "removed": len(report.removed)}


@task()
def bake_static_site(site_id):
    """A full build asked for in the admin; the first one makes the site a baked site."""
    from wagtail.models import Site

    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        return None
    report = services.bake_site(site)
    return {"host": report.host, "pages": report.pages}
