"""Every path through a process: pass, skip, approve, reject, return and resubmit; final level street or district."""

import datetime as dt

import pytest
from django.utils import timezone

from cms.audit.models import AuditEntry
from cms.notifications.models import OutboxMessage
from services.approvals import registry
from services.approvals.models import ApprovalDecision, CaseStatus
from services.approvals.services import (
    decide,
    record_objection,
    resolve_objection,
    resubmit,
    set_final_level,
    start_public_notice,
)
from tests.approvals.conftest import BUSINESS_TYPE

pytestmark = pytest.mark.django_db


def pass_public_notice(case, actor):
    """Run the notice from today and move the clock past its end by moving the notice back in time."""
    notice = start_public_notice(case, actor=actor, starts_on=timezone.localdate())
    notice.starts_on -= dt.timedelta(days=20)
    notice.ends_on = timezone.localdate() - dt.timedelta(days=1)
    notice.save()
    return notice


def bring_to_street(case, area):
    decide(case, actor=area["heping_staff"], decision="pass", comment="材料齐全")
    pass_public_notice(case, area["heping_staff"])
    decide(case, actor=area["heping_staff"], decision="pass", comment="公示期满无异议")


@pytest.mark.smoke
def test_case_climbs_to_the_district_and_is_approved(area, case):
    approved = []
    registry.register_business_type(BUSINESS_TYPE, label="低保", on_approved=lambda c, a: approved.append(c.number))
    try:
        assert case.current_org_unit == area["heping"]
        assert case.number.startswith("SP") and case.due_at is not None
        bring_to_street(case, area)
        assert case.current_org_unit == area["street"]
        assert case.current_step.name == "入户调查"
        decide(case, actor=area["street_staff"], decision="pass", comment="入户调查属实")
        decide(case, actor=area["street_staff"], decision="pass", comment="同意")
        assert case.current_org_unit == area["district"]
        decide(case, actor=area["district_staff"], decision="approve", comment="批准")
    finally:
        registry.unregister_business_type(BUSINESS_TYPE)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert case.current_step is None and case.current_org_unit is None and case.finished_at
    assert approved == [case.number]
    decisions = list(ApprovalDecision.objects.filter(case=case).values_list("decision", "level", "actor_name"))
    assert decisions == [
        ("pass", "community", "heping"),
        ("pass", "community", "heping"),
        ("pass", "street", "street"),
        ("pass", "street", "street"),
        ("approve", "district", "district"),
    ]
    actions = list(AuditEntry.objects.filter(action__startswith="approvals.case").values_list("action", flat=True))
    assert "approvals.case.approve" in actions and "approvals.case.start" in actions
    assert OutboxMessage.objects.filter(recipient_user=area["heping_staff"], subject__contains=case.number).exists()
    assert OutboxMessage.objects.filter(recipient_user=area["district_staff"]).exists()


def test_final_level_street_ends_the_process_at_the_street(area, process, case):
    set_final_level(process, "street", actor=area["city_admin"])
    bring_to_street(case, area)
    decide(case, actor=area["street_staff"], decision="skip", comment="已掌握情况，免于入户")
    decide(case, actor=area["street_staff"], decision="approve", comment="街道审批通过")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert not ApprovalDecision.objects.filter(case=case, level="district").exists()


def test_rejection_with_reason_finishes_the_case_and_calls_the_hook(area, case):
    rejected = []
    registry.register_business_type(BUSINESS_TYPE, label="低保", on_rejected=lambda c, a: rejected.append(a))
    try:
        decide(case, actor=area["heping_staff"], decision="reject", comment="收入超过标准")
    finally:
        registry.unregister_business_type(BUSINESS_TYPE)
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED and case.finished_at
    assert rejected == [area["heping_staff"]]


def test_return_for_correction_waits_at_the_community_and_resumes_at_the_returning_step(area, case):
    bring_to_street(case, area)
    decide(case, actor=area["street_staff"], decision="skip", comment="免于入户")
    decide(case, actor=area["street_staff"], decision="return", comment="缺少收入证明")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert case.current_org_unit == area["heping"]
    assert case.current_step.name == "街道审核"
    resubmit(case, actor=area["heping_staff"], comment="已补充收入证明")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.current_org_unit == area["street"]
    assert case.current_step.name == "街道审核"
    assert case.decisions.last().decision == "resubmit"


def test_an_upheld_objection_blocks_the_notice_and_the_case_is_returned(area, case):
    decide(case, actor=area["heping_staff"], decision="pass", comment="材料齐全")
    notice = start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())
    objection = record_objection(notice, text="申请人有车辆", actor=area["heping_staff"], objector="匿名居民")
    resolve_objection(objection, actor=area["heping_staff"], resolution="核实属实", upheld=True)
    notice.ends_on = timezone.localdate() - dt.timedelta(days=1)
    notice.save()
    from services.approvals.services import ApprovalError

    with pytest.raises(ApprovalError) as error:
        decide(case, actor=area["heping_staff"], decision="pass", comment="公示期满")
    assert error.value.code == "objection_upheld"
    decide(case, actor=area["heping_staff"], decision="return", comment="异议成立，需说明车辆情况")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED


def test_withdrawal_closes_the_case_with_its_reason(area, case):
    from services.approvals.services import withdraw_case

    withdraw_case(case, actor=area["heping_staff"], reason="申请人自愿撤回")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and case.current_org_unit is None
    assert case.decisions.last().decision == "withdraw"
