"""The assistance programmes: who may apply, which documents they bring, how the benefit is computed
and which approval process decides. Pure rules on plain values, so the application, a change, a
standard adjustment (调标) and the nightly checks all compute the same way.

Glossary: 低保 dibao, minimum living guarantee; 低收入家庭 low-income family; 特困供养 (五保)
extreme-poverty support; 医疗救助 medical aid; 临时救助 temporary aid; 保障标准 the local standard.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Programme(models.TextChoices):
    URBAN_DIBAO = "urban_dibao", _("Urban minimum living guarantee")
    RURAL_DIBAO = "rural_dibao", _("Rural minimum living guarantee")
    LOW_INCOME = "low_income", _("Urban low-income family")
    EXTREME_POVERTY = "extreme_poverty", _("Extreme-poverty support (five guarantees)")
    MEDICAL_AID = "medical_aid", _("Medical aid")
    TEMPORARY_AID = "temporary_aid", _("Temporary aid")


class DocumentKind(models.TextChoices):
    APPLICATION_FORM = "application_form", _("Signed application form")
    ID_CARDS = "id_cards", _("ID cards of the members")
    HOUSEHOLD_REGISTER = "household_register", _("Household register (hukou)")
    INCOME_PROOF = "income_proof", _("Proof of income")
    AUTHORISATION = "authorisation", _("Authorisation to check finances")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Disability certificate")
    MEDICAL_BILLS = "medical_bills", _("Medical bills and insurance settlement")
    HARDSHIP_PROOF = "hardship_proof", _("Proof of the emergency")


@dataclass(frozen=True)
class Benefit:
    """The outcome of a formula: the monthly (or one-off) amount and the figures it came from."""

    amount: Decimal
    per_capita_income: Decimal
    covered_count: int
    standard_amount: Decimal
    minimum_benefit: Decimal | None


@dataclass(frozen=True)
class HouseholdFigures:
    """What the formulas read: the household's members and money, as declared or surveyed."""

    member_count: int
    covered_count: int
    monthly_income: Decimal
    financial_assets: Decimal = ZERO
    has_vehicle: bool = False
    has_extra_property: bool = False
    household_kind: str = "urban"
    covered_ages: tuple = ()
    covered_disability_grades: tuple = ()
    no_legal_supporter: bool = False
    medical_expense: Decimal = ZERO
    requested_amount: Decimal = ZERO
    reason: str = ""
    holds_recurring_assistance: bool = False

    @property
    def per_capita_income(self):
        if self.member_count <= 0:
            return ZERO
        return money(Decimal(self.monthly_income) / self.member_count)


@dataclass(frozen=True)
class ProgrammeRules:
    programme: str
    recurring: bool  # monthly benefit (True) or a one-off payment (False)
    required_documents: tuple
    needs_survey: bool
    needs_appraisal: bool  # democratic appraisal 民主评议
    final_level: str  # where the approval ends
    household_kind: str | None = None  # urban / rural, or None for both
    asset_months: int | None = None  # financial assets per head may not exceed this many months of the standard
    exclusive_with: frozenset = field(default_factory=frozenset)

    @property
    def business_type(self):
        return f"assistance.{self.programme}"


BASE_DOCUMENTS = (DocumentKind.APPLICATION_FORM, DocumentKind.ID_CARDS, DocumentKind.HOUSEHOLD_REGISTER)
DIBAO_DOCUMENTS = (*BASE_DOCUMENTS, DocumentKind.INCOME_PROOF, DocumentKind.AUTHORISATION)

