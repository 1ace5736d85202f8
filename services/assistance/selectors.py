"""Reads of social assistance, always scoped to the user's org subtree."""

from django.db.models import Count, Q
from django.utils import timezone

from cms.orgs.scoping import scope_to_user
from services.assistance.models import (
    AssistanceCase,
    BenefitPeriod,
    ComplianceFinding,
    PayrollRun,
    ReviewStatus,
    ReviewTask,
    Standard,
    StandardAdjustment,
)


def cases_for(user):
    return scope_to_user(AssistanceCase.objects.select_related("org_unit", "household", "applicant"), user)


def search_cases(user, *, query="", programme="", status="", community=""):
    cases = cases_for(user)
    if programme:
        cases = cases.filter(programme=programme)
    if status:
        cases = cases.filter(status=status)
    if str(community).isdigit():
        cases = cases.filter(org_unit_id=int(community))
    query = (query or "").strip()
    if query:
        cases = cases.filter(
            Q(number__icontains=query) | Q(applicant__name__icontains=query) | Q(household__address__icontains=query)
        )
    return cases


def case_detail(user, pk):
    """The case with everything its page shows, each list in one query."""
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        return None
    case.member_list = list(case.members.select_related("resident").order_by("pk"))
    case.income_list = list(case.incomes.select_related("member__resident").order_by("pk"))
    case.asset_list = list(case.assets.order_by("pk"))
    case.document_list = list(case.documents.order_by("pk"))
    case.period_list = list(case.periods.select_related("org_unit").order_by("effective_from", "pk"))
    case.event_list = list(case.events.select_related("actor").order_by("created_at", "pk"))
    case.survey_list = list(case.surveys.all())
    case.appraisal_list = list(case.appraisals.all())
    case.review_list = list(case.reviews.order_by("-due_on"))
    case.finding_list = list(case.findings.select_related("resident").order_by("resolved_at", "-found_at"))
    return case


def amount_in_month(case, month):
    """The benefit of `case` in `month` as the periods say (recomputable for any past month)."""
    period = (
        BenefitPeriod.objects.filter(case=case, effective_from__lte=month).order_by("-effective_from", "-pk").first()
    )
    return period.monthly_amount if period else None


def standards_for(user):
    """Standards of the user's area and of the areas above it (which govern the user's area too)."""
    standards = Standard.objects.select_related("org_unit")
    unit = getattr(getattr(user, "staff_profile", None), "org_unit", None)
    if user.is_superuser or unit is None:
        return standards if user.is_superuser else standards.none()
    ancestors = [unit.path[:end] for end in range(unit.steplen, len(unit.path), unit.steplen)]
    return standards.filter(Q(org_unit__path__startswith=unit.path) | Q(org_unit__path__in=ancestors))


def adjustments_for(user):
    return scope_to_user(
        StandardAdjustment.objects.select_related("standard__org_unit", "actor"), user, via="standard__org_unit"
    )


def review_tasks_for(user, *, overdue_only=False, today=None):
    today = today or timezone.localdate()
    tasks = scope_to_user(
        ReviewTask.objects.select_related("case__applicant", "case__household", "org_unit").filter(
            status=ReviewStatus.OPEN
        ),
        user,
    )
    if overdue_only:
        tasks = tasks.filter(due_on__lt=today)
    return tasks.order_by("due_on", "pk")


def findings_for(user, *, open_only=True, kind=""):
    findings = scope_to_user(
        ComplianceFinding.objects.select_related("case", "org_unit", "resident", "resolved_by"), user
    )
    if open_only:
        findings = findings.filter(resolved_at__isnull=True)
    if kind:
        findings = findings.filter(kind=kind)
    return findings.order_by("-found_at", "pk")


def finding_counts(user):
    return dict(findings_for(user).values_list("kind").annotate(count=Count("pk")).values_list("kind", "count"))


def payrolls_for(user):
    return scope_to_user(PayrollRun.objects.select_related("org_unit", "created_by"), user)
