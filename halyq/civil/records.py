"""One row of a registry list (a workbook row or a web form) read into checked plain values.

`read_record("ngos", {"bin": "990740002243", ...})` gives `{"bin": "990740002243", ...}` with
dates as `date`, money as `int`, choices as codes; every problem is reported at once, each
with the column it belongs to. Columns missing from the input are missing from the result, so
an import without an `address` column never wipes the addresses already stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from halyq.civil import values
from halyq.civil.columns import CHOICE_LABELS, COLUMNS, PROJECT_STATUS_LABELS, Column
from halyq.civil.identifiers import bin_problem

INDICATOR_COLUMN = re.compile(r"(?P<which>planned|actual)_(?P<name>[a-z][a-z0-9_]{0,63})")
Record = dict[str, Any]


class RowInvalid(ValueError):
    """Every problem of one row: (column, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{column}: {message}" for column, message in problems))
        self.problems = problems


def known_column(sheet: str, name: str) -> bool:
    """Whether the sheet reads this column (indicators: any planned_X / actual_X)."""
    if any(column.name == name for column in COLUMNS[sheet]):
        return True
    return sheet == "projects" and INDICATOR_COLUMN.fullmatch(name) is not None


def read_record(sheet: str, raw: Mapping[str, object]) -> Record:
    """The checked values of one row of `sheet`; raises RowInvalid naming each bad column."""
    problems: list[tuple[str, str]] = []
    record: Record = {}
    for column in COLUMNS[sheet]:
        if column.name not in raw or INDICATOR_COLUMN.fullmatch(column.name):
            if column.required and column.name not in raw:
                problems.append((column.name, "is required but the column is missing"))
            continue
        try:
            value = _read_value(sheet, column, raw[column.name])
        except ValueError as exc:
            problems.append((column.name, str(exc)))
            continue
        if column.required and value in (None, []):
            problems.append((column.name, "is required"))
        record[column.name] = value
    if sheet == "projects":
        record["indicators"] = _indicators(raw, problems)
    _CHECKS[sheet](record, problems)
    if problems:
        raise RowInvalid(problems)
    return record


def _read_value(sheet: str, column: Column, value: object) -> object:
    if column.kind == "bin":
        digits = values.bin_digits(value)
        problem = bin_problem(digits) if digits else None
        if problem:
            raise ValueError(problem)
        return digits
    if column.kind == "choice":
        labels = PROJECT_STATUS_LABELS if sheet == "projects" else CHOICE_LABELS
        return values.choice(value, column.choices, labels)
    if column.kind in ("text", "longtext"):
        return values.text(value, max_length=column.max_length)
    return _READERS[column.kind](value)


_READERS: dict[str, Callable[[object], object]] = {
    "list": values.text_list,
    "date": values.day,
    "datetime": values.moment,
    "year": values.year,
    "count": values.count,
    "tenge": values.tenge,
}


def _indicators(
    raw: Mapping[str, object], problems: list[tuple[str, str]]
) -> dict[str, dict[str, int | None]]:
    """{"meetings": {"planned": 20, "actual": 15}} from planned_meetings / actual_meetings."""
    found: dict[str, dict[str, int | None]] = {}
    for key, value in raw.items():
        match = INDICATOR_COLUMN.fullmatch(key)
        if match is None:
            continue
        try:
            number = values.count(value)
        except ValueError as exc:
            problems.append((key, str(exc)))
            continue
        found.setdefault(match["name"], {})[match["which"]] = number
    return found


def _check_ngo(record: Record, problems: list[tuple[str, str]]) -> None:
    liquidated_on: date | None = record.get("liquidated_on")
    if record.get("status") is None and ("status" in record or "liquidated_on" in record):
        record["status"] = "liquidated" if liquidated_on else "active"  # status follows the date
    status = record.get("status")
    if status == "liquidated" and liquidated_on is None:
        problems.append(("liquidated_on", "a liquidated NGO needs the date of its liquidation"))
    if status == "active" and liquidated_on is not None:
        problems.append(
            ("status", "is active but liquidated_on is set; make it liquidated or clear the date")
        )
    _check_order(record, "registered_on", "liquidated_on", problems)


def _check_project(record: Record, problems: list[tuple[str, str]]) -> None:
    if "status" in record and record["status"] is None:
        record["status"] = "active"
    _check_order(record, "starts_on", "ends_on", problems)


def _check_event(record: Record, problems: list[tuple[str, str]]) -> None:
    if "venue_kind" in record and record["venue_kind"] is None:
        record["venue_kind"] = "other"


def _check_order(record: Record, first: str, last: str, problems: list[tuple[str, str]]) -> None:
    start, end = record.get(first), record.get(last)
    if start and end and end < start:
        problems.append((last, f"{end.isoformat()} is before {first} {start.isoformat()}"))


_CHECKS: dict[str, Callable[[Record, list[tuple[str, str]]], None]] = {
    "ngos": _check_ngo,
    "projects": _check_project,
    "events": _check_event,
    "media": lambda _record, _problems: None,
}
