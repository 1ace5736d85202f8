"""Excel import: every bad row reported with its reason, nothing saved before confirmation, then
exactly the good rows saved in one go with one audit entry."""

from django.urls import reverse

from cms.audit.models import AuditEntry
from services.datacenter.imports import ImportBatch, template_workbook
from services.datacenter.models import Household, Relation, Resident
from tests.datacenter_admin.conftest import add_resident, make_id_number, make_phone, workbook_upload

UPLOAD = reverse("datacenter:import")


def upload(client, area, rows, **kwargs):
    response = client.post(UPLOAD, {"community": area["first"].pk, "file": workbook_upload(rows, **kwargs)})
    assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
    return response["Location"]


def good_row(name, **overrides):
    return {"姓名": name, "身份证号": make_id_number(), "联系电话": make_phone(), "住址": "和平路8号", **overrides}


def mixed_rows(area):
    registered = make_id_number()
    add_resident(area["second"], "已登记", id_number=registered)
    duplicate = make_id_number()
    bad_check = make_id_number()
    bad_check = bad_check[:17] + ("0" if bad_check[17] != "0" else "1")
    rows = [
        good_row("户主甲", 与户主关系="户主", 文化程度="本科", 独居="否", 残疾等级="二级"),  # row 2
        good_row("配偶乙", 与户主关系="配偶", 身份证号=duplicate),  # row 3
        good_row("坏号码", 身份证号=bad_check),  # row 4: check character
        good_row("重复", 身份证号=duplicate),  # row 5: same as row 3
        good_row("已在别处", 身份证号=registered),  # row 6: registered in another community
        good_row("怪关系", 与户主关系="邻居"),  # row 7: unknown relation
        good_row("坏电话", 联系电话="12345"),  # row 8: bad phone
        good_row("", 住址="和平路9号"),  # row 9: no name
        good_row("子女丙", 与户主关系="儿子", 身份证号=make_id_number().lower()),  # row 10
    ]
    return rows


def test_validation_reports_every_bad_row_and_saves_nothing(clerk_client, area):
    location = upload(clerk_client, area, mixed_rows(area))
    response = clerk_client.get(location)
    body = response.content.decode()
    report = {(error.row, error.column) for error in response.context["errors"]}
    assert report == {
        (4, "身份证号"),
        (5, "身份证号"),
        (6, "身份证号"),
        (7, "与户主关系"),
        (8, "联系电话"),
        (9, "姓名"),
    }
    messages = {error.row: error.message for error in response.context["errors"]}
    assert "3" in messages[5]  # points at the earlier row of the file
    assert "滨河社区" not in messages[6] or "已登记" in messages[6]  # the service decides how much to say
    assert "邻居" in messages[7]
    batch = response.context["batch"]
    assert (batch.total_rows, batch.good_rows, batch.bad_rows) == (9, 3, 6)
    assert 'data-good-rows="3"' in body
    assert Resident.objects.count() == 1  # only the one registered elsewhere beforehand
    assert not Household.objects.exists()
    assert not AuditEntry.objects.filter(action="resident.import").exists()


def test_confirm_saves_exactly_the_good_rows_with_households_and_one_audit_entry(clerk_client, area):
    location = upload(clerk_client, area, mixed_rows(area))
    token = location.rstrip("/").split("/")[-1]
    response = clerk_client.post(reverse("datacenter:import_confirm", args=[token]))
    assert response.status_code == 302
    done = clerk_client.get(location)
    assert done.context["batch"].status == "done" and done.context["batch"].created == 3
    imported = Resident.objects.filter(org_unit=area["first"])
    assert sorted(imported.values_list("name", flat=True)) == ["子女丙", "户主甲", "配偶乙"]
    household = Household.objects.get(org_unit=area["first"], address="和平路8号")
    head = imported.get(name="户主甲")
    assert household.head == head and head.relation_to_head == Relation.HEAD
    assert head.education == "bachelor" and head.disability_grade == 2 and head.lives_alone is False
    assert imported.get(name="子女丙").relation_to_head == Relation.CHILD
    assert set(imported.values_list("household", flat=True)) == {household.pk}
    entry = AuditEntry.objects.get(action="resident.import")
    assert entry.detail["created"] == 3 and entry.detail["bad_rows"] == 6 and entry.actor.username == "clerk"
    assert not AuditEntry.objects.filter(action="resident.create", actor__username="clerk").exists()
    # Confirming twice does not import twice.
    clerk_client.post(reverse("datacenter:import_confirm", args=[token]))
    assert imported.count() == 3


