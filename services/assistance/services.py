"""Changes to assistance cases: application from the data centre, survey and democratic appraisal,
submission to the approval engine and its outcome, changes, suspension, resumption, termination,
household migration and periodic reviews.

Every function checks the actor's org unit, runs in one transaction and writes the audit log; bad
input raises ValidationError with a message for staff and changes nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel
from cms.orgs.scoping import user_can_access_org_unit
from cms.personal_data import encrypt_text
from services.assistance.models import (
    FINANCIAL_ASSETS,
    OPEN_STATUSES,
    AssetKind,
    AssetLine,
    AssistanceCase,
    BenefitPeriod,
    CaseDocument,
    CaseEvent,
    CaseMember,
    CaseStatus,
    DemocraticAppraisal,
    HouseholdMigration,
    HouseholdSurvey,
    IncomeKind,
    IncomeLine,
    PeriodKind,
    ReviewInterval,
    ReviewStatus,
    ReviewTask,
)
from services.assistance.programmes import (
    RECURRING_PROGRAMMES,
    DocumentKind,
    HouseholdFigures,
    Programme,
    compute_benefit,
    ineligibility_reasons,
    money,
    rules_for,
)
from services.assistance.standards import first_of_month, standard_in_force
from services.datacenter.idnumbers import parse_id_number
from services.datacenter.models import Household, Resident, ResidentStatus
from services.datacenter.services import transfer_resident

# ---------------------------------------------------------------------------------------------
# Checks shared by the operations


def check_actor_area(actor, org_unit):
    if actor is not None and not user_can_access_org_unit(actor, org_unit):
        raise ValidationError(_("You can only handle assistance cases of your own area."), code="scope")


def parse_amount(value, label):
    """A non-negative amount in yuan, two places; `label` names the field in the message."""
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("%(label)s is not an amount.") % {"label": label}, code="amount") from error
    if not amount.is_finite():
        raise ValidationError(_("%(label)s is not an amount.") % {"label": label}, code="amount")
    if amount < 0:
        raise ValidationError(_("%(label)s cannot be negative.") % {"label": label}, code="negative")
    return money(amount)


def resolve_resident(value):
    if isinstance(value, Resident):
        return value
    resident = Resident.objects.filter(pk=value).first() if str(value).isdigit() else None
    if resident is None:
        raise ValidationError(_("Resident %(id)s is not in the data centre.") % {"id": value}, code="unknown_resident")
    return resident


def check_valid_resident(resident, household):
    """Every applicant and member is a living resident of the household with a valid ID number."""
    if resident.household_id != household.pk:
        raise ValidationError(
            _("%(name)s is not a member of this household in the data centre.") % {"name": resident.name},
            code="not_member",
        )
    if resident.status != ResidentStatus.ACTIVE:
        raise ValidationError(
            _("%(name)s is registered as %(status)s in the data centre.")
            % {"name": resident.name, "status": resident.get_status_display()},
            code="inactive_resident",
        )
    try:
        parse_id_number(resident.id_number)
    except ValidationError as error:
        raise ValidationError(
            _("The ID number of %(name)s is not valid: %(problem)s")
            % {"name": resident.name, "problem": " ".join(error.messages)},
            code="invalid_id",
        ) from error


def add_event(case, kind, *, actor=None, on=None, note="", **detail):
    return CaseEvent.objects.create(
        case=case, kind=kind, on=on or timezone.localdate(), note=note, detail=detail, actor=actor
    )


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def mask_account(account):
    return f"{'*' * max(0, len(account) - 4)}{account[-4:]}" if account else ""


# ---------------------------------------------------------------------------------------------
# Figures and benefits


def case_figures(case, *, monthly_income=None):
    """The figures the programme's rules read, from the case's members, incomes and assets."""
    members = list(case.members.select_related("resident"))
    covered = [member for member in members if member.covered]
    assets = list(case.assets.all())
    financial = sum((asset.value for asset in assets if asset.kind in FINANCIAL_ASSETS), Decimal("0"))
    today = timezone.localdate()
    holds_recurring = (
        AssistanceCase.objects.filter(
            household=case.household_id, programme__in=RECURRING_PROGRAMMES, status=CaseStatus.ACTIVE
        )
        .exclude(pk=case.pk)
        .exists()
    )
    return HouseholdFigures(
        member_count=len(members),
        covered_count=len(covered),
        monthly_income=case.monthly_income if monthly_income is None else monthly_income,
        financial_assets=financial,
        has_vehicle=any(asset.kind == AssetKind.VEHICLE and not asset.exempt for asset in assets),
        has_extra_property=any(asset.kind == AssetKind.EXTRA_PROPERTY and not asset.exempt for asset in assets),
        household_kind=case.household.kind,
        covered_ages=tuple(member.resident.age_on(today) for member in covered),
        covered_disability_grades=tuple(member.resident.disability_grade for member in covered),
        no_legal_supporter=case.no_legal_supporter,
        medical_expense=case.medical_expense,
        requested_amount=case.requested_amount,
        reason=case.reason,
        holds_recurring_assistance=holds_recurring,
    )


def eligibility(case, on=None):
    """(reasons, benefit or None, standard) for the case as it stands, under the standard in force on `on`."""
    on = on or timezone.localdate()
    standard = standard_in_force(case.programme, case.org_unit, on)
    figures = case_figures(case)
    reasons = ineligibility_reasons(case.programme, figures, standard)
    benefit = compute_benefit(case.programme, figures, standard) if standard is not None else None
    return reasons, benefit, standard


def refresh_case_figures(case):
    """Recount the case's members and income per head (the case row holds the current figures)."""
    members = list(case.members.all())
    case.member_count = len(members)
    case.covered_count = sum(1 for member in members if member.covered)
    case.per_capita_income = money(case.monthly_income / case.member_count) if case.member_count else Decimal("0")


