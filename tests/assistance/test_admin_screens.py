"""The assistance screens in the Wagtail admin: scoped lists with bounded queries, Excel exports, the
application form, case actions, 调标 preview then commit, payroll and bank files, fund statistics."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from services.assistance.models import (
    AssistanceCase,
    BenefitPeriod,
    CaseStatus,
    ComplianceFinding,
    PayrollRun,
    ReviewTask,
    Standard,
)
from services.assistance.payroll import confirm_payroll, generate_payroll
from services.assistance.programmes import DIBAO_DOCUMENTS, Programme
from services.assistance.services import schedule_reviews
from services.datacenter.services import record_death
from tests.assistance.conftest import make_household
from tests.assistance.test_case_life import active_case

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def workbook_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_case_list_is_scoped_and_its_queries_do_not_grow(client, area, standards, django_assert_max_num_queries):
    for _ in range(3):
        active_case(area)
    active_case(area, community="binhe")
    client_for(client, area["heping_staff"])
    with django_assert_max_num_queries(30):
        response = client.get(reverse("assistance:cases"))
    assert response.status_code == 200
    assert response.content.decode().count("/admin/assistance/cases/") >= 3
    for _ in range(10):
        active_case(area)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("assistance:cases"))
    numbers = set(AssistanceCase.objects.filter(org_unit=area["binhe"]).values_list("number", flat=True))
    assert not any(number in response.content.decode() for number in numbers)


def test_case_list_exports_what_the_filters_select(client, area, standards):
    active_case(area)
    active_case(area, community="binhe")
    client_for(client, area["street_staff"])
    response = client.get(reverse("assistance:case_export"), {"community": area["binhe"].pk})
    rows = workbook_rows(response)
    assert len(rows) == 2 and rows[1][3] == "滨河社区"


def test_case_page_of_another_community_does_not_exist(client, area, standards):
    case, _ = active_case(area)
    client_for(client, area["binhe_staff"])
    assert client.get(reverse("assistance:case", args=[case.pk])).status_code == 404
    client_for(client, area["heping_staff"])
    response = client.get(reverse("assistance:case", args=[case.pk]))
    assert response.status_code == 200 and case.number in response.content.decode()


def test_application_form_records_a_case_and_bad_input_changes_nothing(client, area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    client_for(client, area["heping_staff"])
    url = reverse("assistance:apply") + f"?household={household.pk}"
    assert client.get(url).status_code == 200
    data = {
        "programme": Programme.URBAN_DIBAO, "applicant": people[0].pk, "housing": "owned",
        f"covered_{people[0].pk}": "on", f"covered_{people[1].pk}": "on",
        f"income_kind_{people[0].pk}": "wages", f"income_{people[0].pk}": "-300",
        f"income_kind_{people[1].pk}": "pension", f"income_{people[1].pk}": "0",
        "bank_name": "江城农商银行", "bank_account": "6228480012345678",
        **{f"document_{kind.value}": "on" for kind in DIBAO_DOCUMENTS},
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and not AssistanceCase.objects.exists()
    data[f"income_{people[0].pk}"] = "600"
    response = client.post(url, data)
    case = AssistanceCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("assistance:case", args=[case.pk])
    assert case.monthly_amount == Decimal("1400.00")  # (1000 - 300) x 2
    assert case.documents.count() == len(DIBAO_DOCUMENTS)


def test_household_of_another_area_cannot_be_opened_for_an_application(client, area, standards):
    household, _people = make_household(area["binhe"])
    client_for(client, area["heping_staff"])
    assert refused(client.get(reverse("assistance:apply") + f"?household={household.pk}"))


def test_case_actions_through_the_screens(client, area, standards):
    case, people = active_case(area)
    client_for(client, area["heping_staff"])
    url = reverse("assistance:case_action", args=[case.pk, "suspend"])
    response = client.post(url, {"on": "2026-04-01", "reason": ""})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    client.post(url, {"on": "2026-04-01", "reason": "外出未归"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED
    client.post(reverse("assistance:case_action", args=[case.pk, "resume"]), {"on": "2026-05-01"})
    response = client.post(
        reverse("assistance:case_change", args=[case.pk]),
        {
            "effective_from": "2026-06-01",
            f"covered_{people[0].pk}": "on", f"income_{people[0].pk}": "300",
            f"covered_{people[1].pk}": "on", f"income_{people[1].pk}": "0",
            f"income_{people[2].pk}": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.covered_count, case.monthly_amount) == (CaseStatus.ACTIVE, 2, Decimal("1800.00"))
    client_for(client, area["binhe_staff"])
    assert client.post(url, {"on": "2026-07-01", "reason": "x"}).status_code == 404


def test_standard_adjustment_preview_then_commit(client, area, standards):
    case, _ = active_case(area)
    client_for(client, area["city_admin"])
    data = {
        "programme": Programme.URBAN_DIBAO, "org_unit": area["city"].pk, "effective_from": "2026-07-01",
        "amount": "1200", "minimum_benefit": "150",
    }  # fmt: skip
    response = client.post(reverse("assistance:standard_adjust"), data)
    assert response.status_code == 200
    assert "2100.00" in response.content.decode() and case.number in response.content.decode()
    assert not Standard.objects.filter(effective_from=datetime.date(2026, 7, 1)).exists()
    response = client.post(reverse("assistance:standard_adjust"), {**data, "confirm": "1"})
    assert response.status_code == 302
    assert BenefitPeriod.objects.filter(case=case, adjustment__isnull=False).get().monthly_amount == Decimal("2100.00")
    response = client.post(reverse("assistance:standard_adjust"), {**data, "amount": "-1"})
    assert (
        response.status_code == 200 and Standard.objects.filter(effective_from=datetime.date(2026, 7, 1)).count() == 1
    )
    client_for(client, area["heping_staff"])
    assert refused(client.get(reverse("assistance:standard_adjust")))
    assert client.get(reverse("assistance:standards")).status_code == 200


def test_payroll_screens_generate_confirm_and_export(client, area, standards, django_assert_max_num_queries):
    for _ in range(3):
        active_case(area)
    client_for(client, area["district_staff"])
    response = client.post(
        reverse("assistance:payrolls"),
        {"programme": Programme.URBAN_DIBAO, "org_unit": area["district"].pk, "month": "2026-03"},
    )
    run = PayrollRun.objects.get()
    assert response.status_code == 302 and run.line_count == 3 and run.total == Decimal("4500.00")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("assistance:payroll", args=[run.pk])).status_code == 200
    rows = workbook_rows(client.get(reverse("assistance:payroll_export", args=[run.pk, "xlsx"])))
    assert len(rows) == 4 and sum(Decimal(str(row[8])) for row in rows[1:]) == run.total
    assert "*" in rows[1][4]  # masked ID numbers in the plain export
    bank = client.get(reverse("assistance:payroll_export", args=[run.pk, "bank-csv"]))
    assert bank.status_code == 302  # not confirmed yet
    client.post(reverse("assistance:payroll_action", args=[run.pk, "confirm"]))
    bank = client.get(reverse("assistance:payroll_export", args=[run.pk, "bank-csv"]))
    assert bank.status_code == 200 and "6228480012345678" in bank.content.decode("utf-8-sig")
    rows = workbook_rows(client.get(reverse("assistance:payroll_export", args=[run.pk, "bank-xlsx"])))
    assert rows[1][6] == "6228480012345678"
    client_for(client, area["heping_staff"])
    assert refused(client.get(reverse("assistance:payroll_export", args=[run.pk, "bank-csv"])))


def test_fund_statistics_page_and_export(client, area, standards):
    active_case(area)
    active_case(area, community="binhe")
    run = generate_payroll(programme=Programme.URBAN_DIBAO, org_unit=area["street"], month=datetime.date(2026, 3, 1))
    confirm_payroll(run, actor=area["street_staff"])
    client_for(client, area["street_staff"])
    response = client.get(reverse("assistance:statistics"), {"unit": area["street"].pk, "year": 2026})
    assert response.status_code == 200 and "3000.00" in response.content.decode()
    rows = workbook_rows(client.get(reverse("assistance:statistics_export"), {"unit": area["street"].pk, "year": 2026}))
    assert [row[0] for row in rows[1:]] == ["和平里社区", "滨河社区"]
    # a unit outside the user's area falls back to their own
    response = client.get(reverse("assistance:statistics"), {"unit": area["other_district"].pk, "year": 2026})
    assert "西湖区" not in response.content.decode().split("<table")[1]


def test_reviews_and_findings_screens(client, area, standards, django_assert_max_num_queries):
    case, people = active_case(area, irregular_income=True)
    schedule_reviews(datetime.date(2026, 8, 20))
    record_death(people[2], on=datetime.date(2026, 4, 3))
    from services.assistance.compliance import run_compliance_checks

    run_compliance_checks()
    client_for(client, area["heping_staff"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("assistance:reviews"), {"overdue": "1"})
    assert case.number in response.content.decode()
    task = ReviewTask.objects.get()
    client.post(reverse("assistance:review_complete", args=[task.pk]), {"outcome": "情况无变化"})
    task.refresh_from_db()
    assert task.status == "done"
    with django_assert_max_num_queries(25):
        response = client.get(reverse("assistance:findings"))
    assert case.number in response.content.decode()
    rows = workbook_rows(client.get(reverse("assistance:finding_export")))
    assert len(rows) == 2
    finding = ComplianceFinding.objects.get()
    client.post(reverse("assistance:finding_resolve", args=[finding.pk]), {"resolution": ""})
    finding.refresh_from_db()
    assert finding.resolved_at is None
    client.post(reverse("assistance:finding_resolve", args=[finding.pk]), {"resolution": "已停保该成员"})
    finding.refresh_from_db()
    assert finding.resolved_at is not None
    client_for(client, area["binhe_staff"])
    assert client.get(reverse("assistance:findings")).content.decode().count(case.number) == 0


def test_editors_and_strangers_see_no_assistance_screens(client, area, standards):
    from cms.accounts.models import Role
    from tests.factories import staff

    editor = staff(area["heping"], Role.COMMUNITY_EDITOR)
    client_for(client, editor)
    for name in ("assistance:cases", "assistance:payrolls", "assistance:findings", "assistance:statistics"):
        assert refused(client.get(reverse(name)))


def test_case_page_queries_do_not_grow_with_its_history(client, area, standards, django_assert_max_num_queries):
    from services.assistance.services import change_case
    from tests.assistance.test_case_life import members

    case, people = active_case(area)
    client_for(client, area["heping_staff"])
    with django_assert_max_num_queries(40) as first:
        client.get(reverse("assistance:case", args=[case.pk]))
    for month in range(3, 12):
        change_case(
            case, actor=area["heping_staff"], effective_from=datetime.date(2026, month, 1),
            members=members(people, [100 * month, 0, 0]),
        )  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("assistance:case", args=[case.pk]))
    assert response.status_code == 200


def test_filing_a_staff_relative_through_the_screen(client, area, standards):
    from services.assistance.models import StaffRelative

    _household, people = make_household(area["heping"], people=[("王芳", None)])
    _other, strangers = make_household(area["beishan"], people=[("赵六", None)])
    client_for(client, area["street_staff"])
    url = reverse("assistance:staff_relatives")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"staff": area["heping_staff"].pk, "id_number": strangers[0].id_number, "relation": "母亲"}
    )
    assert response.status_code == 200 and not StaffRelative.objects.exists()  # not a resident of the street
    response = client.post(url, {"staff": area["heping_staff"].pk, "id_number": "123", "relation": "母亲"})
    assert response.status_code == 200 and not StaffRelative.objects.exists()
    response = client.post(
        url, {"staff": area["heping_staff"].pk, "id_number": people[0].id_number, "relation": "母亲"}
    )
    assert response.status_code == 302
    assert StaffRelative.objects.get().resident == people[0]
    client_for(client, area["heping_staff"])
    assert refused(client.get(url))  # communities do not file


def test_review_export(client, area, standards):
    case, _ = active_case(area, irregular_income=True)
    schedule_reviews(datetime.date(2026, 8, 20))
    client_for(client, area["heping_staff"])
    rows = workbook_rows(client.get(reverse("assistance:review_export")))
    assert len(rows) == 2 and rows[1][1] == case.number