def test_a_second_upload_of_the_same_rows_reports_them_as_registered(clerk_client, area):
    rows = [good_row("甲", 住址="和平路1号"), good_row("乙", 住址="和平路2号")]
    location = upload(clerk_client, area, rows)
    clerk_client.post(reverse("datacenter:import_confirm", args=[location.rstrip("/").split("/")[-1]]))
    assert Resident.objects.count() == 2
    again = clerk_client.get(upload(clerk_client, area, rows))
    assert again.context["batch"].good_rows == 0
    assert [(error.row, error.column) for error in again.context["errors"]] == [(2, "身份证号"), (3, "身份证号")]
    assert all("甲" in error.message or "乙" in error.message for error in again.context["errors"])
    assert Resident.objects.count() == 2


def test_a_file_that_is_not_xlsx_is_refused_clearly(clerk_client, area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, content in [("residents.csv", "姓名,身份证号\n张三,1".encode()), ("fake.xlsx", b"not a zip file")]:
        response = clerk_client.post(UPLOAD, {"community": area["first"].pk, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert ".xlsx" in " ".join(response.context["form"].errors["file"])
    assert not Resident.objects.exists()


def test_a_workbook_without_the_required_columns_fails_with_the_reason(clerk_client, area):
    location = upload(clerk_client, area, [{"姓名": "张三"}], headers=["姓名", "电话号码"])
    response = clerk_client.get(location)
    assert response.context["batch"].status == "failed"
    assert "身份证号" in response.context["batch"].message


def test_only_visible_communities_can_be_chosen(clerk_client, area):
    response = clerk_client.post(UPLOAD, {"community": area["second"].pk, "file": workbook_upload([good_row("甲")])})
    assert response.status_code == 200 and response.context["form"].errors["community"]


def test_another_users_upload_does_not_exist_for_them(clerk_client, area, client, other_clerk):
    location = upload(clerk_client, area, [good_row("甲")])
    client.force_login(other_clerk)
    assert client.get(location).status_code == 404
    token = location.rstrip("/").split("/")[-1]
    assert client.post(reverse("datacenter:import_confirm", args=[token])).status_code == 404
    assert client.get(reverse("datacenter:import_progress", args=[token])).status_code == 404
    assert clerk_client.get(reverse("datacenter:import_batch", args=["not-a-token"])).status_code == 404


def test_progress_endpoint_reports_the_state(clerk_client, area):
    location = upload(clerk_client, area, [good_row("甲")])
    token = location.rstrip("/").split("/")[-1]
    state = clerk_client.get(reverse("datacenter:import_progress", args=[token])).json()
    assert state == {"status": "validated", "working": False, "processed": 1, "percent": 100}
    batch = ImportBatch.load(token)
    batch.update(status="saving", processed_rows=0)
    assert clerk_client.get(reverse("datacenter:import_progress", args=[token])).json()["working"] is True
    assert "<progress" in clerk_client.get(location).content.decode()


def test_template_has_the_chinese_headers(clerk_client):
    import io

    import openpyxl

    response = clerk_client.get(reverse("datacenter:import_template"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["姓名", "身份证号", "联系电话", "住址"] and "低收入" in headers
    assert template_workbook()[:2] == b"PK"
