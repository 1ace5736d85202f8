"""The one Excel (.xlsx) reader/writer of the platform, on openpyxl.

Writers stream rows into a write-only workbook (constant memory for 100k-row exports);
the reader yields rows with their spreadsheet row numbers so validation reports can say
"row 17: ..." in the user's terms.
"""

import io
from dataclasses import dataclass
from zipfile import BadZipFile

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class SpreadsheetError(ValueError):
    """The uploaded file is not a workbook we can read; the message is for the user."""


@dataclass
class SheetRow:
    number: int  # 1-based row number as Excel shows it
    values: dict  # header → cell value


def write_workbook(headers, rows, *, title="Sheet1"):
    """Return .xlsx bytes with a bold header row followed by `rows` (iterables of cell values)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = _write_only_cell(sheet, str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_only_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=value)


def workbook_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename if filename.endswith(".xlsx") else f"{filename}.xlsx")


def read_rows(uploaded, *, required_headers=(), sheet_name=None):
    """Yield SheetRow for every non-empty row under the header row of an uploaded .xlsx file.

    Raises SpreadsheetError with a message for the user when the file is not a readable
    workbook, is too large, or lacks required headers.
    """
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024})
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("This is not an Excel .xlsx file.")) from error
    try:
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
    except KeyError as error:
        raise SpreadsheetError(_("The workbook has no sheet named %(name)s.") % {"name": sheet_name}) from error
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    headers = [str(value).strip() if value is not None else "" for value in (header or ())]
    missing = [name for name in required_headers if name not in headers]
    if missing:
        raise SpreadsheetError(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
    for number, values in enumerate(rows, start=2):
        if values is None or all(value is None or str(value).strip() == "" for value in values):
            continue
        yield SheetRow(
            number=number, values={name: value for name, value in zip(headers, values, strict=False) if name}
        )
