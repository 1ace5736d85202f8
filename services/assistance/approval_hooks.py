"""How assistance uses the shared approval engine (services/approvals): one business type per
programme ("assistance.urban_dibao", ...), its default process, and the hooks that grant or refuse
the benefit inside the transaction of the final decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from services.assistance.programmes import RULES, Programme, approval_steps, rules_for


def business_type_of(programme):
    return rules_for(programme).business_type


def _assistance_case(approval_case):
    from services.assistance.models import AssistanceCase

    return AssistanceCase.objects.get(pk=approval_case.subject_id)


def on_approved(approval_case, actor):
    from services.assistance.services import grant_case

    grant_case(_assistance_case(approval_case), actor=actor)


def on_rejected(approval_case, actor):
    from services.assistance.services import reject_case

    decision = approval_case.decisions.order_by("-decided_at", "-pk").first()
    reject_case(_assistance_case(approval_case), actor=actor, reason=decision.comment if decision else "")


def on_returned(approval_case, actor):
    from services.assistance.services import return_case

    decision = approval_case.decisions.order_by("-decided_at", "-pk").first()
    return_case(_assistance_case(approval_case), actor=actor, comment=decision.comment if decision else "")


def subject_url(approval_case):
    return reverse("assistance:case", args=[approval_case.subject_id])


def register_with_approval_engine():
    try:
        from services.approvals.registry import register_business_type
    except ImportError:  # the engine is not installed
        return
    for programme in RULES:
        register_business_type(
            business_type_of(programme),
            label=Programme(programme).label,
            on_approved=on_approved,
            on_rejected=on_rejected,
            on_returned=on_returned,
            subject_url=subject_url,
        )


def ensure_approval_process(programme):
    from services.approvals.services import ensure_process

    rules = rules_for(programme)
    return ensure_process(
        rules.business_type,
        _("Approval of %(programme)s") % {"programme": Programme(programme).label},
        steps=approval_steps(programme),
        final_level=rules.final_level,
    )


def start_approval(case, *, actor):
    from services.approvals.services import start_case

    ensure_approval_process(case.programme)
    return start_case(
        business_type=business_type_of(case.programme),
        subject=case,
        org_unit=case.org_unit,
        title=_("%(programme)s application of %(name)s (%(number)s)")
        % {"programme": case.get_programme_display(), "name": case.applicant.name, "number": case.number},
        actor=actor,
    )
