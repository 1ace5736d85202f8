"""The approval engine's operations: define processes, start cases, decide on them, public notices
with objections, return and resubmission, overdue marking.

Every function checks its input first and raises ApprovalError (a ValidationError with a code and a
message for the user) before anything is written; the changes run in one transaction with their audit
entry and notifications, and the business app's hook runs inside that same transaction.
"""

from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.models import Role, StaffProfile
from cms.audit.services import record_audit
from cms.notifications.models import Channel
from cms.notifications.services import queue_notification
from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import org_unit_of, sees_everything, user_can_access_org_unit
from services.approvals import registry
from services.approvals.models import (
    LEVEL_RANK,
    ApprovalCase,
    ApprovalDecision,
    ApprovalProcess,
    ApprovalStep,
    CaseNumberCounter,
    CaseStatus,
    DecisionAttachment,
    DecisionKind,
    FinalLevel,
    NoticeObjection,
    PublicNotice,
    StepKind,
    business_type_validator,
)
from services.approvals.workdays import add_working_days, end_of_day, notice_end

DECIDE_PERMISSION = "approvals.decide_approvalcase"
CASE_NUMBER_PREFIX = "SP"
ATTACHMENT_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10
# Decisions a staff member takes at a step (resubmit and withdraw have their own functions).
STEP_DECISIONS = {DecisionKind.PASS, DecisionKind.RETURN, DecisionKind.REJECT, DecisionKind.APPROVE, DecisionKind.SKIP}


class ApprovalError(ValidationError):
    """Bad input to the engine: `code` for programs, the message (Chinese in the interface) for people."""

    def __init__(self, code, message):
        super().__init__(message, code=code)


# --- process definitions -------------------------------------------------------------------------


def _step_value(step, name, default=None):
    return step.get(name, default) if isinstance(step, dict) else getattr(step, name, default)


def validate_steps(final_level, steps):
    """Check an ordered list of steps (dicts or ApprovalStep) for a process ending at `final_level`."""
    if final_level not in FinalLevel.values:
        raise ApprovalError("invalid_final_level", _("Choose the final approval level: street, district or city."))
    if not steps:
        raise ApprovalError("no_steps", _("A process needs at least one step."))
    previous_rank = -1
    for step in steps:
        kind, level = _step_value(step, "kind"), _step_value(step, "level")
        if kind not in StepKind.values:
            raise ApprovalError("invalid_step_kind", _("Unknown kind of step: %(kind)s.") % {"kind": kind})
        if level not in OrgLevel.values:
            raise ApprovalError("invalid_step_level", _("Unknown org level: %(level)s.") % {"level": level})
        rank = LEVEL_RANK[OrgLevel(level)]
        if rank < previous_rank:
            raise ApprovalError(
                "steps_out_of_order",
                _("Steps go up the org tree: community, then street, district and city; not back down."),
            )
        previous_rank = rank
        if kind == StepKind.PUBLIC_NOTICE and not _step_value(step, "notice_days"):
            raise ApprovalError("notice_days_missing", _("A public-notice step needs its duration in working days."))
    limit = LEVEL_RANK[OrgLevel(final_level)]
    active = [step for step in steps if LEVEL_RANK[OrgLevel(_step_value(step, "level"))] <= limit]
    last = active[-1] if active else None
    if last is None or _step_value(last, "level") != final_level or _step_value(last, "optional", False):
        raise ApprovalError(
            "no_final_step",
            _("The last step at or below the final level must be a required step at the %(level)s level.")
            % {"level": FinalLevel(final_level).label},
        )


def _default_step_name(kind, level):
    return f"{OrgLevel(level).label}{StepKind(kind).label}"


@transaction.atomic
def ensure_process(business_type, name, steps=(), final_level=FinalLevel.DISTRICT, description="", actor=None):
    """The process of `business_type`, created with `steps` when it does not exist yet.

    `steps` are dicts with kind, level and optionally name, time_limit_days, notice_days, optional.
    An existing process is returned as it is: after creation the admin owns its definition.
    """
    existing = ApprovalProcess.objects.filter(business_type=business_type).first()
    if existing is not None:
        return existing
    try:
        business_type_validator(business_type)
    except ValidationError as error:
        raise ApprovalError("invalid_business_type", error.messages[0]) from error
    steps = [dict(step) for step in steps]
    validate_steps(final_level, steps)
    process = ApprovalProcess.objects.create(
        business_type=business_type, name=name, final_level=final_level, description=description
    )
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            process=process,
            order=index,
            kind=step["kind"],
            level=step["level"],
            name=step.get("name") or _default_step_name(step["kind"], step["level"]),
            time_limit_days=step.get("time_limit_days"),
            notice_days=step.get("notice_days"),
            optional=step.get("optional", False),
        )
        for index, step in enumerate(steps)
    )
    record_audit("approvals.process.create", actor=actor, obj=process, detail={"business_type": business_type})
    return process


