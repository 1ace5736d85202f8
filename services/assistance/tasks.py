"""Background jobs of social assistance (scheduled nightly by cron: `manage.py assistance_nightly`)."""

from django_tasks import task

from services.assistance.compliance import run_compliance_checks
from services.assistance.services import schedule_reviews


@task()
def nightly_assistance_job():
    """Create the review tasks falling due and run every compliance check over all cases."""
    return {"reviews_created": schedule_reviews(), "findings": run_compliance_checks()}
