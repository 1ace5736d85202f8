"""Background jobs of the approval engine."""

from django_tasks import task

from services.approvals.services import mark_overdue_cases


@task()
def mark_overdue_cases_task():
    """Flag cases past their step's time limit; scheduled every hour (cron: `manage.py mark_overdue_cases`)."""
    return mark_overdue_cases()