def add_period(case, kind, effective_from, *, benefit=None, note=""):
    """A new benefit period from `effective_from`; without `benefit` it pays nothing (suspension, end)."""
    period = BenefitPeriod.objects.create(
        case=case,
        org_unit=case.org_unit,
        effective_from=effective_from,
        kind=kind,
        monthly_amount=benefit.amount if benefit else Decimal("0"),
        member_count=case.member_count,
        covered_count=benefit.covered_count if benefit else case.covered_count,
        per_capita_income=benefit.per_capita_income if benefit else case.per_capita_income,
        standard_amount=benefit.standard_amount if benefit else Decimal("0"),
        minimum_benefit=benefit.minimum_benefit if benefit else None,
        note=note[:255],
    )
    latest = case.periods.order_by("-effective_from", "-pk").first()
    case.monthly_amount = latest.monthly_amount
    return period


# ---------------------------------------------------------------------------------------------
# Application


def _clean_members(household, members):
    """[(resident, covered, [(kind, amount)])] from the form's member entries; raises on bad input."""
    if not members:
        raise ValidationError(_("Name at least one household member."), code="no_members")
    cleaned, seen = [], set()
    for entry in members:
        resident = resolve_resident(entry["resident"])
        check_valid_resident(resident, household)
        if resident.pk in seen:
            raise ValidationError(_("%(name)s is listed twice.") % {"name": resident.name}, code="duplicate_member")
        seen.add(resident.pk)
        incomes = []
        for income in entry.get("incomes", ()):
            kind = income.get("kind", IncomeKind.OTHER)
            if kind not in IncomeKind.values:
                raise ValidationError(_("Unknown income type %(kind)s.") % {"kind": kind}, code="income_kind")
            amount = parse_amount(income.get("monthly_amount"), _("The income of %(name)s") % {"name": resident.name})
            incomes.append((kind, amount))
        cleaned.append((resident, bool(entry.get("covered", True)), incomes))
    return cleaned


def _clean_assets(assets):
    cleaned = []
    for asset in assets:
        kind = asset.get("kind")
        if kind not in AssetKind.values:
            raise ValidationError(_("Unknown asset type %(kind)s.") % {"kind": kind}, code="asset_kind")
        value = parse_amount(asset.get("value"), _("The value of an asset"))
        cleaned.append(
            AssetLine(
                kind=kind, value=value, description=asset.get("description", ""), exempt=asset.get("exempt", False)
            )
        )
    return cleaned


