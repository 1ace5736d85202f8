"""Excel export: masked for everyone and audited; full numbers only with the permission, audited too."""

import io

import openpyxl
from django.urls import reverse

from cms.audit.models import AuditEntry
from tests.datacenter_admin.conftest import add_resident, assert_refused, make_id_number, make_phone

EXPORT = reverse("datacenter:resident_export")
FULL_EXPORT = reverse("datacenter:resident_export_full")


def sheet_rows(response):
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_is_masked_scoped_filtered_and_audited(clerk_client, area):
    number, phone = make_id_number(), make_phone()
    mine = add_resident(area["first"], "本社区人", id_number=number, phone=phone, is_low_income=True)
    add_resident(area["first"], "不低收入")
    add_resident(area["second"], "外社区人")
    rows = sheet_rows(clerk_client.get(EXPORT, {"special_group": "low_income"}))
    flat = [str(value) for row in rows for value in row]
    assert rows[0][:3] == ["社区", "姓名", "身份证号"]
    assert [row[1] for row in rows[1:]] == ["本社区人"]
    assert mine.id_number_masked in flat and mine.phone_masked in flat
    assert number not in flat and phone not in flat
    entry = AuditEntry.objects.get(action="resident.export")
    assert entry.detail["rows"] == 1 and entry.detail["filters"] == {"special_group": "low_income"}


def test_full_export_is_refused_without_the_permission(clerk_client, area):
    add_resident(area["first"], "本社区人")
    assert_refused(clerk_client.get(FULL_EXPORT))
    assert not AuditEntry.objects.filter(action="resident.export_full", success=True).exists()
    assert (
        reverse("datacenter:resident_export_full")
        not in clerk_client.get(reverse("datacenter:residents")).content.decode()
    )


def test_full_export_with_the_permission_has_full_numbers_and_is_audited(client, officer, area):
    number = make_id_number()
    add_resident(area["first"], "本社区人", id_number=number)
    client.force_login(officer)
    rows = sheet_rows(client.get(FULL_EXPORT, {"q": "本社区"}))
    assert rows[1][2] == number
    entry = AuditEntry.objects.get(action="resident.export_full")
    assert entry.actor == officer and entry.detail["rows"] == 1 and entry.detail["filters"] == {"q": "本社区"}
