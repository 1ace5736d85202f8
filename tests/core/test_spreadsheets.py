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