def apply_for_assistance(
    *,
    programme,
    household,
    applicant,
    members,
    assets=(),
    documents=(),
    housing="owned",
    irregular_income=False,
    no_legal_supporter=False,
    medical_expense=0,
    requested_amount=0,
    reason="",
    bank_name="",
    bank_account="",
    applied_on=None,
    actor=None,
):
    """Open an application of a data-centre household for a programme.

    `members`: [{"resident": Resident or pk, "covered": bool, "incomes": [{"kind", "monthly_amount"}]}];
    `assets`: [{"kind", "value", "description", "exempt"}]; `documents`: [{"kind", "file", "note"}].
    Refused when the household does not qualify under the standard in force; the compliance checks
    then run on the new case and record what staff must look into.
    """
    from services.assistance.compliance import check_case

    try:
        programme = Programme(programme)
    except ValueError as error:
        raise ValidationError(_("Unknown assistance programme."), code="programme") from error
    if not isinstance(household, Household):
        household = Household.objects.filter(pk=household).first() if str(household).isdigit() else None
        if household is None:
            raise ValidationError(_("The household is not in the data centre."), code="unknown_household")
    check_actor_area(actor, household.org_unit)
    applicant = resolve_resident(applicant)
    check_valid_resident(applicant, household)
    cleaned_members = _clean_members(household, members)
    if applicant.pk not in {resident.pk for resident, _covered, _incomes in cleaned_members}:
        raise ValidationError(_("The applicant must be one of the listed members."), code="applicant_not_member")
    asset_lines = _clean_assets(assets)
    medical_expense = parse_amount(medical_expense, _("The medical expenses"))
    requested_amount = parse_amount(requested_amount, _("The amount of help needed"))
    for document in documents:
        if document.get("kind") not in DocumentKind.values:
            raise ValidationError(_("Unknown document type."), code="document_kind")
    if AssistanceCase.objects.filter(household=household, programme=programme, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("This household already has an open %(programme)s case.") % {"programme": programme.label},
            code="duplicate_case",
        )
    applied_on = applied_on or timezone.localdate()
    bank_account = "".join(str(bank_account or "").split())
    if bank_account and not bank_account.isdigit():
        raise ValidationError(_("A bank account number has digits only."), code="bank_account")
    with transaction.atomic():
        case = AssistanceCase.objects.create(
            programme=programme,
            household=household,
            org_unit=household.org_unit,
            applicant=applicant,
            applied_on=applied_on,
            housing=housing,
            irregular_income=irregular_income,
            review_interval=ReviewInterval.HALF_YEARLY if irregular_income else ReviewInterval.YEARLY,
            no_legal_supporter=no_legal_supporter,
            medical_expense=medical_expense,
            requested_amount=requested_amount,
            reason=reason,
            bank_name=bank_name,
            bank_account_encrypted=encrypt_text(bank_account) if bank_account else "",
            bank_account_masked=mask_account(bank_account),
            created_by=actor,
        )
        case.number = f"JZ{applied_on:%Y%m%d}{case.pk:06d}"
        total_income = Decimal("0")
        for resident, covered, incomes in cleaned_members:
            member_income = sum((amount for _kind, amount in incomes), Decimal("0"))
            member = CaseMember.objects.create(
                case=case, resident=resident, covered=covered, monthly_income=member_income
            )
            IncomeLine.objects.bulk_create(
                IncomeLine(case=case, member=member, kind=kind, monthly_amount=amount) for kind, amount in incomes
            )
            total_income += member_income
        for asset in asset_lines:
            asset.case = case
        AssetLine.objects.bulk_create(asset_lines)
        for document in documents:
            CaseDocument.objects.create(
                case=case,
                kind=document["kind"],
                file=document.get("file") or "",
                note=document.get("note", ""),
                uploaded_by=actor,
            )
        case.monthly_income = total_income
        case.financial_assets = sum((a.value for a in asset_lines if a.kind in FINANCIAL_ASSETS), Decimal("0"))
        refresh_case_figures(case)
        reasons, benefit, _standard = eligibility(case, applied_on)
        if reasons:
            raise ValidationError("；".join(str(reason) for reason in reasons), code="ineligible")
        case.monthly_amount = benefit.amount
        case.save()
        add_event(case, "applied", actor=actor, on=applied_on, amount=str(benefit.amount))
        record_audit(
            "assistance.apply",
            actor=actor,
            obj=case,
            org_unit=case.org_unit,
            detail={"programme": programme, "household": household.pk, "members": case.member_count},
        )
        check_case(case)
    return case


