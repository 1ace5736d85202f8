"""The work queue: what waits at the user's own unit, overdue first; scoped case reads; public progress."""

import datetime as dt

import pytest
from django.utils import timezone

from services.approvals.models import ApprovalCase
from services.approvals.selectors import case_for_user, case_progress, cases_for_user, work_queue
from services.approvals.services import decide, start_case, start_public_notice
from tests.approvals.conftest import BUSINESS_TYPE

pytestmark = pytest.mark.django_db


def open_case(area, community, title="申请"):
    return start_case(
        business_type=BUSINESS_TYPE,
        subject=None,
        org_unit=area[community],
        title=title,
        actor=area[f"{community}_staff"],
    )


def test_the_queue_holds_only_cases_waiting_at_the_users_unit(area, process):
    heping = open_case(area, "heping")
    ankang = open_case(area, "ankang")
    binhe = open_case(area, "binhe")
    assert list(work_queue(area["heping_staff"])) == [heping]
    assert list(work_queue(area["ankang_staff"])) == [ankang]
    # Cases still at the communities do not wait at the street or district yet.
    assert list(work_queue(area["street_staff"])) == []
    assert list(work_queue(area["district_staff"])) == []
    assert set(cases_for_user(area["street_staff"])) == {heping, ankang}
    assert set(cases_for_user(area["district_staff"])) == {heping, ankang, binhe}
    assert case_for_user(area["heping_staff"], ankang.pk) is None
    assert case_for_user(area["other_street_staff"], heping.pk) is None
    assert case_for_user(area["street_staff"], heping.pk) == heping


def test_a_case_moves_from_queue_to_queue(area, process):
    case = open_case(area, "heping")
    ApprovalCase.objects.filter(pk=case.pk).update(
        current_step=process.steps.get(name="街道审核"), current_org_unit=area["street"]
    )
    assert list(work_queue(area["street_staff"])) == [case]
    assert list(work_queue(area["other_street_staff"])) == []
    assert list(work_queue(area["heping_staff"])) == []
    case.refresh_from_db()
    decide(case, actor=area["street_staff"], decision="return", comment="缺材料")
    assert list(work_queue(area["street_staff"])) == []
    assert list(work_queue(area["heping_staff"])) == [case]


def test_overdue_cases_come_first(area, process):
    on_time = open_case(area, "heping", "按时")
    late = open_case(area, "heping", "超期")
    ApprovalCase.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    queue = list(work_queue(area["heping_staff"]))
    assert queue == [late, on_time]
    assert queue[0].overdue_now and not queue[1].overdue_now


def test_the_queue_takes_a_fixed_number_of_queries(area, process, django_assert_max_num_queries):
    for index in range(3):
        open_case(area, "heping", f"申请{index}")

    def render():
        return [
            (case.number, case.process.name, case.current_step.name, case.org_unit.name, case.current_org_unit.name)
            for case in work_queue(area["heping_staff"])
        ]

    with django_assert_max_num_queries(1):
        assert len(render()) == 3
    for index in range(20):
        open_case(area, "heping", f"更多{index}")
    with django_assert_max_num_queries(1):
        assert len(render()) == 23


def test_progress_shows_steps_without_personal_data(area, case):
    decide(case, actor=area["heping_staff"], decision="pass", comment="张三家庭收入属实")
    start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())
    progress = case_progress(case.number.lower())
    assert progress.number == case.number
    assert [step.state for step in progress.steps] == ["done", "current", "pending", "pending", "pending"]
    assert progress.waiting_at == "和平里社区"
    assert progress.notice_period[0] == timezone.localdate()
    assert "张三" not in repr(progress)
    assert case_progress("SP00000000-000000") is None
    assert case_progress("") is None
