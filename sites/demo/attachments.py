"""Small office documents for notice attachments, made locally: .docx (a minimal WordprocessingML
package written with zipfile) and .xlsx (openpyxl, a registration form with headings)."""

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)
# Fixed timestamp so the same text always gives the same bytes (and file hash).
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _paragraph(text, *, bold=False, size_half_points=24, centred=False):
    properties = '<w:pPr><w:jc w:val="center"/></w:pPr>' if centred else ""
    run_properties = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size_half_points}"/></w:rPr>'
    return f'<w:p>{properties}<w:r>{run_properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(heading, paragraphs, *, issuer=""):
    """Bytes of a .docx with a centred heading, the paragraphs and an optional issuer line."""
    body = [_paragraph(heading, bold=True, size_half_points=32, centred=True)]
    body += [_paragraph(text) for text in paragraphs]
    if issuer:
        body.append(_paragraph(issuer))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
            ("word/document.xml", document),
        ):
            package.writestr(zipfile.ZipInfo(name, date_time=_ZIP_DATE), data)
    return buffer.getvalue()


def make_xlsx(title, headings, *, blank_rows=20):
    """Bytes of an .xlsx form: a title row, bold headings and numbered blank rows to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headings))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headings)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number in range(1, blank_rows + 1):
        sheet.append([number] + [""] * (len(headings) - 1))
    for column in "ABCDEFGHIJ"[: len(headings)]:
        sheet.column_dimensions[column].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