# Dibao, low-income status and extreme-poverty support exclude each other for the same person
# (a person supported as extremely poor is not also in dibao; low-income families are those just
# above the dibao line). Medical and temporary aid combine with any of them.
RULES = {
    Programme.URBAN_DIBAO: ProgrammeRules(
        Programme.URBAN_DIBAO, True, DIBAO_DOCUMENTS, True, True, "district", "urban", 24,
        frozenset({Programme.RURAL_DIBAO, Programme.LOW_INCOME, Programme.EXTREME_POVERTY}),
    ),
    Programme.RURAL_DIBAO: ProgrammeRules(
        Programme.RURAL_DIBAO, True, DIBAO_DOCUMENTS, True, True, "district", "rural", 24,
        frozenset({Programme.URBAN_DIBAO, Programme.LOW_INCOME, Programme.EXTREME_POVERTY}),
    ),
    Programme.LOW_INCOME: ProgrammeRules(
        Programme.LOW_INCOME, True, DIBAO_DOCUMENTS, True, True, "district", "urban", 36,
        frozenset({Programme.URBAN_DIBAO, Programme.RURAL_DIBAO, Programme.EXTREME_POVERTY}),
    ),
    Programme.EXTREME_POVERTY: ProgrammeRules(
        Programme.EXTREME_POVERTY, True, (*BASE_DOCUMENTS, DocumentKind.INCOME_PROOF), True, True, "district", None,
        None, frozenset({Programme.URBAN_DIBAO, Programme.RURAL_DIBAO, Programme.LOW_INCOME}),
    ),
    Programme.MEDICAL_AID: ProgrammeRules(
        Programme.MEDICAL_AID, False, (*BASE_DOCUMENTS, DocumentKind.MEDICAL_BILLS), False, False, "street",
    ),
    Programme.TEMPORARY_AID: ProgrammeRules(
        Programme.TEMPORARY_AID, False, (*BASE_DOCUMENTS, DocumentKind.HARDSHIP_PROOF), True, False, "street",
    ),
}  # fmt: skip

RECURRING_PROGRAMMES = tuple(programme for programme, rules in RULES.items() if rules.recurring)
DIBAO_PROGRAMMES = (Programme.URBAN_DIBAO, Programme.RURAL_DIBAO)

# Extreme-poverty support is for people who cannot work: the old, the young and the severely disabled.
EXTREME_POVERTY_MIN_AGE = 60
EXTREME_POVERTY_MAX_CHILD_AGE = 16
SEVERE_DISABILITY_GRADES = (1, 2)


def rules_for(programme):
    return RULES[Programme(programme)]


def approval_steps(programme):
    """The steps of a programme's approval process for `ensure_process` of the approval engine."""
    rules = rules_for(programme)
    steps = [{"kind": "review", "level": "community", "name": gettext("Community acceptance"), "time_limit_days": 5}]
    if rules.needs_survey:
        steps.append({"kind": "survey", "level": "street", "name": gettext("Household survey"), "time_limit_days": 10})
    if rules.needs_appraisal:
        # the street posts the public notice for 7 days (Interim Measures for Social Assistance, art. 11)
        steps.append({"kind": "public_notice", "level": "street", "name": gettext("Public notice"), "notice_days": 7})
    steps.append({"kind": "approve", "level": rules.final_level, "name": gettext("Approval"), "time_limit_days": 10})
    return steps


def ineligibility_reasons(programme, figures, standard):
    """Why a household does not qualify (messages for staff), empty when it does.

    `standard` is the Standard row (amount, minimum_benefit, ratio) in force for the household's area.
    """
    rules = rules_for(programme)
    reasons = []
    per_capita = figures.per_capita_income
    if figures.member_count <= 0 or figures.covered_count <= 0:
        reasons.append(gettext("At least one household member must be covered."))
    if rules.household_kind and figures.household_kind != rules.household_kind:
        reasons.append(
            gettext("This programme is for urban households.")
            if rules.household_kind == "urban"
            else gettext("This programme is for rural households.")
        )
    if standard is None:
        reasons.append(gettext("No standard is set for this programme in this area."))
        return reasons
    if programme in (*DIBAO_PROGRAMMES, Programme.LOW_INCOME, Programme.EXTREME_POVERTY):
        if per_capita >= standard.amount:
            reasons.append(
                gettext("The monthly income per head (%(income)s yuan) is not below the standard (%(standard)s yuan).")
                % {"income": per_capita, "standard": standard.amount}
            )
    if rules.asset_months and figures.member_count > 0:
        limit = standard.amount * rules.asset_months
        if money(figures.financial_assets / figures.member_count) > limit:
            reasons.append(
                gettext("Financial assets per head exceed %(months)s months of the standard (%(limit)s yuan).")
                % {"months": rules.asset_months, "limit": money(limit)}
            )
    if rules.asset_months and figures.has_vehicle:
        reasons.append(gettext("The household owns a motor vehicle (vehicles for disabled people excepted)."))
    if rules.asset_months and figures.has_extra_property:
        reasons.append(gettext("The household owns housing beyond its own home."))
    if programme == Programme.EXTREME_POVERTY:
        if not figures.no_legal_supporter:
            reasons.append(gettext("Extreme-poverty support is for people without a legal supporter able to help."))
        for age, grade in zip(figures.covered_ages, figures.covered_disability_grades, strict=True):
            unable_to_work = (
                age >= EXTREME_POVERTY_MIN_AGE
                or age < EXTREME_POVERTY_MAX_CHILD_AGE
                or grade in SEVERE_DISABILITY_GRADES
            )
            if not unable_to_work:
                reasons.append(
                    gettext(
                        "Every supported person must be 60 or older, under 16, or severely disabled (grade 1 or 2)."
                    )
                )
                break
    if programme == Programme.MEDICAL_AID:
        if figures.medical_expense <= 0:
            reasons.append(gettext("Enter the medical expenses the household paid itself."))
        if not figures.holds_recurring_assistance:
            reasons.append(gettext("Medical aid is for households in dibao, low-income or extreme-poverty support."))
    if programme == Programme.TEMPORARY_AID:
        if figures.requested_amount <= 0:
            reasons.append(gettext("Enter the amount of help needed."))
        if not figures.reason.strip():
            reasons.append(gettext("Describe the emergency."))
    return reasons


