"""Reads of the approval engine: the work queue of a unit, scoped case lists, a case's history and the
public progress of a case number (no personal data)."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, Value, When
from django.utils import timezone

from cms.orgs.scoping import org_unit_of, scope_to_user, sees_everything
from services.approvals.models import (
    OPEN_STATUSES,
    ApprovalCase,
    ApprovalDecision,
    CaseStatus,
    DecisionKind,
    NoticeObjection,
    PublicNotice,
)

CASE_LIST_RELATED = ("process", "current_step", "current_org_unit", "org_unit")


def _with_overdue_flag(queryset, now=None):
    now = now or timezone.now()
    return queryset.annotate(
        overdue_now=Case(
            When(Q(status=CaseStatus.IN_PROGRESS) & (Q(is_overdue=True) | Q(due_at__lt=now)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def work_queue(user, *, now=None):
    """Open cases waiting at the user's own org unit (everything open for a superuser), overdue first,
    then by due date; returned cases wait at the applicant's community for correction."""
    queryset = ApprovalCase.objects.filter(status__in=OPEN_STATUSES)
    if not sees_everything(user):
        unit = org_unit_of(user)
        if unit is None:
            return ApprovalCase.objects.none()
        queryset = queryset.filter(current_org_unit=unit)
    return _with_overdue_flag(queryset.select_related(*CASE_LIST_RELATED), now).order_by(
        "-overdue_now", F("due_at").asc(nulls_last=True), "created_at", "pk"
    )


def work_queue_counts(user, *, now=None):
    """(waiting, overdue) at the user's unit, in one query, for the dashboard."""
    counts = (
        work_queue(user, now=now)
        .order_by()
        .aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(overdue_now=True)))
    )
    return counts["waiting"], counts["overdue"]


def cases_for_user(user):
    """Every case of the communities in the user's subtree."""
    return _with_overdue_flag(scope_to_user(ApprovalCase.objects.select_related(*CASE_LIST_RELATED), user))


def case_for_user(user, pk):
    """The case if the user may see it (its community is in their subtree, or it waits at their unit), else None."""
    queryset = ApprovalCase.objects.select_related(*CASE_LIST_RELATED)
    if not sees_everything(user):
        unit = org_unit_of(user)
        if unit is None:
            return None
        queryset = queryset.filter(Q(org_unit__path__startswith=unit.path) | Q(current_org_unit=unit))
    return _with_overdue_flag(queryset).filter(pk=pk).first()


def case_history(case):
    """The decisions on a case, oldest first, with their step, unit and attachments."""
    return list(
        ApprovalDecision.objects.filter(case=case)
        .select_related("step", "org_unit")
        .prefetch_related("attachments")
        .order_by("decided_at", "pk")
    )


def case_notices(case):
    return list(
        PublicNotice.objects.filter(case=case)
        .select_related("step", "org_unit")
        .prefetch_related(Prefetch("objections", queryset=NoticeObjection.objects.order_by("recorded_at", "pk")))
    )


def current_notice(case):
    if case.current_step_id is None:
        return None
    return PublicNotice.objects.filter(case=case, step_id=case.current_step_id).first()


# --- public progress ------------------------------------------------------------------------------


@dataclass
class ProgressStep:
    name: str
    level: str
    state: str  # "done", "skipped", "current", "returned", "pending", "stopped"
    finished_on: object = None


@dataclass
class CaseProgress:
    number: str
    process_name: str
    status: str
    status_label: str
    started_on: object
    finished_on: object
    waiting_at: str
    notice_period: tuple | None
    steps: list = field(default_factory=list)


def case_progress(number):
    """What anyone holding the case number may see: the steps and where the case is. No title, names,
    comments or attachments, since the title and comments may identify the applicant."""
    number = (number or "").strip().upper()
    if not number:
        return None
    case = (
        ApprovalCase.objects.select_related("process", "current_step", "current_org_unit").filter(number=number).first()
    )
    if case is None:
        return None
    steps = case.process.active_steps()
    last_decision = {}
    for decision in ApprovalDecision.objects.filter(case=case).order_by("decided_at", "pk"):
        last_decision[decision.step_id] = decision
    finished_states = {DecisionKind.PASS: "done", DecisionKind.APPROVE: "done", DecisionKind.SKIP: "skipped"}
    rows = []
    for step in steps:
        decision = last_decision.get(step.pk)
        if step.pk == case.current_step_id:
            state = "returned" if case.status == CaseStatus.RETURNED else "current"
            if case.status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
                state = "stopped"
        elif decision is not None and decision.decision in finished_states:
            state = finished_states[decision.decision]
        elif decision is not None and decision.decision in (DecisionKind.REJECT, DecisionKind.WITHDRAW):
            state = "stopped"
        else:
            state = "pending"
        finished_on = timezone.localdate(decision.decided_at) if decision is not None and state != "pending" else None
        rows.append(ProgressStep(step.name, step.get_level_display(), state, finished_on))
    notice = current_notice(case)
    return CaseProgress(
        number=case.number,
        process_name=case.process.name,
        status=case.status,
        status_label=case.get_status_display(),
        started_on=timezone.localdate(case.created_at),
        finished_on=timezone.localdate(case.finished_at) if case.finished_at else None,
        waiting_at=case.current_org_unit.name if case.current_org_unit else "",
        notice_period=(notice.starts_on, notice.ends_on) if notice else None,
        steps=rows,
    )
