"""Applications from data-centre households, and bad input that must change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.audit.models import AuditEntry
from services.assistance.models import AssistanceCase, CaseMember, CaseStatus, IncomeLine
from services.assistance.programmes import DocumentKind, Programme
from services.assistance.services import (
    apply_for_assistance,
    missing_documents,
    record_appraisal,
    record_survey,
    submit_for_approval,
)
from services.datacenter.services import record_death
from tests.assistance.conftest import apply, make_household, prepare_for_approval

pytestmark = pytest.mark.django_db


def nothing_saved():
    return not AssistanceCase.objects.exists() and not CaseMember.objects.exists() and not IncomeLine.objects.exists()


def test_application_takes_members_and_incomes_from_the_data_centre(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None), ("李小明", None)])
    case = apply(household, people, incomes=[1000, 500, 0], actor=area["heping_staff"])
    assert case.status == CaseStatus.APPLYING
    assert case.number.startswith("JZ")
    assert case.org_unit == area["heping"]
    assert case.member_count == 3 and case.covered_count == 3
    assert case.monthly_income == Decimal("1500.00")
    assert case.per_capita_income == Decimal("500.00")
    assert case.monthly_amount == Decimal("1500.00")  # (1000 - 500) x 3, the prospective benefit
    assert case.bank_account_masked.endswith("5678") and "6228" not in case.bank_account_masked
    assert AuditEntry.objects.filter(action="assistance.apply", object_id=str(case.pk)).exists()


def test_negative_income_is_refused_in_chinese_and_nothing_is_saved(area, standards):
    household, people = make_household(area["heping"])
    with pytest.raises(ValidationError) as error:
        apply(household, people, incomes=[-100], actor=area["heping_staff"])
    assert error.value.code == "negative"
    assert nothing_saved()


def test_unknown_resident_is_refused(area, standards):
    household, people = make_household(area["heping"])
    with pytest.raises(ValidationError) as error:
        apply_for_assistance(
            programme=Programme.URBAN_DIBAO,
            household=household,
            applicant=people[0],
            members=[{"resident": people[0]}, {"resident": 999_999}],
            actor=area["heping_staff"],
        )
    assert error.value.code == "unknown_resident"
    assert nothing_saved()


def test_member_of_another_household_and_deceased_member_are_refused(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    _other, strangers = make_household(area["heping"], people=[("赵六", None)])
    with pytest.raises(ValidationError) as error:
        apply(household, [people[0], strangers[0]], actor=area["heping_staff"])
    assert error.value.code == "not_member"
    record_death(people[1], on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        apply(household, people, actor=area["heping_staff"])
    assert error.value.code == "inactive_resident"
    assert nothing_saved()


def test_ineligible_household_is_refused_with_the_reason(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    with pytest.raises(ValidationError) as error:
        apply(household, people, incomes=[1500, 600], actor=area["heping_staff"])  # 1050 per head > 1000
    assert error.value.code == "ineligible"
    assert "1050.00" in " ".join(error.value.messages)
    rural, farmers = make_household(area["heping"], kind="rural")
    with pytest.raises(ValidationError):
        apply(rural, farmers, actor=area["heping_staff"])  # urban dibao for a rural household
    assert apply(rural, farmers, programme=Programme.RURAL_DIBAO, actor=area["heping_staff"]).status == "applying"


def test_a_household_has_one_open_case_per_programme(area, standards):
    household, people = make_household(area["heping"])
    apply(household, people, actor=area["heping_staff"])
    with pytest.raises(ValidationError) as error:
        apply(household, people, actor=area["heping_staff"])
    assert error.value.code == "duplicate_case"
    assert AssistanceCase.objects.count() == 1


def test_applying_outside_ones_area_is_refused(area, standards):
    household, people = make_household(area["heping"])
    with pytest.raises(ValidationError) as error:
        apply(household, people, actor=area["binhe_staff"])
    assert error.value.code == "scope"
    assert nothing_saved()


def test_submission_with_missing_documents_is_refused_and_changes_nothing(area, standards):
    household, people = make_household(area["heping"])
    case = apply(household, people, documents=[{"kind": DocumentKind.APPLICATION_FORM}], actor=area["heping_staff"])
    prepare_for_approval(case, area)
    assert DocumentKind.INCOME_PROOF in missing_documents(case)
    with pytest.raises(ValidationError) as error:
        submit_for_approval(case, actor=area["heping_staff"])
    assert error.value.code == "incomplete"
    case.refresh_from_db()
    assert case.approval_number == "" and case.status == CaseStatus.APPLYING
    from services.approvals.models import ApprovalCase

    assert not ApprovalCase.objects.exists()


def test_submission_needs_survey_and_a_passed_appraisal(area, standards):
    household, people = make_household(area["heping"])
    case = apply(household, people, actor=area["heping_staff"])
    with pytest.raises(ValidationError) as error:
        submit_for_approval(case, actor=area["heping_staff"])
    assert error.value.code == "incomplete" and error.value.message.count("；") == 1  # survey and appraisal
    record_survey(
        case, surveyed_on=datetime.date.today(), surveyors="李明", findings="属实", actor=area["street_staff"]
    )
    record_appraisal(
        case, held_on=datetime.date.today(), participants=9, votes_for=3, votes_against=6, actor=area["heping_staff"]
    )
    with pytest.raises(ValidationError) as error:
        submit_for_approval(case, actor=area["heping_staff"])
    assert error.value.code == "incomplete" and "；" not in error.value.message


def test_survey_income_replaces_the_declared_income(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    case = apply(household, people, incomes=[200, 0], actor=area["heping_staff"])
    assert case.monthly_amount == Decimal("1800.00")  # (1000 - 100) x 2
    record_survey(
        case, surveyed_on=datetime.date.today(), surveyors="李明", findings="打零工", verified_monthly_income="1000",
        actor=area["street_staff"],
    )  # fmt: skip
    case.refresh_from_db()
    assert case.per_capita_income == Decimal("500.00")
    assert case.monthly_amount == Decimal("1000.00")


def test_bad_votes_and_future_survey_dates_are_refused(area, standards):
    household, people = make_household(area["heping"])
    case = apply(household, people, actor=area["heping_staff"])
    with pytest.raises(ValidationError):
        record_appraisal(
            case,
            held_on=datetime.date.today(),
            participants=5,
            votes_for=4,
            votes_against=3,
            actor=area["heping_staff"],
        )
    with pytest.raises(ValidationError):
        record_survey(
            case, surveyed_on=datetime.date.today() + datetime.timedelta(days=3), surveyors="李明", findings="x",
            actor=area["street_staff"],
        )  # fmt: skip
    assert not case.appraisals.exists() and not case.surveys.exists()
