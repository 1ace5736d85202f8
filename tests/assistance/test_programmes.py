"""Each programme's eligibility and benefit formula, with worked numbers (pure rules, no database)."""

from decimal import Decimal
from types import SimpleNamespace

from services.assistance.programmes import (
    HouseholdFigures,
    Programme,
    approval_steps,
    compute_benefit,
    ineligibility_reasons,
)


def standard(amount, minimum=None, ratio=None):
    return SimpleNamespace(
        amount=Decimal(amount),
        minimum_benefit=Decimal(minimum) if minimum is not None else None,
        ratio=Decimal(ratio) if ratio is not None else None,
    )


def figures(members=3, covered=None, income="0", **kwargs):
    return HouseholdFigures(
        member_count=members, covered_count=members if covered is None else covered, monthly_income=Decimal(income),
        **kwargs,
    )  # fmt: skip


def test_urban_dibao_pays_the_gap_to_the_standard_for_each_covered_member():
    # standard 1000; 3 members earn 1500 a month together -> 500 per head; (1000 - 500) x 3 = 1500
    benefit = compute_benefit(Programme.URBAN_DIBAO, figures(3, income="1500"), standard("1000"))
    assert benefit.per_capita_income == Decimal("500.00")
    assert benefit.amount == Decimal("1500.00")


def test_dibao_counts_only_covered_members_but_divides_income_by_all():
    # 4 members, 2 covered, income 2000 -> 500 per head; (1000 - 500) x 2 = 1000
    benefit = compute_benefit(Programme.URBAN_DIBAO, figures(4, covered=2, income="2000"), standard("1000"))
    assert benefit.amount == Decimal("1000.00")


def test_dibao_minimum_benefit_raises_a_small_gap():
    # per head 950 -> gap 50 < minimum 150 -> 150 x 2 = 300
    benefit = compute_benefit(Programme.URBAN_DIBAO, figures(2, income="1900"), standard("1000", minimum="150"))
    assert benefit.amount == Decimal("300.00")


def test_dibao_rounds_income_per_head_to_the_fen():
    # 1000 / 3 = 333.33 per head; (800 - 333.33) x 3 = 1400.01
    benefit = compute_benefit(Programme.RURAL_DIBAO, figures(3, income="1000"), standard("800"))
    assert benefit.per_capita_income == Decimal("333.33")
    assert benefit.amount == Decimal("1400.01")


def test_dibao_pays_nothing_once_income_reaches_the_standard_even_with_a_minimum():
    benefit = compute_benefit(Programme.URBAN_DIBAO, figures(2, income="2000"), standard("1000", minimum="150"))
    assert benefit.amount == Decimal("0.00")


def test_dibao_eligibility_income_assets_vehicle_and_household_kind():
    rules = standard("1000")
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, income="1000"), rules) == []
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, income="2000"), rules)  # 1000 per head
    # assets: 24 months x 1000 = 24000 per head allowed; 2 members with 50000 -> 25000 each
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, financial_assets=Decimal("48000")), rules) == []
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, financial_assets=Decimal("50000")), rules)
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, has_vehicle=True), rules)
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, has_extra_property=True), rules)
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2, household_kind="rural"), rules)
    assert ineligibility_reasons(Programme.RURAL_DIBAO, figures(2, household_kind="rural"), rules) == []
    assert ineligibility_reasons(Programme.URBAN_DIBAO, figures(2), None)  # no standard in the area


def test_low_income_family_lies_between_dibao_and_the_low_income_line():
    # line 1500, allowance 100 per covered head: per head 1200 -> 3 x 100 = 300
    line = standard("1500", minimum="100")
    household = figures(3, income="3600")
    assert ineligibility_reasons(Programme.LOW_INCOME, household, line) == []
    assert compute_benefit(Programme.LOW_INCOME, household, line).amount == Decimal("300.00")
    assert ineligibility_reasons(Programme.LOW_INCOME, figures(3, income="4500"), line)  # 1500 per head
    assert compute_benefit(Programme.LOW_INCOME, household, standard("1500")).amount == Decimal("0.00")


def test_extreme_poverty_pays_the_full_standard_to_people_who_cannot_work():
    elderly = figures(1, income="200", covered_ages=(72,), covered_disability_grades=(None,), no_legal_supporter=True)
    assert ineligibility_reasons(Programme.EXTREME_POVERTY, elderly, standard("1300")) == []
    assert compute_benefit(Programme.EXTREME_POVERTY, elderly, standard("1300")).amount == Decimal("1300.00")
    able = figures(1, covered_ages=(40,), covered_disability_grades=(None,), no_legal_supporter=True)
    assert ineligibility_reasons(Programme.EXTREME_POVERTY, able, standard("1300"))
    disabled = figures(1, covered_ages=(40,), covered_disability_grades=(1,), no_legal_supporter=True)
    assert ineligibility_reasons(Programme.EXTREME_POVERTY, disabled, standard("1300")) == []
    supported = figures(1, covered_ages=(72,), covered_disability_grades=(None,), no_legal_supporter=False)
    assert ineligibility_reasons(Programme.EXTREME_POVERTY, supported, standard("1300"))


def test_medical_aid_pays_the_ratio_of_expenses_up_to_the_cap():
    rules = standard("20000", ratio="0.7")
    household = figures(2, medical_expense=Decimal("12345.67"), holds_recurring_assistance=True)
    assert ineligibility_reasons(Programme.MEDICAL_AID, household, rules) == []
    assert compute_benefit(Programme.MEDICAL_AID, household, rules).amount == Decimal("8641.97")  # 12345.67 x 0.7
    big = figures(2, medical_expense=Decimal("40000"), holds_recurring_assistance=True)
    assert compute_benefit(Programme.MEDICAL_AID, big, rules).amount == Decimal("20000.00")
    assert ineligibility_reasons(Programme.MEDICAL_AID, figures(2, medical_expense=Decimal("100")), rules)


def test_temporary_aid_pays_the_need_up_to_the_cap():
    rules = standard("3000")
    fire = figures(2, requested_amount=Decimal("2500"), reason="火灾")
    assert ineligibility_reasons(Programme.TEMPORARY_AID, fire, rules) == []
    assert compute_benefit(Programme.TEMPORARY_AID, fire, rules).amount == Decimal("2500.00")
    flood = figures(2, requested_amount=Decimal("8000"), reason="水灾")
    assert compute_benefit(Programme.TEMPORARY_AID, flood, rules).amount == Decimal("3000.00")
    assert ineligibility_reasons(Programme.TEMPORARY_AID, figures(2, requested_amount=Decimal("100")), rules)


def test_every_programme_has_an_approval_process_that_ends_at_its_final_level():
    for programme in Programme:
        steps = approval_steps(programme)
        assert steps[0]["level"] == "community"
        assert steps[-1]["kind"] == "approve"
    assert [step["kind"] for step in approval_steps(Programme.URBAN_DIBAO)] == [
        "review", "survey", "public_notice", "approve",
    ]  # fmt: skip
    assert approval_steps(Programme.URBAN_DIBAO)[-1]["level"] == "district"
    assert approval_steps(Programme.MEDICAL_AID)[-1]["level"] == "street"