def add_document(case, *, kind, file=None, note="", actor=None):
    check_actor_area(actor, case.org_unit)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document type."), code="document_kind")
    with transaction.atomic():
        document = CaseDocument.objects.create(case=case, kind=kind, file=file or "", note=note, uploaded_by=actor)
        add_event(case, "document", actor=actor, kind=kind)
        record_audit("assistance.document", actor=actor, obj=case, org_unit=case.org_unit, detail={"kind": kind})
    return document


def missing_documents(case):
    present = set(case.documents.values_list("kind", flat=True))
    return [kind for kind in rules_for(case.programme).required_documents if kind not in present]


def check_applying(case):
    if case.status != CaseStatus.APPLYING:
        raise ValidationError(
            _("Case %(number)s is %(status)s, not an open application.")
            % {"number": case.number, "status": case.get_status_display()},
            code="not_applying",
        )


@transaction.atomic
def record_survey(case, *, surveyed_on, surveyors, findings, verified_monthly_income=None, actor=None):
    """入户调查. A verified income replaces the declared one for the benefit."""
    check_actor_area(actor, case.org_unit)
    check_applying(case)
    if not str(surveyors or "").strip() or not str(findings or "").strip():
        raise ValidationError(_("Name the surveyors and write down what they found."), code="survey_incomplete")
    if surveyed_on > timezone.localdate():
        raise ValidationError(_("The survey date cannot be in the future."), code="future_date")
    verified = None
    if verified_monthly_income not in (None, ""):
        verified = parse_amount(verified_monthly_income, _("The verified income"))
    survey = HouseholdSurvey.objects.create(
        case=case,
        surveyed_on=surveyed_on,
        surveyors=surveyors.strip(),
        findings=findings.strip(),
        verified_monthly_income=verified,
        recorded_by=actor,
    )
    if verified is not None:
        case.monthly_income = verified
        refresh_case_figures(case)
        _reasons, benefit, _standard = eligibility(case)
        case.monthly_amount = benefit.amount if benefit else Decimal("0")
        case.save()
    add_event(case, "surveyed", actor=actor, on=surveyed_on)
    record_audit("assistance.survey", actor=actor, obj=case, org_unit=case.org_unit)
    return survey


@transaction.atomic
def record_appraisal(case, *, held_on, participants, votes_for, votes_against, minutes="", actor=None):
    """民主评议: the community's vote on the application."""
    check_actor_area(actor, case.org_unit)
    check_applying(case)
    if participants <= 0 or votes_for < 0 or votes_against < 0 or votes_for + votes_against > participants:
        raise ValidationError(_("The votes for and against cannot add up to more than the participants."), code="votes")
    appraisal = DemocraticAppraisal.objects.create(
        case=case,
        held_on=held_on,
        participants=participants,
        votes_for=votes_for,
        votes_against=votes_against,
        minutes=minutes,
        recorded_by=actor,
    )
    add_event(case, "appraised", actor=actor, on=held_on, passed=appraisal.passed)
    record_audit("assistance.appraisal", actor=actor, obj=case, org_unit=case.org_unit)
    return appraisal


def approval_was_withdrawn(case):
    """The engine has no hook for withdrawals: a withdrawn approval lets the application be submitted again."""
    from services.approvals.models import ApprovalCase

    return ApprovalCase.objects.filter(number=case.approval_number, status="withdrawn").exists()