@transaction.atomic
def set_final_level(process, final_level, *, actor=None):
    """Change where a process ends (street, district or city); its steps must fit the new level."""
    validate_steps(final_level, list(process.steps.all()))
    previous = process.final_level
    process.final_level = final_level
    process.save(update_fields=["final_level", "updated_at"])
    record_audit(
        "approvals.process.final_level",
        actor=actor,
        obj=process,
        detail={"before": previous, "after": final_level},
    )
    return process


# --- helpers --------------------------------------------------------------------------------------


def unit_at_level(org_unit, level):
    """`org_unit` itself or its ancestor at `level`."""
    if org_unit.level == level:
        return org_unit
    return org_unit.get_ancestors().filter(level=level).first()


def _next_case_number(today):
    counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(day=today)
    CaseNumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{CASE_NUMBER_PREFIX}{today:%Y%m%d}-{counter.last:06d}"


def _enter_step(case, step, now):
    unit = unit_at_level(case.org_unit, step.level)
    if unit is None:
        raise ApprovalError(
            "no_unit_at_level",
            _("The community %(unit)s has no %(level)s above it.")
            % {"unit": case.org_unit.name, "level": OrgLevel(step.level).label},
        )
    case.current_step = step
    case.current_org_unit = unit
    case.status = CaseStatus.IN_PROGRESS
    case.step_started_at = now
    case.is_overdue = False
    if step.time_limit_days:
        case.due_at = end_of_day(add_working_days(timezone.localdate(now), step.time_limit_days))
    else:
        case.due_at = None


def _finish(case, status, now):
    case.status = status
    case.finished_at = now
    case.current_step = None
    case.current_org_unit = None
    case.due_at = None
    case.is_overdue = False


def remaining_steps(case, step):
    return [
        candidate
        for candidate in case.process.active_steps()
        if (candidate.order, candidate.pk) > (step.order, step.pk)
    ]


def _notify_unit(unit, subject, body):
    """An in-admin message to every active staff member of `unit` (editors excluded)."""
    if unit is None:
        return
    profiles = (
        StaffProfile.objects.filter(org_unit=unit, user__is_active=True)
        .exclude(role=Role.COMMUNITY_EDITOR)
        .select_related("user")
    )
    for profile in profiles:
        queue_notification(
            channel=Channel.ADMIN,
            recipient=profile.user.get_username(),
            recipient_user=profile.user,
            subject=subject,
            body=body,
        )


def _check_actor_at(actor, unit):
    if actor is None or not actor.is_authenticated or not actor.has_perm(DECIDE_PERMISSION):
        raise ApprovalError("no_permission", _("You may not take approval decisions."))
    if not sees_everything(actor) and org_unit_of(actor) != unit:
        raise ApprovalError(
            "outside_org_unit",
            _("This case waits at %(unit)s; only its staff can act on it.") % {"unit": unit.name if unit else "-"},
        )


def _lock(case):
    return (
        ApprovalCase.objects.select_for_update(of=("self",))
        .select_related("process", "current_step", "current_org_unit", "org_unit")
        .get(pk=case.pk)
    )


def _check_open(locked, *, allow_returned=False):
    if locked.status == CaseStatus.RETURNED and not allow_returned:
        raise ApprovalError(
            "case_returned",
            _("Case %(number)s was returned for correction; it must be resubmitted first.") % {"number": locked.number},
        )
    if locked.status not in (CaseStatus.IN_PROGRESS, CaseStatus.RETURNED):
        raise ApprovalError(
            "case_finished",
            _("Case %(number)s is already finished (%(status)s).")
            % {"number": locked.number, "status": locked.get_status_display()},
        )


