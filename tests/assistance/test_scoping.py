"""Every assistance read stops at the user's subtree: community, street, district, another district."""

import datetime

import pytest

from services.assistance.compliance import run_compliance_checks
from services.assistance.models import CaseDocument
from services.assistance.payroll import generate_payroll
from services.assistance.programmes import Programme
from services.assistance.selectors import (
    cases_for,
    findings_for,
    payrolls_for,
    review_tasks_for,
    search_cases,
    standards_for,
)
from services.assistance.services import schedule_reviews
from tests.assistance.test_case_life import active_case

pytestmark = pytest.mark.django_db


def test_each_level_sees_its_own_subtree(area, standards):
    heping, _ = active_case(area, irregular_income=True)
    binhe, _ = active_case(area, community="binhe", irregular_income=True)
    beishan, _ = active_case(area, community="beishan", irregular_income=True)
    CaseDocument.objects.filter(case__in=[heping, binhe, beishan], kind="income_proof").delete()
    run_compliance_checks()
    schedule_reviews(datetime.date(2026, 8, 20))
    for unit in (area["street"], area["other_street"]):
        generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=unit, month=datetime.date(2026, 3, 1))

    expectations = {
        "heping_staff": {heping},
        "binhe_staff": {binhe},
        "street_staff": {heping, binhe},
        "district_staff": {heping, binhe},
        "other_district_staff": {beishan},
        "city_admin": {heping, binhe, beishan},
    }
    for name, expected in expectations.items():
        user = area[name]
        assert set(cases_for(user)) == expected, name
        assert {finding.case for finding in findings_for(user)} == expected, name
        assert {task.case for task in review_tasks_for(user)} == expected, name
        assert set(search_cases(user, programme=Programme.URBAN_DIBAO)) == expected, name
    assert {run.org_unit for run in payrolls_for(area["street_staff"])} == {area["street"]}
    assert not payrolls_for(area["heping_staff"]).exists()  # the street's payroll is above the community
    assert {run.org_unit for run in payrolls_for(area["city_admin"])} == {area["street"], area["other_street"]}
    # standards: a community reads the city's standard that governs it, not another district's
    heping_standards = {standard.org_unit for standard in standards_for(area["heping_staff"])}
    assert area["city"] in heping_standards and area["other_district"] not in heping_standards
