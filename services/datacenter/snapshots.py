"""Month-end population snapshots: taking them (once per month, replaced only when forced) and
reading them back exactly as stored, even after residents have changed.

A snapshot stores the tables of every org unit, computed in one pass over the whole tree; ages are
counted on the last day of the month, residents are those living here when the snapshot is taken
(the job runs on the 1st of the next month).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from services.datacenter.models_snapshots import PopulationSnapshot
from services.datacenter.statistics import PopulationStatistics, population_statistics_for_every_unit


@dataclass
class SnapshotResult:
    month: datetime.date
    units: int  # snapshots stored for the month after the call
    created: bool  # False when the month had been taken already and was left as it was


def month_start(day):
    return day.replace(day=1)


def month_end(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(today=None):
    today = today or timezone.localdate()
    return month_start(month_start(today) - datetime.timedelta(days=1))


def parse_month(text):
    """'2026-01' (or a full ISO date) → the first day of that month; ValidationError otherwise."""
    try:
        if len(text) == len("2026-01"):
            return datetime.date.fromisoformat(f"{text}-01")
        return month_start(datetime.date.fromisoformat(text))
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Enter a month as YYYY-MM."), code="month") from error


def take_population_snapshot(month, *, force=False, actor=None):
    """Compute and store the tables of every org unit for `month` (any day in it).

    Idempotent: a month already taken is left untouched unless `force` is given, which replaces it.
    """
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise ValidationError(_("A snapshot cannot be taken for a month that has not begun."), code="future")
    with transaction.atomic():
        existing = PopulationSnapshot.objects.filter(month=month)
        already_taken = existing.count()
        if already_taken and not force:
            return SnapshotResult(month=month, units=already_taken, created=False)
        replaced = existing.delete()[0] if already_taken else 0
        taken_at = timezone.now()
        reference_date = month_end(month)
        snapshots = [
            PopulationSnapshot(
                org_unit=unit,
                month=month,
                reference_date=reference_date,
                taken_at=taken_at,
                taken_by=actor if actor is not None and actor.is_authenticated else None,
                tables=statistics.as_dict(),
            )
            for unit, statistics in population_statistics_for_every_unit(reference_date=reference_date).items()
        ]
        # A concurrent run of the same month may have stored it first; its rows stand.
        PopulationSnapshot.objects.bulk_create(snapshots, batch_size=500, ignore_conflicts=not force)
        record_audit(
            "population_snapshot.take",
            actor=actor,
            detail={"month": month.isoformat(), "units": len(snapshots), "replaced": replaced},
        )
    return SnapshotResult(month=month, units=len(snapshots), created=True)


def snapshot_months(org_unit):
    """Months with a stored snapshot of `org_unit`, newest first."""
    return list(PopulationSnapshot.objects.filter(org_unit=org_unit).order_by("-month").values_list("month", flat=True))


def stored_population_statistics(org_unit, month):
    """The tables exactly as stored for `org_unit` and `month`, or None if that month was not taken."""
    snapshot = PopulationSnapshot.objects.filter(org_unit=org_unit, month=month_start(month)).first()
    if snapshot is None:
        return None
    return PopulationStatistics.from_dict(snapshot.tables, month=snapshot.month, taken_at=snapshot.taken_at)
