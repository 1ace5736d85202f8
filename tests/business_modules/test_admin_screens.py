"""The admin screens of business modules: defining a module, records through the dynamic form, the list
with its columns and filters, the .xlsx export and the statistics page, all scoped."""

import io

import openpyxl
import pytest

from cms.accounts.models import Role
from services.business_modules.models import BusinessModule, ModuleField, ModuleRecord, ModuleStatistic
from services.business_modules.services import add_statistic, set_field_retired, update_field
from tests.business_modules.conftest import add_visit, grant
from tests.factories import staff


def refused(response):
    """Wagtail turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def logged_in(client, user):
    client.force_login(user)
    return client


def sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_a_module_is_defined_in_the_admin_and_usable_at_once(client, area, people):
    client = logged_in(client, people["street"])
    response = client.post(
        "/admin/business-modules/new/", {"name": "高龄补贴", "description": "", "org_unit": area["street"].pk}
    )
    module = BusinessModule.objects.get(name="高龄补贴")
    assert response.status_code == 302 and response["Location"].endswith(f"/{module.pk}/define/")
    base = f"/admin/business-modules/{module.pk}"
    response = client.post(
        f"{base}/fields/new/",
        {"label": "姓名", "kind": "text", "key": "", "required": "on", "show_in_list": "on", "is_filter": "on"},
    )
    assert response.status_code == 302
    client.post(f"{base}/fields/new/", {"label": "月补贴", "kind": "number", "key": "monthly", "min_value": "0"})
    client.post(
        f"{base}/fields/new/",
        {
            "label": "等级",
            "kind": "choice",
            "key": "grade",
            "choices": "80-89岁\n90-99岁\n100岁以上",
            "show_in_list": "on",
        },
    )
    assert [(f.key, f.kind) for f in module.fields.all()] == [
        ("f1", "text"),
        ("monthly", "number"),
        ("grade", "choice"),
    ]
    assert module.fields.get(key="grade").choices == ["80-89岁", "90-99岁", "100岁以上"]
    response = client.post(
        f"{base}/statistics/new/",
        {"label": "补贴合计", "aggregate": "sum", "value_field": module.fields.get(key="monthly").pk,
         "group_by": "field", "group_field": module.fields.get(key="grade").pk},
    )  # fmt: skip
    assert response.status_code == 302 and ModuleStatistic.objects.filter(module=module).count() == 1

    # the community uses it straight away
    clerk = logged_in(client, people["heping"])
    response = clerk.post(
        f"{base}/new/", {"org_unit": area["heping"].pk, "f1": "钱老伯", "monthly": "200", "grade": "90-99岁"}
    )
    assert response.status_code == 302, response.context["form"].errors
    record = ModuleRecord.objects.get(module=module)
    assert record.data == {"f1": "钱老伯", "monthly": 200, "grade": "90-99岁"}
    body = clerk.get(f"{base}/").content.decode()
    assert "钱老伯" in body and "90-99岁" in body
    body = clerk.get(f"{base}/statistics/").content.decode()
    assert "补贴合计" in body and "business-module-chart" not in body  # one group only: a table, no chart
    assert ">200<" in body


@pytest.mark.django_db
def test_field_definition_rejects_bad_rules_in_the_admin(client, module, people):
    client = logged_in(client, people["street"])
    response = client.post(
        f"/admin/business-modules/{module.pk}/fields/new/", {"label": "编号", "kind": "text", "pattern": "([0-9"}
    )
    assert response.status_code == 200 and "pattern" in response.context["form"].errors
    assert not module.fields.filter(label="编号").exists()


@pytest.mark.django_db
def test_renaming_reordering_and_retiring_fields_in_the_admin(client, module, visits, people):
    client = logged_in(client, people["street"])
    base = f"/admin/business-modules/{module.pk}"
    age = module.fields.get(key="age")
    response = client.post(
        f"{base}/fields/{age.pk}/",
        {"label": "年龄（周岁）", "min_value": "0", "max_value": "150", "show_in_list": "on", "is_filter": "on"},
    )
    assert response.status_code == 302
    client.post(f"{base}/fields/{age.pk}/up/")
    assert [f.key for f in module.fields.order_by("position")][:3] == ["name", "age", "phone"]
    client.post(f"{base}/fields/{module.fields.get(key='category').pk}/retire/")
    assert module.fields.get(key="category").retired
    assert ModuleRecord.objects.get(pk=visits[0].pk).data["category"] == "低保"
    response = client.get(f"{base}/")
    assert [field.label for field in response.context["columns"]] == ["姓名", "年龄（周岁）", "走访日期"]
    assert "category" not in response.context["filter_form"].fields  # retired: no column, no filter
    assert ">70<" in response.content.decode()
    definition = client.get(f"{base}/define/").content.decode()
    assert "类别" in definition  # still listed on the definition screen, to bring back


@pytest.mark.django_db
def test_a_record_is_created_and_edited_through_the_dynamic_form(client, module, area, people):
    client = logged_in(client, people["heping"])
    base = f"/admin/business-modules/{module.pk}"
    form_page = client.get(f"{base}/new/").content.decode()
    assert 'name="visited_on"' in form_page and 'type="date"' in form_page and 'name="needs"' in form_page
    response = client.post(
        f"{base}/new/",
        {"org_unit": area["heping"].pk, "name": "吴刚", "age": "66", "category": "特困", "needs": ["医疗", "就业"],
         "lives_alone": "true", "visited_on": "2024-07-01", "phone": "13900139000"},
    )  # fmt: skip
    assert response.status_code == 302
    record = ModuleRecord.objects.get()
    assert record.data["needs"] == ["医疗", "就业"] and record.data["lives_alone"] is True
    response = client.post(
        f"{base}/{record.pk}/",
        {"org_unit": area["heping"].pk, "name": "吴刚", "age": "67", "category": "特困", "lives_alone": "false"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.data["age"] == 67 and record.data["lives_alone"] is False and "needs" not in record.data


@pytest.mark.django_db
def test_bad_input_in_the_admin_form_shows_errors_and_saves_nothing(client, module, area, people):
    client = logged_in(client, people["heping"])
    response = client.post(
        f"/admin/business-modules/{module.pk}/new/",
        {"org_unit": area["heping"].pk, "name": "吴刚", "age": "二十", "category": "低保", "phone": "110",
         "visited_on": "2019-05-05"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"age", "phone", "visited_on"}
    assert errors["phone"] == ["请输入11位手机号码"]
    assert not ModuleRecord.objects.exists()
    response = client.post(  # a unit outside the clerk's community
        f"/admin/business-modules/{module.pk}/new/", {"org_unit": area["ankang"].pk, "name": "吴刚", "category": "低保"}
    )
    assert "org_unit" in response.context["form"].errors and not ModuleRecord.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_the_chosen_columns_and_applies_the_filter_form(client, module, visits, people):
    client = logged_in(client, people["street"])
    response = client.get(f"/admin/business-modules/{module.pk}/")
    headers = [field.label for field in response.context["columns"]]
    assert headers == ["姓名", "年龄", "走访日期", "类别"]
    assert len(response.context["rows"]) == 5
    filter_names = set(response.context["filter_form"].fields)
    assert {
        "q",
        "org_unit",
        "name",
        "age__min",
        "age__max",
        "visited_on__min",
        "visited_on__max",
        "category",
        "needs",
        "lives_alone",
    } == (filter_names)
    response = client.get(f"/admin/business-modules/{module.pk}/", {"category": "低保", "age__min": "50"})
    assert sorted(values[0] for _record, values in response.context["rows"]) == ["王芳", "赵敏"]
    response = client.get(f"/admin/business-modules/{module.pk}/", {"age__min": "not a number"})
    assert len(response.context["rows"]) == 5  # an unreadable filter is ignored, not an error page


@pytest.mark.django_db
def test_export_has_the_filtered_records_and_every_active_field(client, module, visits, people):
    update_field(module.fields.get(key="amount"), label="补助（元）", min_value=0, actor=people["street"])
    set_field_retired(module.fields.get(key="phone"), True, actor=people["street"])
    client = logged_in(client, people["street"])
    rows = sheet_rows(client.get(f"/admin/business-modules/{module.pk}/export/", {"category": "低保"}))
    header = rows[0]
    assert header[:9] == [
        "Org unit",
        "姓名",
        "年龄",
        "补助（元）",
        "走访日期",
        "类别",
        "需求",
        "独居",
        "Created at",
    ] or (header[1:8] == ["姓名", "年龄", "补助（元）", "走访日期", "类别", "需求", "独居"])
    assert "电话" not in header
    body = sorted(rows[1:], key=lambda row: row[1])
    assert [row[1] for row in body] == ["周丽", "王芳", "赵敏"]
    wang = body[1]
    assert wang[0] == "和平里社区" and wang[2] == 70 and wang[3] == 100 and wang[4] == "2024-03-01"
    assert wang[6] == "医疗、住房" and wang[7] in ("Yes", "是")


@pytest.mark.django_db
def test_statistics_page_shows_tables_and_a_bar_chart(client, module, visits, people):
    add_statistic(
        module, label="各类别人数", aggregate="count", value_field=None, group_by="field",
        group_field=module.fields.get(key="category"), actor=people["street"],
    )  # fmt: skip
    client = logged_in(client, people["street"])
    response = client.get(f"/admin/business-modules/{module.pk}/statistics/")
    body = response.content.decode()
    assert response.context["tables"][0]["rows"] == [("低保", 3), ("特困", 1), ("残疾", 1)]
    assert "business-module-chart" in body and body.count("<rect") == 3
    assert response.context["tables"][0]["bars"][0]["percent"] == 100.0


@pytest.mark.django_db
def test_community_staff_never_see_another_communitys_records(client, module, visits, area, people):
    add_statistic(
        module, label="合计", aggregate="sum", value_field=module.fields.get(key="amount"), group_by="org_unit",
        group_field=None, actor=people["street"],
    )  # fmt: skip
    client = logged_in(client, people["heping"])
    base = f"/admin/business-modules/{module.pk}"
    body = client.get(f"{base}/").content.decode()
    assert "王芳" in body and "孙伟" not in body and "周丽" not in body
    body = client.get(f"{base}/", {"org_unit": area["ankang"].pk, "category": "低保"}).content.decode()
    assert "周丽" not in body
    names = [row[1] for row in sheet_rows(client.get(f"{base}/export/"))[1:]]
    assert sorted(names) == ["李强", "王芳", "赵敏"]
    response = client.get(f"{base}/statistics/")
    assert response.context["tables"][0]["rows"] == [("和平里社区", 600)]
    assert client.get(f"{base}/{visits[3].pk}/").status_code == 404
    assert client.post(f"{base}/{visits[3].pk}/delete/").status_code == 404
    assert ModuleRecord.objects.filter(pk=visits[3].pk).exists()


@pytest.mark.django_db
def test_a_module_of_another_street_does_not_exist_for_its_staff(client, module, visits, people):
    client = logged_in(client, people["binhe"])
    assert client.get(f"/admin/business-modules/{module.pk}/").status_code == 404
    assert "困难群众走访" not in client.get("/admin/business-modules/").content.decode()


@pytest.mark.django_db
def test_only_definers_reach_the_definition_screens(client, module, area, people):
    clerk = logged_in(client, people["heping"])
    assert refused(clerk.get(f"/admin/business-modules/{module.pk}/define/"))
    assert refused(clerk.get("/admin/business-modules/new/"))
    assert refused(clerk.post(f"/admin/business-modules/{module.pk}/fields/{module.fields.first().pk}/retire/"))
    assert not ModuleField.objects.filter(retired=True).exists()


@pytest.mark.django_db
def test_staff_without_business_module_permissions_see_no_menu_and_no_screens(client, module, area):
    plain = staff(area["heping"], Role.COMMUNITY_EDITOR, username="plain_clerk")  # a role without module rights
    client = logged_in(client, plain)
    assert refused(client.get("/admin/business-modules/"))
    assert refused(client.get(f"/admin/business-modules/{module.pk}/"))
    assert "/admin/business-modules/" not in client.get("/admin/").content.decode()
    viewer = grant(plain, "view_modulerecord")
    client.force_login(viewer)
    assert client.get(f"/admin/business-modules/{module.pk}/").status_code == 200
    assert refused(client.get(f"/admin/business-modules/{module.pk}/new/"))


def _list_queries(client, module, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(f"/admin/business-modules/{module.pk}/", {"category": "低保"})
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_record_list_query_count_does_not_grow_with_records(
    client, module, visits, area, people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in(client, people["street"])
    client.get(f"/admin/business-modules/{module.pk}/")  # warm per-process caches (content types, menu)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/admin/business-modules/{module.pk}/", {"category": "低保"})
    for index in range(60):
        add_visit(module, area["heping" if index % 2 else "ankang"], people["street"], name=f"居民{index}", age=index)
    response = _list_queries(client, module, django_assert_max_num_queries, len(few.captured_queries))
    assert len(response.context["rows"]) == 50
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/admin/business-modules/{module.pk}/export/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/admin/business-modules/{module.pk}/statistics/")
