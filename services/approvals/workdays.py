"""Working days: Monday to Friday, corrected by the admin-edited table of public holidays and
make-up working days (调休), which the State Council announces anew every year."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from services.approvals.models import WorkdayAdjustment

# Long holidays (Spring Festival, National Day) take at most about ten calendar days in a row,
# so a window of three calendar days per working day plus a margin always suffices.
MARGIN_DAYS = 21


def _adjustments(start, end):
    return dict(WorkdayAdjustment.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def is_workday(day, adjustments=None):
    adjustments = _adjustments(day, day) if adjustments is None else adjustments
    if day in adjustments:
        return adjustments[day]
    return day.weekday() < 5


def add_working_days(start, days):
    """The date `days` working days after `start` (not counting `start` itself); one query."""
    if days <= 0:
        return start
    adjustments = _adjustments(start, start + dt.timedelta(days=days * 3 + MARGIN_DAYS))
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_workday(day, adjustments):
            counted += 1
    return day


def notice_end(starts_on, days):
    """The last day of a public notice of `days` working days starting on `starts_on`
    (the first day counts when it is a working day)."""
    adjustments = _adjustments(starts_on, starts_on + dt.timedelta(days=days * 3 + MARGIN_DAYS))
    day, counted = starts_on - dt.timedelta(days=1), 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_workday(day, adjustments):
            counted += 1
    return day


def end_of_day(day):
    """The last second of `day` in the project's time zone: a deadline on `day` has passed after it."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
