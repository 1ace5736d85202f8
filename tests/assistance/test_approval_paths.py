"""Every approval path as assistance sees it, through the real approval engine."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from services.approvals.models import ApprovalCase
from services.approvals.services import decide, resubmit
from services.assistance.models import BenefitPeriod, CaseStatus, PeriodKind
from services.assistance.programmes import Programme
from services.assistance.selectors import amount_in_month
from services.assistance.services import submit_for_approval
from tests.assistance.conftest import apply, make_household, prepare_for_approval, run_approval

pytestmark = pytest.mark.django_db


def dibao_case(area, incomes=(1000, 500, 0)):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None), ("李小明", None)])
    case = apply(household, people, incomes=incomes, actor=area["heping_staff"])
    prepare_for_approval(case, area)
    return case


def test_approved_dibao_starts_the_grant_in_the_month_of_the_decision(area, standards):
    case = dibao_case(area)
    approval = run_approval(case, area)
    assert approval.status == "approved"
    assert [step.kind for step in approval.process.active_steps()] == ["review", "survey", "public_notice", "approve"]
    assert case.status == CaseStatus.ACTIVE
    assert case.approval_number == approval.number
    this_month = datetime.date.today().replace(day=1)
    period = BenefitPeriod.objects.get(case=case)
    assert (period.kind, period.effective_from, period.monthly_amount) == (
        PeriodKind.GRANT, this_month, Decimal("1500.00"),
    )  # fmt: skip
    assert amount_in_month(case, this_month) == Decimal("1500.00")
    assert amount_in_month(case, this_month - datetime.timedelta(days=1)) is None
    assert case.next_review_on == this_month.replace(year=this_month.year + 1)
    assert case.events.filter(kind="approved").exists()


def test_rejected_application_gets_no_grant(area, standards):
    case = dibao_case(area)
    approval = run_approval(case, area, outcome="reject")
    assert approval.status == "rejected"
    assert case.status == CaseStatus.REJECTED
    assert case.end_reason == "不符合条件"
    assert not BenefitPeriod.objects.filter(case=case).exists()
    assert case.monthly_amount == 0


def test_returned_application_can_be_resubmitted_and_then_approved(area, standards):
    case = dibao_case(area)
    approval = submit_for_approval(case, actor=area["heping_staff"])
    decide(approval, actor=area["heping_staff"], decision="return", comment="补充收入证明")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLYING and case.events.filter(kind="returned").exists()
    assert not BenefitPeriod.objects.filter(case=case).exists()
    resubmit(approval, actor=area["heping_staff"])
    decide(approval, actor=area["heping_staff"], decision="pass")
    assert approval.current_step.kind == "survey"


def test_approving_twice_is_refused_and_changes_nothing(area, standards):
    case = dibao_case(area)
    approval = run_approval(case, area)
    with pytest.raises(ValidationError) as error:
        decide(approval, actor=area["district_staff"], decision="approve")
    assert error.value.code == "case_finished"
    assert BenefitPeriod.objects.filter(case=case).count() == 1


def test_granting_an_already_decided_case_is_refused(area, standards):
    from services.assistance.services import grant_case

    case = dibao_case(area)
    run_approval(case, area)
    with pytest.raises(ValidationError) as error:
        grant_case(case)
    assert error.value.code == "already_decided"
    assert BenefitPeriod.objects.filter(case=case).count() == 1


def test_approving_outside_ones_org_unit_is_refused(area, standards):
    case = dibao_case(area)
    approval = submit_for_approval(case, actor=area["heping_staff"])
    with pytest.raises(ValidationError) as error:
        decide(approval, actor=area["binhe_staff"], decision="pass")
    assert error.value.code == "outside_org_unit"
    with pytest.raises(ValidationError):
        submit_for_approval(case, actor=area["heping_staff"])  # already submitted
    approval.refresh_from_db()
    assert approval.current_step.kind == "review" and not approval.decisions.exists()


def test_submitting_another_communitys_case_is_refused(area, standards):
    case = dibao_case(area)
    with pytest.raises(ValidationError) as error:
        submit_for_approval(case, actor=area["binhe_staff"])
    assert error.value.code == "scope"
    assert not ApprovalCase.objects.exists()


def test_one_off_medical_aid_pays_once_in_the_month_of_approval(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    dibao = apply(household, people, actor=area["heping_staff"])
    prepare_for_approval(dibao, area)
    run_approval(dibao, area)
    medical = apply(
        household, people, programme=Programme.MEDICAL_AID, medical_expense="10000", actor=area["heping_staff"]
    )
    approval = run_approval(medical, area)
    assert approval.process.final_level == "street"
    assert medical.status == CaseStatus.COMPLETED
    this_month = datetime.date.today().replace(day=1)
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    assert amount_in_month(medical, this_month) == Decimal("7000.00")  # 10000 x 0.7
    assert amount_in_month(medical, next_month) == Decimal("0.00")


def test_medical_aid_needs_a_household_in_recurring_assistance(area, standards):
    household, people = make_household(area["heping"])
    with pytest.raises(ValidationError) as error:
        apply(household, people, programme=Programme.MEDICAL_AID, medical_expense="1000", actor=area["heping_staff"])
    assert error.value.code == "ineligible"


def test_temporary_aid_and_extreme_poverty_paths(area, standards):
    household, people = make_household(area["heping"], people=[("孙大爷", datetime.date(1948, 5, 1))])
    temporary = apply(
        household, people, programme=Programme.TEMPORARY_AID, requested_amount="5000", reason="房屋失火",
        actor=area["heping_staff"],
    )  # fmt: skip
    prepare_for_approval(temporary, area)
    run_approval(temporary, area)
    assert temporary.status == CaseStatus.COMPLETED and temporary.monthly_amount == Decimal("3000.00")
    support = apply(
        household, people, programme=Programme.EXTREME_POVERTY, incomes=[300], no_legal_supporter=True,
        actor=area["heping_staff"],
    )  # fmt: skip
    prepare_for_approval(support, area)
    run_approval(support, area)
    assert support.status == CaseStatus.ACTIVE and support.monthly_amount == Decimal("1300.00")


def test_a_withdrawn_approval_lets_the_application_be_submitted_again(area, standards):
    from services.approvals.services import withdraw_case

    case = dibao_case(area)
    first = submit_for_approval(case, actor=area["heping_staff"])
    withdraw_case(first, actor=area["heping_staff"], reason="申请人撤回后补充材料")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLYING and not BenefitPeriod.objects.filter(case=case).exists()
    second = submit_for_approval(case, actor=area["heping_staff"])
    case.refresh_from_db()
    assert second.number != first.number and case.approval_number == second.number


def test_a_grant_that_cannot_be_computed_rolls_the_final_decision_back(area, standards):
    from services.assistance.models import Standard

    case = dibao_case(area)
    Standard.objects.filter(programme=Programme.URBAN_DIBAO).delete()  # no standard in force any more
    with pytest.raises(ValidationError) as error:
        run_approval(case, area)
    assert error.value.code == "no_standard"
    case.refresh_from_db()
    approval = ApprovalCase.objects.get(number=case.approval_number)
    assert approval.status == "in_progress" and approval.current_step.kind == "approve"
    assert case.status == CaseStatus.APPLYING and not BenefitPeriod.objects.filter(case=case).exists()
