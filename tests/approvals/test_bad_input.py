"""Bad input to the engine gives a coded error (Chinese message in the interface) and changes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from services.approvals import registry
from services.approvals.models import ApprovalCase, ApprovalDecision, ApprovalProcess, CaseStatus
from services.approvals.services import (
    ApprovalError,
    decide,
    ensure_process,
    record_objection,
    resolve_objection,
    resubmit,
    start_case,
    start_public_notice,
)
from tests.approvals.conftest import BUSINESS_TYPE
from tests.factories import staff

pytestmark = pytest.mark.django_db


def state(case):
    fresh = ApprovalCase.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.current_step_id,
        fresh.current_org_unit_id,
        fresh.due_at,
        ApprovalDecision.objects.filter(case=case).count(),
        AuditEntry.objects.count(),
    )


def assert_refused(code, call, case):
    before = state(case)
    with pytest.raises(ApprovalError) as error:
        call()
    assert error.value.code == code
    assert error.value.messages[0]
    assert state(case) == before


def at_notice(case, area):
    decide(case, actor=area["heping_staff"], decision="pass", comment="材料齐全")
    return start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())


def test_unknown_decision(area, case):
    assert_refused("unknown_decision", lambda: decide(case, actor=area["heping_staff"], decision="maybe"), case)


def test_deciding_outside_ones_org_unit(area, case):
    for outsider in ("ankang_staff", "street_staff", "district_staff", "binhe_staff"):
        assert_refused("outside_org_unit", lambda user=outsider: decide(case, actor=area[user], decision="pass"), case)


def test_a_user_without_the_decide_permission(area, case):
    editor = staff(area["heping"], Role.COMMUNITY_EDITOR)
    assert_refused("no_permission", lambda: decide(case, actor=editor, decision="pass"), case)


def test_approving_twice(area, process, case):
    from services.approvals.services import set_final_level

    set_final_level(process, "street")
    process.steps.filter(kind="public_notice").update(optional=True)
    decide(case, actor=area["heping_staff"], decision="pass")
    decide(case, actor=area["heping_staff"], decision="skip", comment="不需公示")
    decide(case, actor=area["street_staff"], decision="skip", comment="免于入户")
    stale = ApprovalCase.objects.get(pk=case.pk)
    decide(case, actor=area["street_staff"], decision="approve", comment="同意")
    assert_refused("case_finished", lambda: decide(case, actor=area["street_staff"], decision="approve"), case)
    assert_refused("case_finished", lambda: decide(stale, actor=area["street_staff"], decision="approve"), case)


def test_passing_a_step_twice_from_a_stale_page(area, case):
    stale = ApprovalCase.objects.get(pk=case.pk)
    decide(case, actor=area["heping_staff"], decision="pass")
    assert_refused("already_decided", lambda: decide(stale, actor=area["heping_staff"], decision="pass"), case)


def test_deciding_a_finished_case(area, case):
    decide(case, actor=area["heping_staff"], decision="reject", comment="不符合条件")
    for decision in ("pass", "return", "reject", "approve"):
        assert_refused(
            "case_finished",
            lambda decision=decision: decide(case, actor=area["heping_staff"], decision=decision, comment="x"),
            case,
        )


def test_deciding_a_returned_case_before_resubmission(area, case):
    decide(case, actor=area["heping_staff"], decision="return", comment="缺材料")
    assert_refused("case_returned", lambda: decide(case, actor=area["heping_staff"], decision="pass"), case)


def test_reject_return_and_skip_need_a_reason(area, case):
    for decision in ("reject", "return"):
        assert_refused(
            "reason_required",
            lambda decision=decision: decide(case, actor=area["heping_staff"], decision=decision, comment="  "),
            case,
        )


def test_approve_only_at_the_final_step_and_pass_never_there(area, case):
    assert_refused("not_final_step", lambda: decide(case, actor=area["heping_staff"], decision="approve"), case)
    case.current_step = case.process.steps.get(level="district")
    case.current_org_unit = area["district"]
    ApprovalCase.objects.filter(pk=case.pk).update(current_step=case.current_step, current_org_unit=area["district"])
    assert_refused("final_step", lambda: decide(case, actor=area["district_staff"], decision="pass"), case)


def test_a_required_step_cannot_be_skipped(area, case):
    assert_refused(
        "step_not_optional", lambda: decide(case, actor=area["heping_staff"], decision="skip", comment="x"), case
    )


def test_the_survey_step_needs_its_findings(area, case):
    ApprovalCase.objects.filter(pk=case.pk).update(
        current_step=case.process.steps.get(kind="survey"), current_org_unit=area["street"]
    )
    case.refresh_from_db()
    assert_refused("survey_findings_required", lambda: decide(case, actor=area["street_staff"], decision="pass"), case)


def test_public_notice_cannot_pass_before_it_started_or_ended(area, case):
    decide(case, actor=area["heping_staff"], decision="pass")
    assert_refused("notice_not_started", lambda: decide(case, actor=area["heping_staff"], decision="pass"), case)
    start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())
    assert_refused("notice_running", lambda: decide(case, actor=area["heping_staff"], decision="pass"), case)


def test_public_notice_cannot_pass_with_an_unresolved_objection(area, case):
    notice = at_notice(case, area)
    record_objection(notice, text="家中有人在职", actor=area["heping_staff"])
    notice.ends_on = timezone.localdate() - dt.timedelta(days=1)
    notice.save()
    assert_refused("objection_unresolved", lambda: decide(case, actor=area["heping_staff"], decision="pass"), case)


def test_public_notice_rules(area, case):
    assert_refused(
        "not_notice_step",
        lambda: start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate()),
        case,
    )
    decide(case, actor=area["heping_staff"], decision="pass")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert_refused(
        "notice_in_past", lambda: start_public_notice(case, actor=area["heping_staff"], starts_on=yesterday), case
    )
    assert_refused(
        "outside_org_unit",
        lambda: start_public_notice(case, actor=area["ankang_staff"], starts_on=timezone.localdate()),
        case,
    )
    notice = start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())
    assert_refused(
        "notice_exists",
        lambda: start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate()),
        case,
    )
    assert_refused(
        "objection_text_required", lambda: record_objection(notice, text=" ", actor=area["heping_staff"]), case
    )
    assert_refused("outside_org_unit", lambda: record_objection(notice, text="异议", actor=area["binhe_staff"]), case)
    objection = record_objection(notice, text="异议", actor=area["heping_staff"])
    assert_refused(
        "resolution_required",
        lambda: resolve_objection(objection, actor=area["heping_staff"], resolution="", upheld=False),
        case,
    )
    assert_refused(
        "outside_org_unit",
        lambda: resolve_objection(objection, actor=area["street_staff"], resolution="核实", upheld=False),
        case,
    )
    resolve_objection(objection, actor=area["heping_staff"], resolution="经核实不成立", upheld=False)
    assert_refused(
        "objection_already_resolved",
        lambda: resolve_objection(objection, actor=area["heping_staff"], resolution="再次", upheld=True),
        case,
    )
    notice.starts_on = notice.ends_on = timezone.localdate() - dt.timedelta(days=1)
    notice.save()
    assert_refused(
        "notice_not_running", lambda: record_objection(notice, text="迟到的异议", actor=area["heping_staff"]), case
    )


def test_a_failing_hook_rolls_the_decision_back(area, case):
    def refuse(case, actor):
        raise ApprovalError("benefit_failed", "发放失败")

    registry.register_business_type(BUSINESS_TYPE, label="低保", on_rejected=refuse)
    try:
        assert_refused(
            "benefit_failed", lambda: decide(case, actor=area["heping_staff"], decision="reject", comment="x"), case
        )
    finally:
        registry.unregister_business_type(BUSINESS_TYPE)
    assert ApprovalCase.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS


def test_attachments_are_checked(area, case):
    script = SimpleUploadedFile("run.exe", b"MZ")
    assert_refused(
        "attachment_type",
        lambda: decide(case, actor=area["heping_staff"], decision="pass", attachments=[script]),
        case,
    )
    many = [SimpleUploadedFile(f"p{index}.pdf", b"%PDF-1.4") for index in range(11)]
    assert_refused(
        "too_many_attachments",
        lambda: decide(case, actor=area["heping_staff"], decision="pass", attachments=many),
        case,
    )


def test_resubmitting_a_case_that_was_not_returned(area, case):
    assert_refused("not_returned", lambda: resubmit(case, actor=area["heping_staff"]), case)


def test_resubmitting_from_another_community(area, case):
    decide(case, actor=area["heping_staff"], decision="return", comment="缺材料")
    assert_refused("outside_org_unit", lambda: resubmit(case, actor=area["ankang_staff"]), case)


def test_starting_cases_with_bad_input(area, process, case):
    def start(**overrides):
        values = {
            "business_type": BUSINESS_TYPE,
            "subject": None,
            "org_unit": area["heping"],
            "title": "申请",
            "actor": area["heping_staff"],
        }
        return lambda: start_case(**{**values, **overrides})

    assert_refused("unknown_business_type", start(business_type="nope.none"), case)
    assert_refused("not_a_community", start(org_unit=area["street"]), case)
    assert_refused("outside_org_unit", start(org_unit=area["ankang"]), case)
    assert_refused("title_required", start(title="  "), case)
    # A second open case for the same business record.
    start_case(business_type=BUSINESS_TYPE, subject=area["ankang"], org_unit=area["ankang"], title="甲", actor=None)
    assert_refused("case_already_open", start(subject=area["ankang"], org_unit=area["ankang"], actor=None), case)


@pytest.mark.parametrize(
    ("steps", "final_level", "code"),
    [
        ([], "district", "no_steps"),
        (
            [{"kind": "review", "level": "street"}, {"kind": "review", "level": "community"}],
            "street",
            "steps_out_of_order",
        ),
        (
            [{"kind": "public_notice", "level": "community"}, {"kind": "approve", "level": "street"}],
            "street",
            "notice_days_missing",
        ),
        (
            [{"kind": "review", "level": "community"}, {"kind": "approve", "level": "street"}],
            "district",
            "no_final_step",
        ),
        ([{"kind": "approve", "level": "street", "optional": True}], "street", "no_final_step"),
        ([{"kind": "approve", "level": "street"}], "community", "invalid_final_level"),
        ([{"kind": "vote", "level": "street"}], "street", "invalid_step_kind"),
    ],
)
def test_process_definitions_are_validated(db, steps, final_level, code):
    with pytest.raises(ApprovalError) as error:
        ensure_process("tests.bad", "坏流程", steps=steps, final_level=final_level)
    assert error.value.code == code
    assert not ApprovalProcess.objects.filter(business_type="tests.bad").exists()


def test_ensure_process_is_idempotent(db, process):
    again = ensure_process(
        BUSINESS_TYPE, "另一个名字", steps=[{"kind": "approve", "level": "city"}], final_level="city"
    )
    assert again.pk == process.pk and again.steps.count() == 5


def test_the_database_keeps_one_open_case_per_record(area, process):
    from django.db import IntegrityError, transaction

    first = start_case(
        business_type=BUSINESS_TYPE, subject=area["ankang"], org_unit=area["ankang"], title="甲", actor=None
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalCase.objects.create(
            number="SP20260101-999999",
            process=process,
            org_unit=area["ankang"],
            title="乙",
            subject_type=first.subject_type,
            subject_id=first.subject_id,
        )
    decide(first, actor=area["ankang_staff"], decision="reject", comment="不符合")
    second = start_case(
        business_type=BUSINESS_TYPE, subject=area["ankang"], org_unit=area["ankang"], title="再申请", actor=None
    )
    assert second.status == CaseStatus.IN_PROGRESS
