"""The report as a workbook (openpyxl): one sheet per section, every figure a number cell.

Budgets are integer cells with a thousands format, so they add up in Excel exactly; charts
appear as their figures.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from halyq.reports.sections import Cell, Chart, ColumnKind, ReportDocument, Section, Table

NUMBER_FORMATS: dict[ColumnKind, str] = {"int": "#,##0", "money": "#,##0", "hours": "0.0"}
BOLD = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="E8EEF2")
MAX_WIDTH = 60


def xlsx_bytes(document: ReportDocument) -> bytes:
    """The whole document as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    for section in document.sections:
        _sheet(book.create_sheet(section.sheet), section, document)
    book.properties.title = document.title
    book.properties.language = document.lang
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet: Worksheet, section: Section, document: ReportDocument) -> None:
    sheet.append([section.title])
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    sheet.append([f"{document.title}. {document.period_line}"])
    sheet.append([])
    for text in section.paragraphs:
        sheet.append([text])
    for block in section.blocks:
        sheet.append([])
        _table(sheet, block.as_table() if isinstance(block, Chart) else block)
    _widths(sheet)


def _table(sheet: Worksheet, table: Table) -> None:
    sheet.append([table.caption])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append(table.columns)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        _row(sheet, values, table.kinds, bold=False)
    if table.total:
        _row(sheet, table.total, table.kinds, bold=True)


def _row(sheet: Worksheet, values: list[Cell], kinds: list[ColumnKind], *, bold: bool) -> None:
    sheet.append(values)
    for cell, kind in zip(sheet[sheet.max_row], kinds, strict=False):
        if kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[kind]
        if bold:
            cell.font = BOLD


def _widths(sheet: Worksheet) -> None:
    """Each column as wide as its longest table cell (the sentences in column A may overflow)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=4):
        if len([cell for cell in row if cell.value is not None]) < 2:
            continue  # a sentence or a caption: let it run over the empty cells to its right
        for cell in row:
            length = len(str(cell.value)) if cell.value is not None else 0
            widths[cell.column] = max(widths.get(cell.column, 8), min(length + 2, MAX_WIDTH))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