def submit_for_approval(case, *, actor):
    """Send a complete application to the approval engine (survey, appraisal and documents first)."""
    from services.assistance.approval_hooks import start_approval

    check_actor_area(actor, case.org_unit)
    check_applying(case)
    rules = rules_for(case.programme)
    problems = []
    missing = missing_documents(case)
    if missing:
        problems.append(
            _("Documents missing: %(documents)s.")
            % {"documents": "、".join(str(DocumentKind(kind).label) for kind in missing)}
        )
    if rules.needs_survey and not case.surveys.exists():
        problems.append(_("The household survey has not been recorded."))
    if rules.needs_appraisal:
        appraisal = case.appraisals.first()
        if appraisal is None:
            problems.append(_("The democratic appraisal has not been recorded."))
        elif not appraisal.passed:
            problems.append(_("The democratic appraisal did not pass."))
    if case.approval_number and not approval_was_withdrawn(case):
        problems.append(_("This application was already submitted (%(number)s).") % {"number": case.approval_number})
    if problems:
        raise ValidationError("；".join(str(problem) for problem in problems), code="incomplete")
    with transaction.atomic():
        approval = start_approval(case, actor=actor)
        case.approval_number = approval.number
        case.save(update_fields=["approval_number", "updated_at"])
        add_event(case, "submitted", actor=actor, approval=approval.number)
        record_audit("assistance.submit", actor=actor, obj=case, org_unit=case.org_unit)
    return approval


# ---------------------------------------------------------------------------------------------
# Outcome of the approval (called by the approval engine's hooks, inside its transaction)


@transaction.atomic
def grant_case(case, *, actor=None, on=None):
    """The approval passed: the benefit starts in the month of the decision."""
    case = AssistanceCase.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.APPLYING:
        raise ValidationError(
            _("Case %(number)s was already decided.") % {"number": case.number}, code="already_decided"
        )
    on = on or timezone.localdate()
    month = first_of_month(on)
    reasons, benefit, _standard = eligibility(case, month)
    if benefit is None:
        raise ValidationError("；".join(str(reason) for reason in reasons), code="no_standard")
    case.approved_on = on
    if rules_for(case.programme).recurring:
        case.status = CaseStatus.ACTIVE
        case.next_review_on = add_months(month, case.review_interval)
        add_period(case, PeriodKind.GRANT, month, benefit=benefit)
    else:
        case.status = CaseStatus.COMPLETED
        case.ended_on = on
        add_period(case, PeriodKind.ONE_OFF, month, benefit=benefit)
        add_period(case, PeriodKind.ONE_OFF_END, add_months(month, 1))
        case.monthly_amount = benefit.amount
    case.save()
    add_event(case, "approved", actor=actor, on=on, amount=str(benefit.amount))
    record_audit(
        "assistance.grant", actor=actor, obj=case, org_unit=case.org_unit, detail={"amount": str(benefit.amount)}
    )
    return case


@transaction.atomic
def reject_case(case, *, actor=None, reason="", on=None):
    case = AssistanceCase.objects.select_for_update().get(pk=case.pk)
    check_applying(case)
    case.status = CaseStatus.REJECTED
    case.ended_on = on or timezone.localdate()
    case.end_reason = reason[:255]
    case.monthly_amount = Decimal("0")
    case.save()
    add_event(case, "rejected", actor=actor, note=reason)
    record_audit("assistance.reject", actor=actor, obj=case, org_unit=case.org_unit, detail={"reason": reason})
    return case


def return_case(case, *, actor=None, comment=""):
    add_event(case, "returned", actor=actor, note=comment)


# ---------------------------------------------------------------------------------------------
# Life of an active case


def _check_effective(case, effective_from):
    if case.approved_on and first_of_month(effective_from) < first_of_month(case.approved_on):
        raise ValidationError(_("A change cannot take effect before the benefit started."), code="too_early")


