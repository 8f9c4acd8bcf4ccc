"""`halyq civil import`: one XLSX workbook with sheets ngos, projects, events and media in.

The workbook is streamed (openpyxl read-only mode), sheets in dependency order so a project's
`ngo_bin` or an event's `project_code` may point at a row of the same file. Each row is checked
whole, then saved under a savepoint: a bad row is reported as "sheet, row, column: message"
and every other row still goes in. Re-importing the same file changes nothing (NGOs by BIN,
projects by code, events and media by date + title) and says so per sheet.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from halyq.civil.columns import COLUMNS, SHEETS
from halyq.civil.records import RowInvalid, known_column, read_record
from halyq.civil.store import KEYS, save

NOTES_SHEET = "notes"
UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError)


class WorkbookUnreadable(ValueError):
    """The file is not an XLSX workbook openpyxl can open; nothing was imported."""


@dataclass(frozen=True)
class Problem:
    """A place in the workbook and what is wrong (or worth knowing) there."""

    sheet: str
    row: int | None
    column: str | None  # "C (legal_form)"
    message: str

    def __str__(self) -> str:
        place = [self.sheet]
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column {self.column}")
        return f"{', '.join(place)}: {self.message}"


@dataclass
class SheetSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    sheets: dict[str, SheetSummary] = field(
        default_factory=lambda: {name: SheetSummary() for name in SHEETS}
    )
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {name: vars(summary).copy() for name, summary in self.sheets.items()}


def import_workbook(session: Session, source: BinaryIO | Path) -> ImportReport:
    """Import every sheet the workbook has; the caller commits. Raises WorkbookUnreadable."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise WorkbookUnreadable(f"not a readable XLSX workbook ({_reason(exc)})") from None
    report = ImportReport()
    try:
        by_name = {name.strip().casefold(): name for name in book.sheetnames}
        for name in by_name.keys() - {*SHEETS, NOTES_SHEET}:
            report.warnings.append(
                Problem(by_name[name], None, None, "not a registry sheet; skipped")
            )
        for sheet in SHEETS:
            if sheet not in by_name:
                report.warnings.append(
                    Problem(sheet, None, None, "no such sheet; nothing imported")
                )
                continue
            try:
                _import_sheet(
                    session, sheet, book[by_name[sheet]].iter_rows(values_only=True), report
                )
            except UNREADABLE as exc:
                report.errors.append(
                    Problem(sheet, None, None, f"the sheet is damaged ({_reason(exc)})")
                )
    finally:
        book.close()
    return report


def _reason(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:300]


def _import_sheet(
    session: Session, sheet: str, rows: Iterator[tuple[Any, ...]], report: ImportReport
) -> None:
    header = next(rows, None)
    columns = _columns(sheet, header or (), report)
    missing = [c.name for c in COLUMNS[sheet] if c.required and c.name not in columns.values()]
    if missing:
        message = f"required columns missing: {', '.join(missing)}; the sheet was skipped"
        report.errors.append(Problem(sheet, 1, None, message))
        return
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in enumerate(rows, start=2):
        raw = {name: cells[index] for index, name in columns.items() if index < len(cells)}
        if all(value is None or str(value).strip() == "" for value in raw.values()):
            continue
        _import_row(session, sheet, number, raw, columns, seen, report)


def _columns(sheet: str, header: tuple[Any, ...], report: ImportReport) -> dict[int, str]:
    """Column index → known column name; unknown and repeated columns are warned about."""
    found: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = "_".join(str(cell).strip().lower().split()) if cell is not None else ""
        if not name:
            continue
        place = f"{get_column_letter(index + 1)} ({name})"
        if not known_column(sheet, name):
            report.warnings.append(Problem(sheet, 1, place, "unknown column; ignored"))
        elif name in found.values():
            report.warnings.append(Problem(sheet, 1, place, "repeated column; ignored"))
        else:
            found[index] = name
    return found


def _import_row(
    session: Session,
    sheet: str,
    number: int,
    raw: dict[str, Any],
    columns: dict[int, str],
    seen: dict[tuple[Any, ...], int],
    report: ImportReport,
) -> None:
    summary = report.sheets[sheet]
    try:
        record = read_record(sheet, raw)
        key = tuple(record[name] for name in KEYS[sheet])
        if key in seen:
            raise RowInvalid([(KEYS[sheet][-1], f"the same record as row {seen[key]}")])
        with session.begin_nested():
            outcome, _row = save(session, sheet, record)
        seen[key] = number
    except RowInvalid as exc:
        summary.rejected += 1
        letters = {name: get_column_letter(index + 1) for index, name in columns.items()}
        for column, message in exc.problems:
            place = f"{letters[column]} ({column})" if column in letters else column
            report.errors.append(Problem(sheet, number, place, message))
        return
    except SQLAlchemyError as exc:
        summary.rejected += 1
        reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
        report.errors.append(Problem(sheet, number, None, f"the database refused it: {reason}"))
        return
    setattr(summary, outcome, getattr(summary, outcome) + 1)
