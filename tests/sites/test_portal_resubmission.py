"""A community sends a page again after the portal rejected it: a new copy goes into review."""

import pytest
from wagtail.models import WorkflowState

from cms.accounts.models import Role
from sites.models import NoticePage, PortalSubmission, SubmissionStatus
from sites.services.submissions import submit_to_portal
from tests.factories import site_editor, staff


def decide(submission, user, action):
    state = WorkflowState.objects.get(object_id=str(submission.portal_page_id), status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action)


@pytest.mark.django_db
def test_a_rejected_page_can_be_submitted_again_and_approved(network):
    editor = site_editor(network["sites"][0], network["communities"][0])
    portal_editor = staff(network["city"], Role.CITY_ADMIN)
    portal_editor.groups.add(network["portal"].editors_group)
    notice = NoticePage.objects.descendant_of(network["sites"][0].home).get()

    first = submit_to_portal(notice, actor=editor)
    decide(first, portal_editor, "reject")
    second = submit_to_portal(notice, actor=editor, note="已按要求修改")
    assert second.portal_page.slug == f"{first.portal_page.slug}-2"
    decide(second, portal_editor, "approve")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SubmissionStatus.REJECTED, SubmissionStatus.APPROVED)
    assert not first.portal_page.live and second.portal_page.live
    assert PortalSubmission.objects.count() == 2
