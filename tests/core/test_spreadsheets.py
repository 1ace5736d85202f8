"""The shared .xlsx reader and writer round-trip real files and explain bad uploads."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.spreadsheets import SpreadsheetError, read_rows, write_workbook


def upload(content, name="data.xlsx"):
    return SimpleUploadedFile(name, content)


def test_written_workbook_reads_back_with_row_numbers():
    content = write_workbook(["姓名", "电话"], [["张三", "13800138000"], ["李四", None]], title="居民")
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["居民"]
    rows = list(read_rows(upload(content), required_headers=["姓名"]))
    assert [(row.number, row.values["姓名"]) for row in rows] == [(2, "张三"), (3, "李四")]


def test_blank_rows_are_skipped():
    content = write_workbook(["姓名"], [["张三"], [None], [""], ["王五"]])
    assert [row.number for row in read_rows(upload(content))] == [2, 5]


def test_missing_columns_are_named():
    content = write_workbook(["姓名"], [["张三"]])
    with pytest.raises(SpreadsheetError, match="身份证号"):
        list(read_rows(upload(content), required_headers=["姓名", "身份证号"]))


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken zip"])
def test_files_that_are_not_workbooks_are_refused(content):
    with pytest.raises(SpreadsheetError):
        list(read_rows(upload(content)))


def workbook_as_staff_make_it(rows_by_cell):
    """A workbook typed by hand: values at arbitrary cells, numbers stored as numbers."""
    workbook = openpyxl.Workbook()
    for cell, value in rows_by_cell.items():
        workbook.active[cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_row_numbers_are_excels_when_the_table_starts_lower_and_further_right():
    content = workbook_as_staff_make_it({"C3": "姓名", "D3": "联系电话", "C4": "张三", "D4": 13800138000, "C6": "李四"})
    rows = list(read_rows(upload(content), required_headers=["姓名", "联系电话"]))
    assert [(row.number, row.values["姓名"]) for row in rows] == [(4, "张三"), (6, "李四")]


def test_numbers_typed_as_numbers_come_back_as_whole_numbers_and_empty_cells_as_none():
    import datetime

    content = workbook_as_staff_make_it(
        {"A1": "电话", "B1": "面积", "C1": "日期", "D1": "备注", "A2": 13800138000, "B2": 86.5,
         "C2": datetime.date(2026, 11, 26)}
    )  # fmt: skip
    (row,) = read_rows(upload(content))
    assert row.values == {"电话": 13800138000, "面积": 86.5, "日期": datetime.date(2026, 11, 26), "备注": None}


def test_a_sheet_named_in_the_call_must_exist():
    content = write_workbook(["姓名"], [["张三"]], title="居民")
    with pytest.raises(SpreadsheetError, match="户籍"):
        list(read_rows(upload(content), sheet_name="户籍"))
    assert [row.values for row in read_rows(upload(content), sheet_name="居民")] == [{"姓名": "张三"}]