def change_case(case, *, actor, effective_from, members=None, housing=None, irregular_income=None, note=""):
    """Change members, coverage or incomes of an active case; the benefit is recalculated from the
    month of `effective_from` under the standard in force then."""
    check_actor_area(actor, case.org_unit)
    if case.status not in (CaseStatus.ACTIVE, CaseStatus.SUSPENDED, CaseStatus.APPLYING):
        raise ValidationError(_("Only open cases can change."), code="closed")
    _check_effective(case, effective_from)
    cleaned = _clean_members(case.household, members) if members is not None else None
    with transaction.atomic():
        before = {"members": case.member_count, "income": str(case.monthly_income), "amount": str(case.monthly_amount)}
        if cleaned is not None:
            case.members.all().delete()
            total = Decimal("0")
            for resident, covered, incomes in cleaned:
                income = sum((amount for _kind, amount in incomes), Decimal("0"))
                member = CaseMember.objects.create(case=case, resident=resident, covered=covered, monthly_income=income)
                IncomeLine.objects.bulk_create(
                    IncomeLine(case=case, member=member, kind=kind, monthly_amount=amount) for kind, amount in incomes
                )
                total += income
            case.monthly_income = total
            refresh_case_figures(case)
        if housing is not None:
            case.housing = housing
        if irregular_income is not None:
            case.irregular_income = irregular_income
            case.review_interval = ReviewInterval.HALF_YEARLY if irregular_income else ReviewInterval.YEARLY
        month = first_of_month(effective_from)
        _reasons, benefit, _standard = eligibility(case, month)
        if case.status == CaseStatus.ACTIVE and rules_for(case.programme).recurring:
            add_period(case, PeriodKind.CHANGE, month, benefit=benefit, note=note)
        elif case.status == CaseStatus.APPLYING and benefit is not None:
            case.monthly_amount = benefit.amount
        case.save()
        after = {"members": case.member_count, "income": str(case.monthly_income), "amount": str(case.monthly_amount)}
        add_event(case, "changed", actor=actor, on=effective_from, note=note, before=before, after=after)
        record_audit(
            "assistance.change",
            actor=actor,
            obj=case,
            org_unit=case.org_unit,
            detail={"before": before, "after": after},
        )
    return case


@transaction.atomic
def suspend_case(case, *, actor, on, reason):
    """停发: payments stop from the month of `on` until the case is resumed."""
    check_actor_area(actor, case.org_unit)
    if case.status != CaseStatus.ACTIVE:
        raise ValidationError(_("Only a case receiving benefits can be suspended."), code="not_active")
    if not str(reason or "").strip():
        raise ValidationError(_("Give the reason."), code="reason")
    _check_effective(case, on)
    case.status = CaseStatus.SUSPENDED
    add_period(case, PeriodKind.SUSPENSION, first_of_month(on), note=reason)
    case.save()
    add_event(case, "suspended", actor=actor, on=on, note=reason)
    record_audit("assistance.suspend", actor=actor, obj=case, org_unit=case.org_unit, detail={"reason": reason})
    return case


@transaction.atomic
def resume_case(case, *, actor, on, note=""):
    check_actor_area(actor, case.org_unit)
    if case.status != CaseStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended case can be resumed."), code="not_suspended")
    month = first_of_month(on)
    _reasons, benefit, _standard = eligibility(case, month)
    case.status = CaseStatus.ACTIVE
    add_period(case, PeriodKind.RESUMPTION, month, benefit=benefit, note=note)
    case.save()
    add_event(case, "resumed", actor=actor, on=on, note=note)
    record_audit("assistance.resume", actor=actor, obj=case, org_unit=case.org_unit)
    return case


@transaction.atomic
def terminate_case(case, *, actor, on, reason):
    """终止: the benefit ends from the month after `on`; the reason is required."""
    check_actor_area(actor, case.org_unit)
    if case.status not in (CaseStatus.ACTIVE, CaseStatus.SUSPENDED):
        raise ValidationError(_("Only a case receiving or suspended can be terminated."), code="not_active")
    if not str(reason or "").strip():
        raise ValidationError(_("Give the reason for the termination."), code="reason")
    _check_effective(case, on)
    case.status = CaseStatus.TERMINATED
    case.ended_on = on
    case.end_reason = reason.strip()[:255]
    add_period(case, PeriodKind.TERMINATION, add_months(first_of_month(on), 1), note=reason)
    case.save()
    case.reviews.filter(status=ReviewStatus.OPEN).update(
        status=ReviewStatus.DONE, outcome=_("Case terminated"), completed_on=on, completed_by=actor
    )
    add_event(case, "terminated", actor=actor, on=on, note=reason)
    record_audit("assistance.terminate", actor=actor, obj=case, org_unit=case.org_unit, detail={"reason": reason})
    return case


# ---------------------------------------------------------------------------------------------
# Migration 迁移


