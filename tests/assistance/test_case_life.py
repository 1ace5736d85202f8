"""An active case over time: changes recalculate, suspension and resumption, termination with a reason,
review schedules and overdue reviews, migration keeping the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from services.assistance.models import (
    AssistanceCase,
    BenefitPeriod,
    CaseStatus,
    HouseholdMigration,
    PeriodKind,
    ReviewStatus,
    ReviewTask,
)
from services.assistance.selectors import amount_in_month, review_tasks_for
from services.assistance.services import (
    change_case,
    complete_review,
    grant_case,
    migrate_household,
    resume_case,
    schedule_reviews,
    suspend_case,
    terminate_case,
)
from services.datacenter.models import ResidenceChange
from tests.assistance.conftest import apply, make_household

pytestmark = pytest.mark.django_db

GRANTED = datetime.date(2026, 2, 10)


def active_case(area, *, incomes=(1000, 500, 0), community="heping", irregular_income=False):
    household, people = make_household(area[community], people=[("王芳", None), ("李强", None), ("李小明", None)])
    case = apply(
        household, people, incomes=incomes, actor=area[f"{community}_staff"], irregular_income=irregular_income
    )
    grant_case(case, on=GRANTED)
    case.refresh_from_db()
    return case, people


def members(people, incomes, covered=None):
    covered = covered or [True] * len(people)
    return [
        {"resident": person, "covered": is_covered, "incomes": [{"kind": "wages", "monthly_amount": income}]}
        for person, income, is_covered in zip(people, incomes, covered, strict=True)
    ]


def test_income_change_recalculates_from_its_month_and_keeps_the_past(area, standards):
    case, people = active_case(area)
    assert case.monthly_amount == Decimal("1500.00")
    change_case(
        case,
        actor=area["heping_staff"],
        effective_from=datetime.date(2026, 5, 1),
        members=members(people, [1800, 0, 0]),
    )
    case.refresh_from_db()
    assert case.per_capita_income == Decimal("600.00")
    assert case.monthly_amount == Decimal("1200.00")  # (1000 - 600) x 3
    assert amount_in_month(case, datetime.date(2026, 4, 1)) == Decimal("1500.00")
    assert amount_in_month(case, datetime.date(2026, 5, 1)) == Decimal("1200.00")


def test_member_leaving_coverage_recalculates(area, standards):
    case, people = active_case(area)
    change_case(
        case, actor=area["heping_staff"], effective_from=datetime.date(2026, 6, 1),
        members=members(people, [1000, 500, 0], covered=[True, True, False]),
    )  # fmt: skip
    assert amount_in_month(case, datetime.date(2026, 6, 1)) == Decimal("1000.00")  # (1000 - 500) x 2


def test_negative_income_in_a_change_is_refused_and_changes_nothing(area, standards):
    case, people = active_case(area)
    with pytest.raises(ValidationError) as error:
        change_case(
            case, actor=area["heping_staff"], effective_from=datetime.date(2026, 5, 1),
            members=members(people, [1000, -1, 0]),
        )  # fmt: skip
    assert error.value.code == "negative"
    case.refresh_from_db()
    assert case.members.count() == 3 and case.monthly_income == Decimal("1500.00")
    assert BenefitPeriod.objects.filter(case=case).count() == 1


def test_suspension_stops_payment_and_resumption_restarts_it(area, standards):
    case, _people = active_case(area)
    suspend_case(case, actor=area["heping_staff"], on=datetime.date(2026, 4, 15), reason="外出务工未报告")
    assert case.status == CaseStatus.SUSPENDED
    assert amount_in_month(case, datetime.date(2026, 4, 1)) == Decimal("0.00")
    resume_case(case, actor=area["heping_staff"], on=datetime.date(2026, 6, 3))
    assert case.status == CaseStatus.ACTIVE
    assert amount_in_month(case, datetime.date(2026, 5, 1)) == Decimal("0.00")
    assert amount_in_month(case, datetime.date(2026, 6, 1)) == Decimal("1500.00")
    with pytest.raises(ValidationError):
        resume_case(case, actor=area["heping_staff"], on=datetime.date(2026, 7, 1))


def test_termination_needs_a_reason_and_ends_payment_after_its_month(area, standards):
    case, _people = active_case(area)
    with pytest.raises(ValidationError) as error:
        terminate_case(case, actor=area["heping_staff"], on=datetime.date(2026, 8, 20), reason="  ")
    assert error.value.code == "reason"
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    terminate_case(case, actor=area["heping_staff"], on=datetime.date(2026, 8, 20), reason="家庭收入超过标准")
    case.refresh_from_db()
    assert (case.status, case.end_reason) == (CaseStatus.TERMINATED, "家庭收入超过标准")
    assert amount_in_month(case, datetime.date(2026, 8, 1)) == Decimal("1500.00")
    assert amount_in_month(case, datetime.date(2026, 9, 1)) == Decimal("0.00")
    with pytest.raises(ValidationError):
        terminate_case(case, actor=area["heping_staff"], on=datetime.date(2026, 9, 1), reason="again")


def test_changes_outside_ones_area_are_refused(area, standards):
    case, _people = active_case(area)
    with pytest.raises(ValidationError) as error:
        suspend_case(case, actor=area["binhe_staff"], on=datetime.date(2026, 4, 1), reason="x")
    assert error.value.code == "scope"
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


def test_reviews_yearly_for_stable_and_half_yearly_for_irregular_income(area, standards):
    stable, _ = active_case(area)
    irregular, _ = active_case(area, irregular_income=True)
    assert stable.next_review_on == datetime.date(2027, 2, 1)
    assert irregular.next_review_on == datetime.date(2026, 8, 1)
    assert schedule_reviews(datetime.date(2026, 7, 10)) == 1
    assert schedule_reviews(datetime.date(2026, 7, 10)) == 0  # never two open tasks for a case
    task = ReviewTask.objects.get()
    assert task.case == irregular and task.due_on == datetime.date(2026, 8, 1)
    assert not review_tasks_for(area["heping_staff"], overdue_only=True, today=datetime.date(2026, 7, 31)).exists()
    overdue = review_tasks_for(area["heping_staff"], overdue_only=True, today=datetime.date(2026, 8, 2))
    assert list(overdue) == [task]
    assert not review_tasks_for(area["binhe_staff"]).exists()
    with pytest.raises(ValidationError):
        complete_review(task, actor=area["heping_staff"], outcome="")
    complete_review(task, actor=area["heping_staff"], on=datetime.date(2026, 8, 5), outcome="情况无变化")
    task.refresh_from_db()
    irregular.refresh_from_db()
    assert task.status == ReviewStatus.DONE
    assert irregular.next_review_on == datetime.date(2027, 2, 5)


def test_migration_to_another_district_keeps_the_whole_history(area, standards):
    case, people = active_case(area)
    change_case(
        case, actor=area["heping_staff"], effective_from=datetime.date(2026, 4, 1), members=members(people, [900, 0, 0])
    )
    migration = migrate_household(
        case.household, to_org_unit=area["beishan"], on=datetime.date(2026, 7, 9), actor=area["city_admin"]
    )
    case.refresh_from_db()
    household = case.household
    assert household.org_unit == area["beishan"] and case.org_unit == area["beishan"]
    assert all(person.org_unit == area["beishan"] for person in household.members.all())
    assert ResidenceChange.objects.filter(kind="transfer", to_org_unit=area["beishan"]).count() == 3
    assert migration.case_numbers == [case.number]
    assert HouseholdMigration.objects.get().from_org_unit == area["heping"]
    periods = list(case.periods.order_by("effective_from", "pk"))
    assert [(p.kind, p.org_unit.name, p.monthly_amount) for p in periods] == [
        (PeriodKind.GRANT, "和平里社区", Decimal("1500.00")),
        (PeriodKind.CHANGE, "和平里社区", Decimal("2100.00")),  # (1000 - 300) x 3
        (PeriodKind.MIGRATION, "北山社区", Decimal("2400.00")),  # West Lake standard 1100: (1100 - 300) x 3
    ]
    assert amount_in_month(case, datetime.date(2026, 3, 1)) == Decimal("1500.00")
    assert case.events.filter(kind="migrated").exists()
    # the new community sees the case, the old one no longer does
    from services.assistance.selectors import cases_for

    assert cases_for(area["beishan_staff"]).filter(pk=case.pk).exists()
    assert not cases_for(area["heping_staff"]).filter(pk=case.pk).exists()


def test_migration_bad_input_changes_nothing(area, standards):
    case, _people = active_case(area)
    household = case.household
    with pytest.raises(ValidationError) as error:
        migrate_household(household, to_org_unit=area["street"], actor=area["city_admin"])
    assert error.value.code == "not_community"
    with pytest.raises(ValidationError) as error:
        migrate_household(household, to_org_unit=area["binhe"], actor=area["beishan_staff"])
    assert error.value.code == "scope"
    assert AssistanceCase.objects.get(pk=case.pk).org_unit == area["heping"]
    assert not HouseholdMigration.objects.exists()
