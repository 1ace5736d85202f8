"""Working days with holidays and make-up days (调休), due dates, and the overdue job."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.notifications.models import OutboxMessage
from services.approvals.models import ApprovalCase, WorkdayAdjustment
from services.approvals.services import decide, mark_overdue_cases
from services.approvals.tasks import mark_overdue_cases_task
from services.approvals.workdays import add_working_days, end_of_day, is_workday, notice_end

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 9, 25)


def test_weekends_are_not_working_days():
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 9, 28)
    assert add_working_days(FRIDAY, 5) == dt.date(2026, 10, 2)
    assert add_working_days(FRIDAY, 0) == FRIDAY


def test_holidays_and_make_up_days_shift_the_count():
    # 国庆节 2026: 1–7 October off, Sunday 27 September and Saturday 10 October are working days (调休).
    for day in range(1, 8):
        WorkdayAdjustment.objects.create(date=dt.date(2026, 10, day), is_workday=False, name="国庆节")
    WorkdayAdjustment.objects.create(date=dt.date(2026, 9, 27), is_workday=True, name="国庆节调休")
    WorkdayAdjustment.objects.create(date=dt.date(2026, 10, 10), is_workday=True, name="国庆节调休")
    assert is_workday(dt.date(2026, 9, 27)) and not is_workday(dt.date(2026, 10, 5))
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 9, 27)
    assert add_working_days(FRIDAY, 3) == dt.date(2026, 9, 29)
    assert add_working_days(FRIDAY, 5) == dt.date(2026, 10, 8)
    assert add_working_days(FRIDAY, 7) == dt.date(2026, 10, 10)


def test_a_notice_counts_its_first_day():
    assert notice_end(dt.date(2026, 9, 21), 7) == dt.date(2026, 9, 29)  # Monday + 7 working days
    assert notice_end(dt.date(2026, 9, 26), 1) == dt.date(2026, 9, 28)  # starts on a Saturday


def test_due_date_is_the_end_of_the_last_working_day(area, case):
    deadline = add_working_days(timezone.localdate(case.step_started_at), 5)
    assert case.due_at == end_of_day(deadline)


def test_overdue_cases_are_flagged_once_and_their_unit_is_told(area, case):
    assert mark_overdue_cases(now=case.due_at - dt.timedelta(seconds=1)) == 0
    assert mark_overdue_cases(now=case.due_at + dt.timedelta(seconds=1)) == 1
    assert ApprovalCase.objects.get(pk=case.pk).is_overdue
    assert OutboxMessage.objects.filter(recipient_user=area["heping_staff"], body__contains=case.number).exists()
    assert mark_overdue_cases(now=case.due_at + dt.timedelta(days=1)) == 0


def test_passing_the_step_clears_the_overdue_flag(area, case):
    mark_overdue_cases(now=case.due_at + dt.timedelta(seconds=1))
    case.refresh_from_db()
    decide(case, actor=area["heping_staff"], decision="pass")
    case.refresh_from_db()
    assert not case.is_overdue
    assert case.due_at is None  # the public notice step has no time limit of its own


def test_the_command_and_the_task(area, case):
    ApprovalCase.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("mark_overdue_cases")
    assert ApprovalCase.objects.get(pk=case.pk).is_overdue
    ApprovalCase.objects.filter(pk=case.pk).update(is_overdue=False)
    result = mark_overdue_cases_task.enqueue()
    assert result.return_value == 1