def _copy_state(target, source):
    """Bring the caller's case object up to date with what was saved."""
    for field in (
        "status", "current_step", "current_org_unit", "step_started_at", "due_at", "is_overdue", "finished_at",
    ):  # fmt: skip
        setattr(target, field, getattr(source, field))


def _clean_attachments(attachments):
    attachments = [upload for upload in attachments if upload]
    if len(attachments) > MAX_ATTACHMENTS:
        raise ApprovalError("too_many_attachments", _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS})
    for upload in attachments:
        name = PurePath(getattr(upload, "name", "") or "").name
        if PurePath(name).suffix.lower() not in ATTACHMENT_SUFFIXES:
            raise ApprovalError(
                "attachment_type",
                _("%(name)s: attach PDF, image, Word, Excel or OFD files only.") % {"name": name or "?"},
            )
        if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
            raise ApprovalError(
                "attachment_too_large",
                _("%(name)s is larger than %(size)s MB.")
                % {"name": name, "size": MAX_ATTACHMENT_BYTES // 1024 // 1024},
            )
    return attachments


def _record_decision(case, *, step, actor, unit, level, decision, comment, attachments, now):
    record = ApprovalDecision.objects.create(
        case=case,
        step=step,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "",
        org_unit=unit,
        level=level,
        decision=decision,
        comment=comment,
        decided_at=now,
    )
    for upload in attachments:
        name = PurePath(upload.name).name[:255]
        attachment = DecisionAttachment(decision=record, name=name, size=upload.size or 0)
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return record


# --- cases ----------------------------------------------------------------------------------------


@transaction.atomic
def start_case(*, business_type, subject, org_unit, title, actor=None):
    """Open a case for `subject` (the business record) of the applicant's community `org_unit`.

    `actor` is the staff member who accepts the application, or None when it arrives online.
    """
    process = ApprovalProcess.objects.filter(business_type=business_type).first()
    if process is None:
        raise ApprovalError(
            "unknown_business_type",
            _("There is no approval process for %(type)s.") % {"type": business_type},
        )
    if org_unit is None or org_unit.level != OrgLevel.COMMUNITY:
        raise ApprovalError("not_a_community", _("A case belongs to the applicant's community."))
    if actor is not None and actor.is_authenticated and not user_can_access_org_unit(actor, org_unit):
        raise ApprovalError("outside_org_unit", _("You can only start cases for communities in your own area."))
    title = (title or "").strip()
    if not title:
        raise ApprovalError("title_required", _("Give the case a title."))
    subject_fields = {}
    if subject is not None:
        subject_fields = {
            "subject_type": ContentType.objects.get_for_model(subject, for_concrete_model=False),
            "subject_id": subject.pk,
        }
        if ApprovalCase.objects.filter(
            **subject_fields, status__in=(CaseStatus.IN_PROGRESS, CaseStatus.RETURNED)
        ).exists():
            raise ApprovalError("case_already_open", _("This record already has an approval case in progress."))
    steps = process.active_steps()
    if not steps:
        raise ApprovalError("no_steps", _("A process needs at least one step."))
    now = timezone.now()
    case = ApprovalCase(
        number=_next_case_number(timezone.localdate(now)),
        process=process,
        org_unit=org_unit,
        title=title[:200],
        created_by=actor if actor is not None and actor.is_authenticated else None,
        created_at=now,
        **subject_fields,
    )
    _enter_step(case, steps[0], now)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as error:  # the same record submitted twice at the same moment
        raise ApprovalError("case_already_open", _("This record already has an approval case in progress.")) from error
    record_audit(
        "approvals.case.start",
        actor=actor,
        obj=case,
        org_unit=org_unit,
        detail={"number": case.number, "business_type": business_type, "step": steps[0].name},
    )
    _notify_unit(
        case.current_org_unit,
        _("New case to handle: %(number)s") % {"number": case.number},
        _("%(title)s is waiting at the step %(step)s.") % {"title": case.title, "step": steps[0].name},
    )
    return case


@transaction.atomic
def decide(case, *, actor, decision, comment="", attachments=()):
    """Take `decision` (pass, return, reject, approve, skip) at the case's current step."""
    if decision not in STEP_DECISIONS:
        raise ApprovalError("unknown_decision", _("Unknown decision: %(decision)s.") % {"decision": decision})
    decision = DecisionKind(decision)
    locked = _lock(case)
    _check_open(locked)
    if case.current_step_id != locked.current_step_id or case.status != locked.status:
        raise ApprovalError(
            "already_decided",
            _("This step of case %(number)s has already been decided; reload the case.") % {"number": locked.number},
        )
    step = locked.current_step
    _check_actor_at(actor, locked.current_org_unit)
    comment = (comment or "").strip()
    remaining = remaining_steps(locked, step)
    is_final = not remaining
    if decision in (DecisionKind.RETURN, DecisionKind.REJECT, DecisionKind.SKIP) and not comment:
        raise ApprovalError("reason_required", _("Give the reason for this decision."))
    if decision == DecisionKind.APPROVE and not is_final:
        raise ApprovalError("not_final_step", _("Only the final step can approve; pass the case on to the next step."))
    if decision in (DecisionKind.PASS, DecisionKind.SKIP) and is_final:
        raise ApprovalError("final_step", _("This is the final step: approve, return or reject the case."))
    if decision == DecisionKind.SKIP and not step.optional:
        raise ApprovalError("step_not_optional", _("The step %(step)s cannot be skipped.") % {"step": step.name})
    goes_forward = decision in (DecisionKind.PASS, DecisionKind.APPROVE)
    if goes_forward and step.kind == StepKind.SURVEY and not comment:
        raise ApprovalError("survey_findings_required", _("Record the findings of the household survey."))
    notice = None
    if step.kind == StepKind.PUBLIC_NOTICE:
        notice = PublicNotice.objects.filter(case=locked, step=step).first()
        if goes_forward:
            _check_notice_can_pass(notice)
        if decision == DecisionKind.SKIP and notice is not None:
            raise ApprovalError("notice_started", _("The public notice has started; it cannot be skipped any more."))
    attachments = _clean_attachments(attachments)

    now = timezone.now()
    unit = locked.current_org_unit
    record = _record_decision(
        locked,
        step=step,
        actor=actor,
        unit=unit,
        level=step.level,
        decision=decision,
        comment=comment,
        attachments=attachments,
        now=now,
    )
    applicant_unit = locked.org_unit
    if decision in (DecisionKind.PASS, DecisionKind.SKIP):
        _enter_step(locked, remaining[0], now)
    elif decision == DecisionKind.APPROVE:
        _finish(locked, CaseStatus.APPROVED, now)
    elif decision == DecisionKind.REJECT:
        _finish(locked, CaseStatus.REJECTED, now)
    else:  # return for correction: the applicant's community corrects it and resubmits
        locked.status = CaseStatus.RETURNED
        locked.current_org_unit = applicant_unit
        locked.due_at = None
        locked.is_overdue = False
    locked.save()
    record_audit(
        f"approvals.case.{decision.value}",
        actor=actor,
        obj=locked,
        org_unit=unit,
        detail={
            "number": locked.number,
            "step": step.name,
            "level": step.level,
            "decision": decision.value,
            "attachments": len(attachments),
        },
    )
    hook = {
        DecisionKind.APPROVE: "on_approved",
        DecisionKind.REJECT: "on_rejected",
        DecisionKind.RETURN: "on_returned",
    }.get(decision)
    if hook:
        registry.call_hook(locked, hook, actor)
    _notify_after_decision(locked, decision, step, comment)
    _copy_state(case, locked)
    return record


def _check_notice_can_pass(notice):
    if notice is None:
        raise ApprovalError("notice_not_started", _("Start the public notice before passing this step."))
    if not notice.has_ended():
        raise ApprovalError(
            "notice_running",
            _("The public notice runs until %(date)s; the step can pass only after that.")
            % {"date": notice.ends_on.isoformat()},
        )
    objections = list(notice.objections.all())
    if any(not objection.is_resolved for objection in objections):
        raise ApprovalError("objection_unresolved", _("Resolve every objection to the public notice first."))
    if any(objection.upheld for objection in objections):
        raise ApprovalError("objection_upheld", _("An objection was upheld: return or reject the case instead."))


def _notify_after_decision(case, decision, step, comment):
    if decision in (DecisionKind.PASS, DecisionKind.SKIP):
        _notify_unit(
            case.current_org_unit,
            _("New case to handle: %(number)s") % {"number": case.number},
            _("%(title)s is waiting at the step %(step)s.") % {"title": case.title, "step": case.current_step.name},
        )
        return
    subject = {
        DecisionKind.APPROVE: _("Case %(number)s approved"),
        DecisionKind.REJECT: _("Case %(number)s rejected"),
        DecisionKind.RETURN: _("Case %(number)s returned for correction"),
    }[decision] % {"number": case.number}
    body = _("%(title)s, step %(step)s: %(comment)s") % {
        "title": case.title,
        "step": step.name,
        "comment": comment or "-",
    }
    _notify_unit(case.org_unit, subject, body)


@transaction.atomic
def resubmit(case, *, actor, comment=""):
    """After a return for correction: the applicant's community sends the case back to the step that returned it."""
    locked = _lock(case)
    _check_open(locked, allow_returned=True)
    if locked.status != CaseStatus.RETURNED:
        raise ApprovalError("not_returned", _("Only a case returned for correction can be resubmitted."))
    _check_actor_at(actor, locked.org_unit)
    now = timezone.now()
    step = locked.current_step
    _record_decision(
        locked,
        step=step,
        actor=actor,
        unit=locked.org_unit,
        level=OrgLevel.COMMUNITY,
        decision=DecisionKind.RESUBMIT,
        comment=(comment or "").strip(),
        attachments=(),
        now=now,
    )
    _enter_step(locked, step, now)
    locked.save()
    record_audit(
        "approvals.case.resubmit", actor=actor, obj=locked, org_unit=locked.org_unit, detail={"number": locked.number}
    )
    _notify_unit(
        locked.current_org_unit,
        _("Case %(number)s resubmitted") % {"number": locked.number},
        _("%(title)s is waiting at the step %(step)s.") % {"title": locked.title, "step": step.name},
    )
    _copy_state(case, locked)
    return locked


@transaction.atomic
def withdraw_case(case, *, actor, reason):
    """The applicant withdraws: the applicant's community (or the unit where it waits) closes the case."""
    locked = _lock(case)
    _check_open(locked, allow_returned=True)
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError("reason_required", _("Give the reason for this decision."))
    # The applicant's community or the unit where the case waits may record the withdrawal.
    at_current_unit = locked.current_org_unit is not None and org_unit_of(actor) == locked.current_org_unit
    _check_actor_at(actor, locked.current_org_unit if at_current_unit else locked.org_unit)
    now = timezone.now()
    step = locked.current_step
    unit = org_unit_of(actor) or locked.current_org_unit
    _record_decision(
        locked,
        step=step,
        actor=actor,
        unit=unit,
        level=unit.level,
        decision=DecisionKind.WITHDRAW,
        comment=reason,
        attachments=(),
        now=now,
    )
    _finish(locked, CaseStatus.WITHDRAWN, now)
    locked.save()
    record_audit("approvals.case.withdraw", actor=actor, obj=locked, org_unit=unit, detail={"number": locked.number})
    _copy_state(case, locked)
    return locked


# --- public notices (公示) -------------------------------------------------------------------------


@transaction.atomic
def start_public_notice(case, *, actor, starts_on):
    """Post the public notice of the case's current public-notice step from `starts_on`."""
    locked = _lock(case)
    _check_open(locked)
    step = locked.current_step
    if step.kind != StepKind.PUBLIC_NOTICE:
        raise ApprovalError("not_notice_step", _("The case is not at a public-notice step."))
    _check_actor_at(actor, locked.current_org_unit)
    if starts_on is None or starts_on < timezone.localdate():
        raise ApprovalError("notice_in_past", _("A public notice cannot start in the past."))
    if PublicNotice.objects.filter(case=locked, step=step).exists():
        raise ApprovalError("notice_exists", _("The public notice of this step has already started."))
    notice = PublicNotice.objects.create(
        case=locked,
        step=step,
        org_unit=locked.current_org_unit,
        starts_on=starts_on,
        ends_on=notice_end(starts_on, step.notice_days or 1),
        started_by=actor,
    )
    # The step's time limit counts from the end of the notice.
    locked.due_at = end_of_day(add_working_days(notice.ends_on, step.time_limit_days)) if step.time_limit_days else None
    locked.is_overdue = False
    locked.save(update_fields=["due_at", "is_overdue"])
    record_audit(
        "approvals.notice.start",
        actor=actor,
        obj=locked,
        org_unit=notice.org_unit,
        detail={"number": locked.number, "starts_on": str(notice.starts_on), "ends_on": str(notice.ends_on)},
    )
    _copy_state(case, locked)
    return notice


def _lock_notice_case(notice):
    locked = _lock(notice.case)
    _check_open(locked)
    if locked.current_step_id != notice.step_id:
        raise ApprovalError("notice_closed", _("This public notice is closed."))
    return locked


@transaction.atomic
def record_objection(notice, *, text, actor, objector=""):
    """Record an objection raised during the notice period (staff record what residents bring in)."""
    locked = _lock_notice_case(notice)
    if actor is None or not user_can_access_org_unit(actor, notice.org_unit):
        raise ApprovalError(
            "outside_org_unit",
            _("This case waits at %(unit)s; only its staff can act on it.") % {"unit": notice.org_unit.name},
        )
    text = (text or "").strip()
    if not text:
        raise ApprovalError("objection_text_required", _("Write down the objection."))
    today = timezone.localdate()
    if not notice.starts_on <= today <= notice.ends_on:
        raise ApprovalError(
            "notice_not_running",
            _("Objections are recorded during the public notice, %(start)s to %(end)s.")
            % {"start": notice.starts_on.isoformat(), "end": notice.ends_on.isoformat()},
        )
    objection = NoticeObjection.objects.create(
        notice=notice, text=text, objector=(objector or "").strip()[:100], recorded_by=actor
    )
    record_audit(
        "approvals.objection.record",
        actor=actor,
        obj=locked,
        org_unit=notice.org_unit,
        detail={"number": locked.number, "objection": objection.pk},
    )
    _notify_unit(
        notice.org_unit,
        _("Objection to the public notice of case %(number)s") % {"number": locked.number},
        text[:200],
    )
    return objection


@transaction.atomic
def resolve_objection(objection, *, actor, resolution, upheld):
    """Record how an objection was looked into; an upheld objection means the step cannot pass."""
    objection = NoticeObjection.objects.select_for_update().select_related("notice").get(pk=objection.pk)
    notice = objection.notice
    locked = _lock_notice_case(notice)
    _check_actor_at(actor, notice.org_unit)
    if objection.is_resolved:
        raise ApprovalError("objection_already_resolved", _("This objection has already been resolved."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApprovalError("resolution_required", _("Write down how the objection was resolved."))
    if upheld not in (True, False):
        raise ApprovalError("upheld_required", _("Say whether the objection is upheld."))
    objection.resolution = resolution
    objection.upheld = upheld
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["resolution", "upheld", "resolved_by", "resolved_at"])
    record_audit(
        "approvals.objection.resolve",
        actor=actor,
        obj=locked,
        org_unit=notice.org_unit,
        detail={"number": locked.number, "objection": objection.pk, "upheld": upheld},
    )
    return objection


# --- time limits ----------------------------------------------------------------------------------


@transaction.atomic
def mark_overdue_cases(now=None):
    """Flag cases whose step is past its time limit and tell the units where they wait. Returns how many.

    One audit entry and one message per unit (listing the case numbers), not per case: the job can
    find thousands at once after a long holiday, and the flag is the system's, not a person's change.
    """
    now = now or timezone.now()
    rows = list(
        ApprovalCase.objects.select_for_update(of=("self",))
        .filter(status=CaseStatus.IN_PROGRESS, is_overdue=False, due_at__lt=now)
        .order_by("current_org_unit_id", "due_at", "pk")
        .values_list("pk", "number", "current_org_unit_id")
    )
    if not rows:
        return 0
    ApprovalCase.objects.filter(pk__in=[pk for pk, _number, _unit in rows]).update(is_overdue=True)
    numbers_by_unit = {}
    for _pk, number, unit_id in rows:
        numbers_by_unit.setdefault(unit_id, []).append(number)
    units = OrgUnit.objects.in_bulk(list(numbers_by_unit))
    for unit_id, numbers in numbers_by_unit.items():
        unit = units[unit_id]
        record_audit("approvals.case.overdue", org_unit=unit, detail={"numbers": numbers, "at": now.isoformat()})
        _notify_unit(
            unit,
            _("%(count)s approval cases are overdue") % {"count": len(numbers)},
            ", ".join(numbers),
        )
    return len(rows)