def compute_benefit(programme, figures, standard):
    """The benefit of `programme` for a household under `standard` (yuan, two places).

    - dibao: (standard − income per head) × covered members, each covered member receiving at
      least the configured minimum benefit; nothing once income per head reaches the standard;
    - low-income family: the configured allowance per covered member (may be nothing: the status
      itself opens medical, education and housing aid);
    - extreme-poverty support: the full standard per supported person;
    - medical aid (one-off): the expenses × the aid ratio, at most the standard's amount (the cap);
    - temporary aid (one-off): the amount needed, at most the standard's amount (the cap).
    """
    programme = Programme(programme)
    per_capita = figures.per_capita_income
    covered = figures.covered_count
    minimum = standard.minimum_benefit if standard.minimum_benefit else None

    def result(amount):
        return Benefit(money(max(amount, ZERO)), per_capita, covered, money(standard.amount), minimum)

    if rules_for(programme).recurring:
        return result(recurring_amount(programme, standard.amount, minimum, per_capita, covered))
    if programme == Programme.MEDICAL_AID:
        ratio = standard.ratio if standard.ratio is not None else Decimal("1")
        return result(min(money(Decimal(figures.medical_expense) * ratio), Decimal(standard.amount)))
    return result(min(Decimal(figures.requested_amount), Decimal(standard.amount)))


def dibao_amount(standard_amount, minimum_benefit, per_capita_income, covered_count):
    """The dibao formula alone, also used by the batch recalculation of 调标."""
    gap = Decimal(standard_amount) - Decimal(per_capita_income)
    if gap <= 0 or covered_count <= 0:
        return ZERO
    if minimum_benefit:
        gap = max(gap, Decimal(minimum_benefit))
    return money(gap * covered_count)


def recurring_amount(programme, standard_amount, minimum_benefit, per_capita_income, covered_count):
    """The monthly amount of a recurring programme from the stored figures of a benefit period."""
    standard_amount = Decimal(standard_amount)
    if programme in DIBAO_PROGRAMMES:
        return dibao_amount(standard_amount, minimum_benefit, per_capita_income, covered_count)
    if Decimal(per_capita_income) >= standard_amount:
        return ZERO
    if programme == Programme.LOW_INCOME:
        return money(Decimal(minimum_benefit or 0) * covered_count)
    if programme == Programme.EXTREME_POVERTY:
        return money(standard_amount * covered_count)
    raise ValueError(f"{programme} is not a recurring programme")


def recurring_amount_sql(
    programme, *, standard="%(amount)s", minimum="%(minimum)s", income="income", covered="covered"
):
    """`recurring_amount` as a SQL expression, for the set-based recalculation of 调标.

    ROUND(numeric, 2) rounds half away from zero, as `money` does for these non-negative amounts;
    a test runs both over the same figures.
    """
    std, low = f"({standard})::numeric", f"COALESCE(({minimum})::numeric, 0)"
    if programme in DIBAO_PROGRAMMES:
        return (
            f"CASE WHEN {std} - {income} <= 0 OR {covered} <= 0 THEN 0.00 "
            f"ELSE ROUND(GREATEST({std} - {income}, {low}) * {covered}, 2) END"
        )
    if programme == Programme.LOW_INCOME:
        return f"CASE WHEN {income} >= {std} THEN 0.00 ELSE ROUND({low} * {covered}, 2) END"
    if programme == Programme.EXTREME_POVERTY:
        return f"CASE WHEN {income} >= {std} THEN 0.00 ELSE ROUND({std} * {covered}, 2) END"
    raise ValueError(f"{programme} is not a recurring programme")
