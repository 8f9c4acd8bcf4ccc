"""A registry list out as XLSX or CSV, in the import's own columns, so an export imports back.

The XLSX has one sheet named after the list (`ngos`, ...); the CSV is UTF-8 with a byte order
mark, which Excel needs to show Cyrillic and Kazakh letters. BINs stay text (leading zeros
kept), money stays whole tenge, times are Kyzylorda time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from halyq.civil.columns import COLUMNS, INDICATORS
from halyq.civil.records import INDICATOR_COLUMN
from halyq.civil.values import KYZYLORDA
from halyq.db.civil import Project

FORMATS = ("xlsx", "csv")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def record_of(sheet: str, row: Any) -> dict[str, Any]:
    """A stored row as the import's columns: references as BIN or code, lists joined by "; "."""
    values: dict[str, Any] = {}
    for column in COLUMNS[sheet]:
        if INDICATOR_COLUMN.fullmatch(column.name):
            continue
        if column.name == "ngo_bin":
            values["ngo_bin"] = row.ngo.bin if row.ngo else None
        elif column.name == "project_code":
            values["project_code"] = row.project.code if row.project else None
        elif column.name == "activities":
            values["activities"] = "; ".join(row.activities or [])
        elif column.kind == "datetime":
            moment = getattr(row, column.name)
            values[column.name] = (
                moment.astimezone(KYZYLORDA).replace(tzinfo=None) if moment else None
            )
        else:
            values[column.name] = getattr(row, column.name)
    if isinstance(row, Project):
        for item in row.indicators:
            values[f"planned_{item.name}"] = item.planned
            values[f"actual_{item.name}"] = item.actual
    return values


def header(sheet: str, records: list[dict[str, Any]]) -> list[str]:
    """The list's columns; for projects, one planned/actual pair per indicator in use."""
    names = [c.name for c in COLUMNS[sheet] if not INDICATOR_COLUMN.fullmatch(c.name)]
    if sheet == "projects":
        used = {name for record in records for name in record} - set(names)
        order = [n for n in INDICATORS if f"planned_{n}" in used or f"actual_{n}" in used]
        extra = sorted({INDICATOR_COLUMN.fullmatch(n)["name"] for n in used} - set(order))  # type: ignore[index]
        names += [f"{which}_{name}" for name in order + extra for which in ("planned", "actual")]
    return names


def write_export(sheet: str, rows: Iterable[Any], out: IO[bytes], *, format: str) -> int:
    """Write the rows in `format` (xlsx or csv) to a binary stream; returns how many."""
    records = [record_of(sheet, row) for row in rows]
    names = header(sheet, records)
    if format == "xlsx":
        _write_xlsx(sheet, names, records, out)
    elif format == "csv":
        _write_csv(names, records, out)
    else:
        raise ValueError(f"'{format}' is not a known format; use xlsx or csv")
    return len(records)


def _write_xlsx(
    sheet: str, names: list[str], records: list[dict[str, Any]], out: IO[bytes]
) -> None:
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.freeze_panes = "A2"
    bold = []
    for name in names:
        cell = WriteOnlyCell(page, value=name)
        cell.font = Font(bold=True)
        bold.append(cell)
    page.append(bold)
    for record in records:
        page.append([record.get(name) for name in names])
    book.save(out)


def _write_csv(names: list[str], records: list[dict[str, Any]], out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(names)
    for record in records:
        writer.writerow([_csv_value(record.get(name)) for name in names])
    text.detach()  # leave `out` open for the caller


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value
