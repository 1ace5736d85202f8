"""Monthly payroll: totals equal the grants, one payment per case and month, bank files, fund statistics."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from services.assistance.models import PayrollLine, PayrollRun
from services.assistance.payroll import (
    bank_file_csv,
    cancel_payroll,
    confirm_payroll,
    fund_statistics,
    generate_payroll,
    payroll_rows,
)
from services.assistance.programmes import Programme
from services.assistance.selectors import amount_in_month
from services.assistance.services import suspend_case, terminate_case
from tests.assistance.test_case_life import active_case
from tests.factories import staff

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 1)


def test_payroll_total_equals_the_sum_of_grants_in_force(area, standards):
    cases = [active_case(area)[0], active_case(area, incomes=(2400, 0, 0))[0], active_case(area, community="binhe")[0]]
    stopped, _ = active_case(area)
    suspend_case(stopped, actor=area["heping_staff"], on=MARCH, reason="核查中")
    ended, _ = active_case(area)
    terminate_case(ended, actor=area["heping_staff"], on=datetime.date(2026, 2, 20), reason="收入超标")
    west, _ = active_case(area, community="beishan")

    run = generate_payroll(
        programme=Programme.URBAN_DIBAO, org_unit=area["street"], month=MARCH, actor=area["district_staff"]
    )
    expected = sum(amount_in_month(case, MARCH) for case in cases)
    assert run.total == expected == Decimal("1500.00") + Decimal("600.00") + Decimal("1500.00")
    assert run.line_count == 3
    assert set(run.lines.values_list("case_id", flat=True)) == {case.pk for case in cases}
    assert west.pk not in set(PayrollLine.objects.values_list("case_id", flat=True))
    assert sum(line.amount for line in run.lines.all()) == run.total


def test_a_case_is_paid_once_per_month_and_cancelled_runs_free_it(area, standards):
    case, _ = active_case(area)
    community_run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["heping"], month=MARCH)
    street_run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["street"], month=MARCH)
    assert (community_run.line_count, street_run.line_count) == (1, 0)
    cancel_payroll(community_run, actor=area["district_staff"])
    again = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["street"], month=MARCH)
    assert again.line_count == 1 and again.total == case.monthly_amount


def test_generating_outside_ones_area_or_for_an_unknown_programme_is_refused(area, standards):
    active_case(area)
    with pytest.raises(ValidationError) as error:
        generate_payroll(
            programme=Programme.URBAN_DIBAO, org_unit=area["city"], month=MARCH, actor=area["district_staff"]
        )
    assert error.value.code == "scope"
    with pytest.raises(ValidationError):
        generate_payroll(programme="pension", org_unit=area["street"], month=MARCH)
    assert not PayrollRun.objects.exists()


def test_bank_file_has_full_numbers_only_after_confirmation_and_is_audited(area, standards):
    case, people = active_case(area)
    run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["district"], month=MARCH)
    with pytest.raises(ValidationError) as error:
        bank_file_csv(run, actor=area["district_staff"])
    assert error.value.code == "not_confirmed"
    with pytest.raises(ValidationError) as error:
        confirm_payroll(run, actor=area["heping_staff"])
    assert error.value.code == "scope"
    confirm_payroll(run, actor=area["district_staff"])
    with pytest.raises(ValidationError):
        confirm_payroll(run, actor=area["district_staff"])  # confirming twice
    viewer = staff(area["district"], Role.DEPARTMENT_VIEWER)
    with pytest.raises(ValidationError) as error:
        bank_file_csv(run, actor=viewer)  # a department viewer of the district lacks the bank-file permission
    assert error.value.code == "permission"
    content = bank_file_csv(run, actor=area["district_staff"]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2
    assert rows[1][4] == people[0].id_number and rows[1][6] == "6228480012345678"
    assert rows[1][8] == "1500.00"
    masked = list(payroll_rows(run))
    assert masked[0][4] == people[0].id_number_masked and masked[0][6].endswith("5678") and "6228" not in masked[0][6]
    assert AuditEntry.objects.filter(action="assistance.bank_file", object_id=str(run.pk)).count() == 1


def test_fund_statistics_by_area_programme_and_month(area, standards):
    active_case(area)
    active_case(area, community="binhe")
    active_case(area, community="beishan")
    for month in (MARCH, datetime.date(2026, 4, 1)):
        for unit in (area["district"], area["other_district"]):
            run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=unit, month=month)
            confirm_payroll(run, actor=area["city_admin"])
    draft = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["city"], month=datetime.date(2026, 5, 1))
    assert draft.line_count == 3  # drafts do not count in the statistics
    city = fund_statistics(area["city"], year=2026)
    assert [(unit.name, totals[Programme.URBAN_DIBAO]) for unit, totals in city["areas"]] == [
        ("东湖区", Decimal("6000.00")),
        ("西湖区", Decimal("3600.00")),
    ]
    assert city["months"][Programme.URBAN_DIBAO][2] == Decimal("4800.00")
    assert city["total"] == Decimal("9600.00")
    street = fund_statistics(area["street"], year=2026)
    assert [unit.name for unit, _totals in street["areas"]] == ["和平里社区", "滨河社区"]
    community = fund_statistics(area["heping"], year=2026)
    assert community["total"] == Decimal("3000.00")
