"""Information submission (信息报送): a community sends one of its pages up to the portal.

The page is copied as a draft under the portal's matching section and goes through a Wagtail
workflow whose one task belongs to the portal's editors. Approval publishes the copy (Wagtail
does that when the workflow finishes); rejection leaves it a draft, so it never shows on the
portal. `PortalSubmission` records the source community, and the submitter gets an in-admin
message with the outcome. Every step is audited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Site, Workflow, WorkflowPage, WorkflowTask

from cms.audit.services import record_audit
from cms.notifications.models import Channel
from cms.notifications.services import queue_notification
from sites.permissions import can_see_page

WORKFLOW_NAME = "门户信息报送审核"  # shown in the admin; one per installation


def portal_section_for(page):
    """The portal section a submitted page goes to, by kind; None for kinds the portal does not take."""
    from sites.models import (
        EventIndexPage,
        EventPage,
        NewsIndexPage,
        NewsPage,
        NoticeIndexPage,
        NoticePage,
        PortalHomePage,
        ServiceGuideIndexPage,
        ServiceGuidePage,
    )

    sections = {
        NoticePage: NoticeIndexPage,
        NewsPage: NewsIndexPage,
        EventPage: EventIndexPage,
        ServiceGuidePage: ServiceGuideIndexPage,
    }
    section_model = sections.get(type(page))
    portal = PortalHomePage.objects.first()
    if section_model is None or portal is None:
        return None
    return section_model.objects.child_of(portal).first()


def submission_workflow(portal_home):
    """The moderation workflow on the portal's tree, its task assigned to the portal editors' group."""
    from sites.services.site_builder import editors_group_for

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="门户编辑审核")
        site = Site.objects.filter(root_page=portal_home).first()
        group = editors_group_for(site) if site else None
        if group is not None:
            task.groups.add(group)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=portal_home, defaults={"workflow": workflow})
    return workflow


def free_slug(section, base):
    """`base`, or `base-2`, `base-3`...: a page sent again (after a rejection, or updated after an
    approval) gets a new copy beside the earlier ones, which keep their slugs."""
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def submit_to_portal(page, *, actor, note=""):
    from sites.models import CommunityHomePage, PortalSubmission, SubmissionStatus

    page = page.specific
    home = CommunityHomePage.objects.filter(path=page.path[: page.steplen * 2]).select_related("org_unit").first()
    section = portal_section_for(page)
    errors = []
    if home is None:
        errors.append(ValidationError(_("Only pages of community sites can be submitted."), code="not_community"))
    elif not can_see_page(actor, page):
        errors.append(ValidationError(_("You can only submit pages of your own site."), code="not_your_site"))
    elif section is None:
        errors.append(ValidationError(_("The portal does not take this kind of page."), code="unsupported_kind"))
    elif not page.live:
        errors.append(ValidationError(_("Publish the page on your site before submitting it."), code="not_live"))
    elif PortalSubmission.objects.filter(source_page=page, status=SubmissionStatus.PENDING).exists():
        errors.append(ValidationError(_("This page is already waiting for review."), code="already_pending"))
    if errors:
        record_audit(
            "exchange.submit", actor=actor, obj=page, success=False, detail={"errors": [e.code for e in errors]}
        )
        raise ValidationError(errors)

    with transaction.atomic():
        copy = page.copy(
            to=section,
            keep_live=False,
            copy_revisions=False,
            user=actor,
            update_attrs={"slug": free_slug(section, f"{page.slug}-{home.org_unit.code}-{page.pk}")},
        )
        copy.save_revision(user=actor)
        submission = PortalSubmission.objects.create(
            source_page=page,
            source_unit=home.org_unit,
            portal_page=copy,
            title=page.title,
            note=note,
            submitted_by=actor,
        )
        submission_workflow(section.get_parent().specific).start(copy, actor)
        record_audit(
            "exchange.submit",
            actor=actor,
            obj=submission,
            org_unit=home.org_unit,
            detail={"source_page": page.pk, "portal_page": copy.pk},
        )
    return submission


def record_outcome(workflow_state, user, status):
    """Receiver body for Wagtail's workflow signals: store the outcome, audit it, tell the submitter."""
    from sites.models import PortalSubmission, SubmissionStatus

    submission = (
        PortalSubmission.objects.select_related("submitted_by", "source_unit")
        .filter(portal_page_id=int(workflow_state.object_id), status=SubmissionStatus.PENDING)
        .first()
    )
    if submission is None:
        return None
    submission.status = status
    submission.decided_by = user if getattr(user, "is_authenticated", False) else None
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_by", "decided_at"])
    record_audit(f"exchange.submit.{status}", actor=user, obj=submission, org_unit=submission.source_unit, detail={})
    if submission.submitted_by is not None:
        outcome = {
            SubmissionStatus.APPROVED: _("approved and published on the portal"),
            SubmissionStatus.REJECTED: _("not accepted by the portal editors"),
            SubmissionStatus.CANCELLED: _("withdrawn from review"),
        }[status]
        queue_notification(
            channel=Channel.ADMIN,
            recipient=submission.submitted_by.get_username(),
            recipient_user=submission.submitted_by,
            subject=_("Portal submission: %(title)s") % {"title": submission.title},
            body=_("Your submission “%(title)s” was %(outcome)s.") % {"title": submission.title, "outcome": outcome},
        )
    return submission


def on_workflow_approved(sender, instance, user=None, **kwargs):
    from sites.models import SubmissionStatus

    record_outcome(instance, user, SubmissionStatus.APPROVED)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    from sites.models import SubmissionStatus

    record_outcome(instance, user, SubmissionStatus.REJECTED)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    from sites.models import SubmissionStatus

    record_outcome(instance, user, SubmissionStatus.CANCELLED)
