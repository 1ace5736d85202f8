"""Batch file exchange: a partner's flag file is checked row by row, bad rows change nothing, and the
export holds only the partner's scope with masked numbers."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from services.datacenter.idnumbers import id_check_character
from services.datacenter.services import register_resident
from services.exchange.models import Operation
from services.exchange.services import create_partner, export_residents, import_flag_file


def id_number(sequence):
    first_17 = "330102" + "19750505" + sequence
    return first_17 + id_check_character(first_17)


@pytest.fixture
def people(network):
    first, second = network["communities"]
    mine = [register_resident(org_unit=first, id_number=id_number(f"{n:03d}"), name=f"居民{n}") for n in (1, 2)]
    other = register_resident(org_unit=second, id_number=id_number("003"), name="外社区居民")
    partner = create_partner(
        name="银行", org_unit=first, operations=[Operation.READ_RESIDENTS, Operation.WRITE_RESIDENT_FLAGS]
    )
    return {"mine": mine, "other": other, "partner": partner}


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.django_db
def test_flag_import_reports_bad_rows_and_saves_only_good_ones(people):
    first, second = people["mine"]
    upload = xlsx([
        ["resident_id", "is_low_income", "disability_grade"],
        [first.pk, "是", 2],
        [second.pk, "perhaps", None],  # bad value
        [people["other"].pk, True, None],  # outside the partner's scope
        [999999, True, None],  # unknown
    ])  # fmt: skip

    report = import_flag_file(people["partner"], upload, "flags.xlsx")

    assert report.rows == 4 and report.saved == 1
    assert [number for number, _errors in report.errors] == [3, 4, 5]
    assert "is_low_income" in report.errors[0][1] and "resident_id" in report.errors[1][1]
    for resident in (first, second, people["other"]):
        resident.refresh_from_db()
    assert first.is_low_income is True and first.disability_grade == 2
    assert second.is_low_income is False and people["other"].is_low_income is False


@pytest.mark.django_db
def test_flag_import_dry_run_and_csv_save_nothing(people):
    first = people["mine"][0]
    upload = io.BytesIO(f"resident_id,is_veteran\n{first.pk},true\n".encode("utf-8-sig"))

    report = import_flag_file(people["partner"], upload, "flags.csv", commit=False)

    assert report.ok and report.saved == 0
    first.refresh_from_db()
    assert first.is_veteran is False


@pytest.mark.django_db
def test_export_holds_only_the_partners_scope_masked(people):
    content = export_residents(people["partner"], file_format="xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"居民1", "居民2"}
    assert all("*" in row[2] for row in rows[1:])

    text = export_residents(people["partner"], file_format="csv").decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 3


@pytest.mark.django_db
def test_command_imports_and_exports_files(people, tmp_path):
    first = people["mine"][0]
    source = tmp_path / "flags.csv"
    source.write_text(f"resident_id,lives_alone\n{first.pk},1\nabc,1\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("exchange_files", "import", str(source), partner="银行", stdout=out, stderr=err)

    assert "row 3: resident_id" in err.getvalue()
    first.refresh_from_db()
    assert first.lives_alone is True
    target = tmp_path / "residents.xlsx"
    call_command("exchange_files", "export", str(target), partner=str(people["partner"].pk), stdout=out)
    assert target.stat().st_size > 0


# ---------------------------------------------------------------- the same files over the API
def api_token(partner):
    from services.exchange.services import issue_token

    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(partner)[1]}"}


@pytest.mark.django_db
def test_a_partner_uploads_a_flag_file_over_the_api_and_gets_the_row_report(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    first, second = people["mine"]
    content = xlsx([["resident_id", "is_low_income"], [first.pk, "是"], [people["other"].pk, "是"]]).getvalue()
    headers = api_token(people["partner"])

    checked = client.post(
        "/api/exchange/v1/files/resident-flags?dry_run=true",
        {"file": SimpleUploadedFile("flags.xlsx", content)},
        **headers,
    )
    assert checked.status_code == 200
    report = checked.json()
    assert (report["rows"], report["saved"], report["dry_run"]) == (2, 0, True)
    assert [(error["row"], list(error["fields"])) for error in report["errors"]] == [(3, ["resident_id"])]
    first.refresh_from_db()
    assert first.is_low_income is False  # a dry run saves nothing

    saved = client.post(
        "/api/exchange/v1/files/resident-flags", {"file": SimpleUploadedFile("flags.xlsx", content)}, **headers
    )
    assert saved.status_code == 200 and saved.json()["saved"] == 1 and saved.json()["dry_run"] is False
    first.refresh_from_db()
    people["other"].refresh_from_db()
    assert first.is_low_income is True and people["other"].is_low_income is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload, field",
    [
        (None, "file"),
        (("flags.pdf", b"%PDF-1.4"), "file"),
        (("flags.xlsx", b"not a workbook"), "file"),
        (("flags.csv", b"name,is_low_income\n"), "file"),  # no resident_id column
    ],
)
def test_a_bad_flag_file_over_the_api_is_refused_with_the_field_named(client, people, upload, field):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(*upload)} if upload else {}
    response = client.post("/api/exchange/v1/files/resident-flags", data, **api_token(people["partner"]))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid" and field in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_partner_downloads_its_residents_as_xlsx_or_csv_masked(client, people):
    headers = api_token(people["partner"])
    workbook = client.get("/api/exchange/v1/files/residents.xlsx", **headers)
    assert workbook.status_code == 200 and "no-store" in workbook["Cache-Control"]
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    names = {row[1] for row in rows[1:]}
    assert names == {"居民1", "居民2"}
    assert people["mine"][0].id_number not in workbook.content.decode("latin-1")
    text = client.get("/api/exchange/v1/files/residents.csv", **headers).content.decode("utf-8-sig")
    assert "居民1" in text and "外社区居民" not in text and people["mine"][0].id_number_masked in text
    assert client.get("/api/exchange/v1/files/residents.pdf", **headers).status_code == 404
    assert client.get("/api/exchange/v1/files/residents.csv").status_code == 401
