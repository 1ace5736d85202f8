"""Background jobs of the sites: scheduled publishing (go-live and expiry dates)."""

from django_tasks import task


@task()
def publish_scheduled_content():
    from sites.services.scheduling import run_scheduled_publishing

    return run_scheduled_publishing()