def migrate_household(household, *, to_org_unit, on=None, actor=None, note=""):
    """Move a household with its members and open cases to another community (any street or district).

    The data-centre record moves (each member's transfer is recorded there), every open case follows;
    benefits are recalculated under the standard of the new area from the month of the move, and every
    earlier period, payroll line and event stays as it was.
    """
    on = on or timezone.localdate()
    check_actor_area(actor, household.org_unit)
    if to_org_unit is None or to_org_unit.level != OrgLevel.COMMUNITY:
        raise ValidationError(_("A household moves to a community."), code="not_community")
    if to_org_unit.pk == household.org_unit_id:
        raise ValidationError(_("The household already belongs to this community."), code="same_community")
    with transaction.atomic():
        source = household.org_unit
        cases = list(AssistanceCase.objects.select_for_update().filter(household=household, status__in=OPEN_STATUSES))
        for resident in household.members.filter(status=ResidentStatus.ACTIVE):
            transfer_resident(resident, to_org_unit=to_org_unit, on=on, household=household, actor=actor)
        household.org_unit = to_org_unit
        household.save(update_fields=["org_unit"])
        month = first_of_month(on)
        for case in cases:
            case.org_unit = to_org_unit
            case.household = household
            if case.status == CaseStatus.ACTIVE and rules_for(case.programme).recurring:
                _reasons, benefit, _standard = eligibility(case, month)
                add_period(case, PeriodKind.MIGRATION, month, benefit=benefit, note=note)
            case.save()
            case.reviews.filter(status=ReviewStatus.OPEN).update(org_unit=to_org_unit)
            add_event(
                case,
                "migrated",
                actor=actor,
                on=on,
                note=note,
                **{"from": source.full_name, "to": to_org_unit.full_name},
            )
        migration = HouseholdMigration.objects.create(
            household=household,
            from_org_unit=source,
            to_org_unit=to_org_unit,
            on=on,
            note=note,
            case_numbers=[case.number for case in cases],
            actor=actor,
        )
        record_audit(
            "assistance.migrate",
            actor=actor,
            obj=household,
            org_unit=source,
            detail={"to": to_org_unit.code, "cases": migration.case_numbers},
        )
    return migration


# ---------------------------------------------------------------------------------------------
# Dynamic tracking 动态管理


REVIEW_HORIZON_DAYS = 30


def schedule_reviews(today=None, *, horizon_days=REVIEW_HORIZON_DAYS):
    """Create the review task of every active case whose review falls due within the horizon.

    Yearly for stable households, every six months for irregular income (the case's interval).
    Returns the number of tasks created; a case never has two open tasks.
    """
    today = today or timezone.localdate()
    due = (
        AssistanceCase.objects.filter(
            status=CaseStatus.ACTIVE,
            next_review_on__lte=today + datetime.timedelta(days=horizon_days),
        )
        .exclude(reviews__status=ReviewStatus.OPEN)
        .values_list("pk", "org_unit_id", "next_review_on")
    )
    tasks = [ReviewTask(case_id=pk, org_unit_id=unit, due_on=day) for pk, unit, day in due]
    ReviewTask.objects.bulk_create(tasks, batch_size=5_000, ignore_conflicts=True)
    return len(tasks)


@transaction.atomic
def complete_review(task, *, actor, on=None, outcome=""):
    """Record a review; the next one is scheduled one interval later."""
    check_actor_area(actor, task.org_unit)
    if task.status != ReviewStatus.OPEN:
        raise ValidationError(_("This review was already completed."), code="review_done")
    if not str(outcome or "").strip():
        raise ValidationError(_("Write down the outcome of the review."), code="outcome")
    on = on or timezone.localdate()
    task.status, task.outcome, task.completed_on, task.completed_by = ReviewStatus.DONE, outcome.strip(), on, actor
    task.save()
    case = task.case
    case.next_review_on = add_months(on, case.review_interval)
    case.save(update_fields=["next_review_on", "updated_at"])
    add_event(case, "reviewed", actor=actor, on=on, note=outcome)
    record_audit("assistance.review", actor=actor, obj=case, org_unit=case.org_unit, detail={"outcome": outcome})
    return task
