"""`halyq civil template`: an empty import workbook with headers, drop-down lists and notes.

Four sheets with their header rows; columns with a fixed set of values (legal_form, status,
organiser, venue_kind, kind) get an Excel drop-down of the codes; a `notes` sheet explains each
column in Kazakh and Russian.
"""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from halyq.civil.columns import COLUMNS, SHEET_LABELS, SHEETS, choice_label
from halyq.civil.workbook import NOTES_SHEET

LAST_ROW = 10000  # drop-downs reach this far; more rows import all the same
NOTES_HEADER = (
    ("парақ", "лист"),
    ("баған", "столбец"),
    ("міндетті", "обязательный"),
    ("мағынасы (қазақша)", "значение (на казахском)"),
    ("мағынасы (орысша)", "значение (на русском)"),
    ("рұқсат етілген мәндер", "допустимые значения"),
)


def write_template(out: IO[bytes]) -> None:
    """Write the empty workbook to a binary stream."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in SHEETS:
        page = book.create_sheet(sheet)
        for index, column in enumerate(COLUMNS[sheet], start=1):
            cell = page.cell(row=1, column=index, value=column.name)
            cell.font = Font(bold=True)
            page.column_dimensions[get_column_letter(index)].width = max(14, len(column.name) + 4)
            if column.choices:
                _drop_down(page, index, column.choices)
        page.freeze_panes = "A2"
    _notes(book.create_sheet(NOTES_SHEET))
    book.save(out)


def _drop_down(page: Worksheet, index: int, choices: tuple[str, ...]) -> None:
    letter = get_column_letter(index)
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=False,  # labels in Kazakh or Russian are accepted too
    )
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    page.add_data_validation(rule)


def _notes(page: Worksheet) -> None:
    rows: list[tuple[object, ...]] = [
        (
            "Halyq: азаматтық қоғам тізілімін жүктеу үлгісі",
            "Шаблон загрузки реестра гражданского общества",
        ),
        (),
        tuple(f"{kk} / {ru}" for kk, ru in NOTES_HEADER),
    ]
    for sheet in SHEETS:
        for column in COLUMNS[sheet]:
            kind = "project_status" if sheet == "projects" else ""
            allowed = "; ".join(
                "{} — {} / {}".format(code, *choice_label(code, kind)) for code in column.choices
            )
            rows.append(
                (
                    f"{sheet} — {SHEET_LABELS[sheet][0]} / {SHEET_LABELS[sheet][1]}",
                    column.name,
                    "иә / да" if column.required else "",
                    " — ".join(part for part in (column.label[0], column.note[0]) if part),
                    " — ".join(part for part in (column.label[1], column.note[1]) if part),
                    allowed,
                )
            )
    rows.append(
        (
            "projects",
            "planned_… / actual_…",
            "",
            "Кез келген басқа көрсеткіш: planned_ және actual_ + атауы (латынша)",
            "Любой другой показатель: planned_ и actual_ + название (латиницей)",
            "",
        )
    )
    for row in rows:
        page.append(row)
    for letter, width in zip("ABCDEF", (34, 22, 12, 48, 48, 60), strict=True):
        page.column_dimensions[letter].width = width
        for cell in page[letter]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    page["A1"].font = Font(bold=True, size=13)
    for cell in page[3]:
        cell.font = Font(bold=True)
