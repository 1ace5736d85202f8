"""调标: a new standard from a date recalculates every household it governs; the preview equals the commit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from services.assistance.models import BenefitPeriod, Standard, StandardAdjustment
from services.assistance.programmes import Programme
from services.assistance.selectors import amount_in_month
from services.assistance.services import change_case, suspend_case
from services.assistance.standards import adjust_standard, plan_standard_adjustment, standard_in_force
from tests.assistance.test_case_life import active_case, members

pytestmark = pytest.mark.django_db

JULY = datetime.date(2026, 7, 1)


def test_standard_lookup_walks_up_the_tree_and_takes_the_one_in_force(area, standards):
    assert standard_in_force(Programme.URBAN_DIBAO, area["heping"], JULY).amount == Decimal("1000.00")
    assert standard_in_force(Programme.URBAN_DIBAO, area["beishan"], JULY).amount == Decimal("1100.00")
    assert standard_in_force(Programme.URBAN_DIBAO, area["heping"], datetime.date(2025, 12, 31)) is None
    Standard.objects.create(
        programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount=Decimal("1050")
    )
    assert standard_in_force(Programme.URBAN_DIBAO, area["heping"], datetime.date(2026, 6, 30)).amount == 1000
    assert standard_in_force(Programme.URBAN_DIBAO, area["heping"], JULY).amount == 1050


def test_preview_equals_commit_and_past_months_stay(area, standards):
    first, _ = active_case(area)  # 500 per head, 3 covered
    second, people = active_case(area, community="binhe", incomes=(2700, 0, 0))  # 900 per head
    change_case(
        second, actor=area["binhe_staff"], effective_from=datetime.date(2026, 9, 1),
        members=members(people, [2400, 0, 0]),
    )  # fmt: skip
    west, _ = active_case(area, community="beishan")  # governed by the West Lake district's own standard
    paused, _ = active_case(area)
    suspend_case(paused, actor=area["heping_staff"], on=datetime.date(2026, 5, 1), reason="待核查")

    preview = plan_standard_adjustment(
        programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount="1200",
        minimum_benefit="200",
    )  # fmt: skip
    expected = sorted((row.case_id, row.effective_from, row.before, row.after) for row in preview.rows)
    assert expected == sorted(
        [
            (first.pk, JULY, Decimal("1500.00"), Decimal("2100.00")),  # (1200 - 500) x 3
            (second.pk, JULY, Decimal("450.00"), Decimal("900.00")),  # 1000-900=100 -> min 150 x3; 1200-900=300 x3
            (second.pk, datetime.date(2026, 9, 1), Decimal("600.00"), Decimal("1200.00")),  # 800/head: 400 x 3
        ]
    )
    assert preview.case_count == 2
    assert (preview.total_before, preview.total_after) == (Decimal("1950.00"), Decimal("3000.00"))

    adjustment = adjust_standard(
        programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount="1200",
        minimum_benefit="200", actor=area["city_admin"],
    )  # fmt: skip
    written = sorted(
        (period.case_id, period.effective_from, period.monthly_amount)
        for period in BenefitPeriod.objects.filter(adjustment=adjustment)
    )
    assert written == [(case_id, day, after) for case_id, day, _before, after in expected]
    assert (adjustment.case_count, adjustment.total_before, adjustment.total_after) == (
        2, Decimal("1950.00"), Decimal("3000.00"),
    )  # fmt: skip
    assert adjustment.previous_amount == Decimal("1000.00")

    assert amount_in_month(first, datetime.date(2026, 6, 1)) == Decimal("1500.00")
    assert amount_in_month(first, JULY) == Decimal("2100.00")
    assert amount_in_month(second, datetime.date(2026, 10, 1)) == Decimal("1200.00")
    assert amount_in_month(west, JULY) == Decimal("1800.00")  # (1100 - 500) x 3, untouched
    assert amount_in_month(paused, JULY) == Decimal("0.00")
    for case, current in ((first, "2100.00"), (second, "1200.00"), (west, "1800.00")):
        case.refresh_from_db()
        assert case.monthly_amount == Decimal(current)


def test_a_later_standard_of_a_nearer_area_keeps_governing_its_households(area, standards):
    case, _ = active_case(area)
    Standard.objects.create(
        programme=Programme.URBAN_DIBAO, org_unit=area["street"], effective_from=datetime.date(2026, 3, 1),
        amount=Decimal("1000"),
    )  # fmt: skip
    plan = plan_standard_adjustment(
        programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount="1200"
    )
    assert case.pk not in {row.case_id for row in plan.rows}


def test_households_above_the_new_standard_are_counted_as_no_longer_eligible(area, standards):
    active_case(area, incomes=(2700, 0, 0))  # 900 per head
    plan = plan_standard_adjustment(
        programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount="850"
    )
    assert plan.ineligible_count == 1 and plan.rows[0].after == Decimal("0.00")


@pytest.mark.parametrize(
    ("amount", "minimum", "code_field"),
    [("-5", None, "amount"), ("0", None, "amount"), ("900", "-1", "minimum_benefit")],
)
def test_bad_standards_are_refused_and_change_nothing(area, standards, amount, minimum, code_field):
    case, _ = active_case(area)
    with pytest.raises(ValidationError) as error:
        adjust_standard(
            programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount=amount,
            minimum_benefit=minimum, actor=area["city_admin"],
        )  # fmt: skip
    assert code_field in error.value.message_dict
    assert not StandardAdjustment.objects.exists()
    assert BenefitPeriod.objects.filter(case=case).count() == 1


def test_adjusting_another_area_or_the_same_day_twice_is_refused(area, standards):
    with pytest.raises(ValidationError):
        adjust_standard(
            programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=JULY, amount="1200",
            actor=area["district_staff"],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        adjust_standard(
            programme=Programme.URBAN_DIBAO, org_unit=area["city"], effective_from=datetime.date(2026, 1, 1),
            amount="1200", actor=area["city_admin"],
        )  # fmt: skip
    assert not StandardAdjustment.objects.exists()
    with pytest.raises(ValidationError):
        plan_standard_adjustment(
            programme=Programme.MEDICAL_AID, org_unit=area["city"], effective_from=JULY, amount="30000"
        )


@pytest.mark.parametrize("programme", [Programme.URBAN_DIBAO, Programme.LOW_INCOME, Programme.EXTREME_POVERTY])
def test_the_sql_formula_of_the_batch_equals_the_python_formula(programme):
    from django.db import connection

    from services.assistance.programmes import recurring_amount, recurring_amount_sql

    cases = [
        (standard, minimum, income, covered)
        for standard in (Decimal("800.00"), Decimal("1000.00"), Decimal("1333.33"))
        for minimum in (None, Decimal("0.00"), Decimal("150.00"))
        for income in (Decimal("0.00"), Decimal("333.33"), Decimal("999.99"), Decimal("1000.00"), Decimal("1500.00"))
        for covered in (0, 1, 3)
    ]
    expression = recurring_amount_sql(programme, standard="v.standard", minimum="v.minimum")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM unnest(%s::numeric[], %s::numeric[], %s::numeric[], %s::int[])"
            " AS v(standard, minimum, income, covered)",
            [[case[index] for case in cases] for index in range(4)],
        )
        from_sql = [row[0] for row in cursor.fetchall()]
    assert from_sql == [recurring_amount(programme, *case) for case in cases]
