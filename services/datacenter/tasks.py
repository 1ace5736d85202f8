"""Background jobs of the data centre."""

from django_tasks import task

from services.datacenter.snapshots import parse_month, previous_month, take_population_snapshot


@task()
def take_population_snapshot_task(month="", force=False):
    """Store the month-end population snapshot of `month` ("YYYY-MM"; default: the previous month).

    Scheduled on the 1st of every month (cron: `manage.py take_population_snapshot`).
    """
    result = take_population_snapshot(parse_month(month) if month else previous_month(), force=force)
    return {"month": result.month.isoformat(), "units": result.units, "created": result.created}
