"""Information submission (信息报送): community pages go to the portal only through moderation."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import WorkflowState

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.notifications.models import OutboxMessage
from sites.models import NoticeIndexPage, NoticePage, PortalSubmission, SubmissionStatus
from sites.services.submissions import submit_to_portal
from tests.factories import site_editor, staff

PORTAL = "portal.localhost"


def decide(submission, user, action):
    state = WorkflowState.objects.get(object_id=str(submission.portal_page_id))
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action)


@pytest.fixture
def submitted(network):
    editor = site_editor(network["sites"][0], network["communities"][0])
    notice = NoticePage.objects.descendant_of(network["sites"][0].home).get()
    notice.title = "社区义诊活动通知"
    notice.save_revision().publish()
    submission = submit_to_portal(notice, actor=editor, note="请门户转发")
    portal_editor = staff(network["city"], Role.CITY_ADMIN)
    portal_editor.groups.add(network["portal"].editors_group)
    return {"editor": editor, "portal_editor": portal_editor, "submission": submission, "notice": notice}


@pytest.mark.django_db
def test_approved_submission_appears_on_the_portal_with_its_source(network, client, submitted):
    submission = submitted["submission"]
    portal_notices = NoticeIndexPage.objects.child_of(network["portal"].home).get()
    assert "社区义诊活动通知" not in client.get(portal_notices.url, HTTP_HOST=PORTAL).content.decode()

    decide(submission, submitted["portal_editor"], "approve")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    html = client.get(portal_notices.url, HTTP_HOST=PORTAL).content.decode()
    assert "社区义诊活动通知" in html
    assert f'<span class="item__label">来源</span> {network["communities"][0].name}' in html
    message = OutboxMessage.objects.get(recipient_user=submitted["editor"])
    assert "社区义诊活动通知" in message.body
    actions = set(AuditEntry.objects.filter(object_id=str(submission.pk)).values_list("action", flat=True))
    assert {"exchange.submit", "exchange.submit.approved"} <= actions


@pytest.mark.django_db
def test_rejected_submission_never_reaches_the_portal(network, client, submitted):
    submission = submitted["submission"]
    decide(submission, submitted["portal_editor"], "reject")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert not submission.portal_page.live
    portal_notices = NoticeIndexPage.objects.child_of(network["portal"].home).get()
    assert "社区义诊活动通知" not in client.get(portal_notices.url, HTTP_HOST=PORTAL).content.decode()
    # The portal home aggregates the community's own notice, but never the rejected copy.
    assert submission.portal_page.slug not in client.get("/", HTTP_HOST=PORTAL).content.decode()
    assert OutboxMessage.objects.filter(recipient_user=submitted["editor"]).count() == 1
    assert AuditEntry.objects.filter(action="exchange.submit.rejected", object_id=str(submission.pk)).exists()


@pytest.mark.django_db
def test_bad_submissions_are_refused_and_create_nothing(network, submitted):
    editor = submitted["editor"]
    with pytest.raises(ValidationError) as refused:
        submit_to_portal(submitted["notice"], actor=editor)  # already waiting
    assert refused.value.error_list[0].code == "already_pending"
    other_site_notice = NoticePage.objects.descendant_of(network["sites"][1].home).get()
    with pytest.raises(ValidationError) as refused:
        submit_to_portal(other_site_notice, actor=editor)
    assert refused.value.error_list[0].code == "not_your_site"
    draft = submitted["notice"].get_parent().add_child(instance=NoticePage(title="草稿", live=False))
    with pytest.raises(ValidationError) as refused:
        submit_to_portal(draft, actor=editor)
    assert refused.value.error_list[0].code == "not_live"
    assert PortalSubmission.objects.count() == 1
