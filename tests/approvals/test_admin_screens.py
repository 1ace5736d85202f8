"""The admin screens: work queue with overdue flags and its export, the case page and its decision form,
public notice and objection forms, process definitions with inline steps, and the public progress page."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from services.approvals.models import ApprovalCase, ApprovalProcess, CaseStatus, DecisionAttachment
from services.approvals.services import decide, start_case, start_public_notice
from tests.approvals.conftest import BUSINESS_TYPE

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def case_url(case):
    return f"/admin/approvals/cases/{case.pk}/"


def test_the_work_queue_lists_cases_at_the_users_unit_with_overdue_flags(client, area, case):
    ApprovalCase.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    response = logged_in(client, area["heping_staff"]).get("/admin/approvals/queue/")
    assert response.status_code == 200
    content = response.content.decode()
    assert case.number in content and "approval-overdue-flag" in content
    response = logged_in(client, area["ankang_staff"]).get("/admin/approvals/queue/")
    assert case.number not in response.content.decode()


def test_the_work_queue_page_takes_a_fixed_number_of_queries(client, area, process, django_assert_max_num_queries):
    client = logged_in(client, area["heping_staff"])
    for index in range(3):
        start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["heping"], title=f"申请{index}", actor=None)
    client.get("/admin/approvals/queue/")
    with django_assert_max_num_queries(25) as few:
        client.get("/admin/approvals/queue/")
    for index in range(20):
        start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["heping"], title=f"更多{index}", actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/approvals/queue/")
    assert response.content.decode().count("/admin/approvals/cases/") >= 23


def test_the_work_queue_exports_to_excel(client, area, case):
    response = logged_in(client, area["heping_staff"]).get("/admin/approvals/queue/export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == case.number and rows[1][4] == "社区受理审核"


def test_a_decision_through_the_case_page_with_an_attachment(client, area, case):
    client = logged_in(client, area["heping_staff"])
    response = client.get(case_url(case))
    assert response.status_code == 200 and 'id="decision-form"' in response.content.decode()
    upload = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        case_url(case),
        {
            "action": "decide",
            "decision": "pass",
            "comment": "材料齐全",
            "step": case.current_step_id,
            "attachments": [upload],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step.kind == "public_notice"
    attachment = DecisionAttachment.objects.get()
    assert attachment.name == "收入证明.pdf"
    response = client.get(f"/admin/approvals/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    outsider = logged_in(client, area["binhe_staff"])
    assert outsider.get(f"/admin/approvals/attachments/{attachment.pk}/").status_code == 404


def test_a_stale_decision_form_is_refused_and_nothing_changes(client, area, case):
    client = logged_in(client, area["heping_staff"])
    old_step = case.current_step_id
    decide(case, actor=area["heping_staff"], decision="pass")
    response = client.post(case_url(case), {"action": "decide", "decision": "pass", "comment": "", "step": old_step})
    assert response.status_code == 200
    assert case.decisions.count() == 1


def test_a_decision_form_without_a_reason_shows_the_error(client, area, case):
    client = logged_in(client, area["heping_staff"])
    response = client.post(
        case_url(case), {"action": "decide", "decision": "reject", "comment": "", "step": case.current_step_id}
    )
    assert response.status_code == 200
    assert ApprovalCase.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS
    messages = [str(message) for message in response.context["messages"]]
    assert messages and messages[0]


def test_other_units_cannot_open_or_decide_the_case(client, area, case):
    for outsider in ("ankang_staff", "other_street_staff"):
        client = logged_in(client, area[outsider])
        assert client.get(case_url(case)).status_code == 404
        response = client.post(case_url(case), {"action": "decide", "decision": "pass", "step": case.current_step_id})
        assert response.status_code == 404
    # The street sees the case of its community but has no form while it waits at the community.
    response = logged_in(client, area["street_staff"]).get(case_url(case))
    assert response.status_code == 200 and 'id="decision-form"' not in response.content.decode()


def test_public_notice_and_objection_screens(client, area, case):
    client = logged_in(client, area["heping_staff"])
    decide(case, actor=area["heping_staff"], decision="pass")
    response = client.get(case_url(case))
    assert 'id="notice-form"' in response.content.decode()
    today = timezone.localdate()
    response = client.post(case_url(case), {"action": "notice", "starts_on": today.isoformat()})
    assert response.status_code == 302
    response = client.post(case_url(case), {"action": "objection", "objector": "居民", "text": "有收入未申报"})
    assert response.status_code == 302
    objection = case.notices.get().objections.get()
    response = client.get(case_url(case))
    assert "有收入未申报" in response.content.decode()
    response = client.post(
        case_url(case), {"action": "resolve", "objection": objection.pk, "resolution": "经核实不属实", "upheld": "no"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.is_resolved and objection.upheld is False


def test_processes_are_defined_with_inline_steps_and_checked(client, area):
    client = logged_in(client, area["city_admin"])
    assert client.get("/admin/approval_processes/new/").status_code == 200

    def post(final_level, levels):
        data = {
            "business_type": "eldercare.subsidy",
            "name": "居家养老补贴",
            "final_level": final_level,
            "description": "",
            "steps-TOTAL_FORMS": str(len(levels)),
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "1",
            "steps-MAX_NUM_FORMS": "1000",
        }
        for index, level in enumerate(levels):
            data.update(
                {
                    f"steps-{index}-name": f"第{index + 1}步",
                    f"steps-{index}-kind": "review",
                    f"steps-{index}-level": level,
                    f"steps-{index}-time_limit_days": "5",
                    f"steps-{index}-notice_days": "",
                    f"steps-{index}-ORDER": str(index + 1),
                    f"steps-{index}-DELETE": "",
                    f"steps-{index}-id": "",
                }
            )
        return client.post("/admin/approval_processes/new/", data)

    response = post("district", ["community", "street"])
    assert response.status_code == 200
    assert not ApprovalProcess.objects.filter(business_type="eldercare.subsidy").exists()
    response = post("street", ["community", "street"])
    assert response.status_code == 302
    process = ApprovalProcess.objects.get(business_type="eldercare.subsidy")
    assert [step.level for step in process.active_steps()] == ["community", "street"]


def test_community_staff_cannot_define_processes(client, area):
    response = logged_in(client, area["heping_staff"]).get("/admin/approval_processes/new/")
    assert response.status_code in (302, 403)


def test_public_progress_page_shows_steps_without_personal_data(client, area, case):
    cache.clear()
    decide(case, actor=area["heping_staff"], decision="pass", comment="张三材料齐全")
    start_public_notice(case, actor=area["heping_staff"], starts_on=timezone.localdate())
    response = client.get("/progress/", {"number": case.number})
    content = response.content.decode()
    assert response.status_code == 200
    assert case.number in content and "社区公示" in content and "progress-step--current" in content
    assert "张三" not in content and "heping" not in content
    assert "no-store" in response["Cache-Control"]
    response = client.get("/progress/", {"number": "SP19990101-000001"})
    assert "progress-missing" in response.content.decode()


@override_settings(PROGRESS_LOOKUPS_PER_HOUR=3)
def test_public_progress_lookups_are_rate_limited(client, area, case):
    cache.clear()
    for _ in range(3):
        assert client.get("/progress/", {"number": "SP19990101-000001"}).status_code == 200
    response = client.get("/progress/", {"number": case.number})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert case.number not in response.content.decode().replace(f'value="{case.number}"', "")
    cache.clear()


def test_the_city_enters_a_holiday_and_it_is_audited(client, area):
    from cms.audit.models import AuditEntry
    from services.approvals.models import WorkdayAdjustment

    client = logged_in(client, area["city_admin"])
    response = client.post("/admin/approval_workdays/new/", {"date": "2026-10-01", "is_workday": "", "name": "国庆节"})
    assert response.status_code == 302
    assert WorkdayAdjustment.objects.get().name == "国庆节"
    assert AuditEntry.objects.filter(action="approvals.workday.create", actor=area["city_admin"]).exists()
    assert logged_in(client, area["street_staff"]).get("/admin/approval_workdays/new/").status_code in (302, 403)


def test_the_case_page_takes_a_fixed_number_of_queries(client, area, case, django_assert_max_num_queries):
    client = logged_in(client, area["heping_staff"])
    decide(case, actor=area["heping_staff"], decision="return", comment="缺材料")
    client.get(case_url(case))
    with django_assert_max_num_queries(40) as few:
        assert client.get(case_url(case)).status_code == 200
    from services.approvals.services import resubmit

    for round_number in range(5):
        resubmit(case, actor=area["heping_staff"], comment=f"第{round_number}次补正")
        upload = SimpleUploadedFile(f"补正{round_number}.pdf", b"%PDF-1.4")
        decide(case, actor=area["heping_staff"], decision="return", comment="仍缺材料", attachments=[upload])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(case_url(case))
    assert response.content.decode().count("/admin/approvals/attachments/") == 5


def test_the_case_list_takes_a_fixed_number_of_queries(client, area, process, django_assert_max_num_queries):
    client = logged_in(client, area["street_staff"])
    for index in range(3):
        start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["ankang"], title=f"申请{index}", actor=None)
    client.get("/admin/approvals/cases/")
    with django_assert_max_num_queries(25) as few:
        client.get("/admin/approvals/cases/")
    for index in range(20):
        start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["heping"], title=f"更多{index}", actor=None)
    start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["binhe"], title="别的街道", actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/approvals/cases/")
    content = response.content.decode()
    assert content.count("/admin/approvals/cases/") - content.count("/admin/approvals/cases/export") >= 23
    assert "别的街道" not in content
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get("/admin/approvals/cases/export/?q=别的街道").content)
        ).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1  # the header only: another street's case is not in the street's scope


def test_a_step_with_cases_cannot_be_removed_from_the_process(client, area, process, case):
    client = logged_in(client, area["city_admin"])
    steps = list(process.steps.order_by("order"))
    data = {
        "business_type": process.business_type,
        "name": process.name,
        "final_level": process.final_level,
        "description": "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        data.update(
            {
                f"steps-{index}-id": str(step.pk),
                f"steps-{index}-name": step.name,
                f"steps-{index}-kind": step.kind,
                f"steps-{index}-level": step.level,
                f"steps-{index}-time_limit_days": step.time_limit_days or "",
                f"steps-{index}-notice_days": step.notice_days or "",
                f"steps-{index}-ORDER": str(index + 1),
                f"steps-{index}-DELETE": "on" if step.pk == case.current_step_id else "",
            }
        )
    response = client.post(f"/admin/approval_processes/edit/{process.pk}/", data)
    assert response.status_code == 200
    assert process.steps.count() == 5
    data["steps-0-DELETE"] = ""
    data["final_level"] = "street"
    response = client.post(f"/admin/approval_processes/edit/{process.pk}/", data)
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.final_level == "street"


def test_the_dashboard_counts_waiting_and_overdue_cases(client, area, process):
    from services.approvals.selectors import work_queue_counts

    first = start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["heping"], title="一", actor=None)
    start_case(business_type=BUSINESS_TYPE, subject=None, org_unit=area["heping"], title="二", actor=None)
    ApprovalCase.objects.filter(pk=first.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    assert work_queue_counts(area["heping_staff"]) == (2, 1)
    assert work_queue_counts(area["ankang_staff"]) == (0, 0)
    content = logged_in(client, area["heping_staff"]).get("/admin/").content.decode()
    assert "approval-queue-panel" in content and "approval-queue-overdue" in content
    assert "approval-queue-panel" not in logged_in(client, area["ankang_staff"]).get("/admin/").content.decode()
