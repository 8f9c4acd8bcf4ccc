"""Exports: XLSX and CSV in the import's columns, with the list's filters; they import back."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from halyq.civil.export import write_export
from halyq.civil.queries import all_rows, parse_filters
from halyq.civil.workbook import import_workbook
from halyq.db.engine import session_scope

NGO_HEADER = [
    "bin",
    "name_kk",
    "name_ru",
    "legal_form",
    "registered_on",
    "status",
    "liquidated_on",
    "activities",
]


@pytest.fixture
def filled(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> sessionmaker[Session]:
    sheets = {
        "ngos": [
            [
                new_bin(1, "0305"),
                "«Жігер» жастар бірлестігі",
                "ОО «Жігер»",
                "public_association",
                date(2003, 5, 1),
                None,
                None,
                "жастар; спорт",
            ],
            [
                new_bin(2),
                "«Мейірім» қоры",
                "ОФ «Мейірім»",
                "public_foundation",
                date(2010, 5, 2),
                "liquidated",
                date(2025, 1, 1),
                "қайырымдылық",
            ],
        ],
        "projects": [
            ["P-1", "Жоба", None, new_bin(1, "0305"), 22_227_000, 2026, None, None, 20, 15]
        ],
        "media": [["2026-04-02", "Бейнеролик", "video", "Сыр ақпарат", "P-1", "2026-04-02 18:30"]],
    }
    headers = {
        "ngos": NGO_HEADER,
        "projects": [
            "code",
            "title",
            "topic",
            "ngo_bin",
            "budget_tenge",
            "year",
            "starts_on",
            "ends_on",
            "planned_meetings",
            "actual_meetings",
        ],
        "media": ["date", "title", "kind", "partner", "project_code", "published_at"],
    }
    with session_scope(sessions) as session, write_workbook(sheets, headers).open("rb") as f:
        assert import_workbook(session, f).errors == []
    return sessions


def export(sessions: sessionmaker[Session], sheet: str, format: str, **filters: str) -> bytes:
    out = io.BytesIO()
    with session_scope(sessions) as session:
        rows = all_rows(session, sheet, parse_filters(sheet, filters))
        write_export(sheet, rows, out, format=format)
    return out.getvalue()


@pytest.mark.parametrize("sheet", ["ngos", "projects", "media"])
def test_xlsx_export_imports_back_unchanged(filled: sessionmaker[Session], sheet: str) -> None:
    data = export(filled, sheet, "xlsx")
    assert load_workbook(io.BytesIO(data)).sheetnames == [sheet]
    with session_scope(filled) as session:
        report = import_workbook(session, io.BytesIO(data))
    assert report.errors == [] and report.warnings[0].sheet != sheet
    stored = report.as_dict()[sheet]
    assert stored["unchanged"] >= 1 and stored["added"] == stored["updated"] == 0


def test_csv_is_utf8_with_bom_and_exact(
    filled: sessionmaker[Session], new_bin: Callable[..., str]
) -> None:
    data = export(filled, "ngos", "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["bin"] for row in rows] == [new_bin(1, "0305"), new_bin(2)]  # leading zero kept
    assert rows[0]["name_kk"] == "«Жігер» жастар бірлестігі"
    assert rows[0]["activities"] == "жастар; спорт" and rows[1]["liquidated_on"] == "2025-01-01"
    project = next(
        csv.DictReader(io.StringIO(export(filled, "projects", "csv").decode("utf-8-sig")))
    )
    assert project["budget_tenge"] == "22227000"
    assert (project["planned_meetings"], project["actual_meetings"]) == ("20", "15")
    media = next(csv.DictReader(io.StringIO(export(filled, "media", "csv").decode("utf-8-sig"))))
    assert media["published_at"] == "2026-04-02 18:30" and media["project_code"] == "P-1"


def test_export_keeps_the_filters(filled: sessionmaker[Session]) -> None:
    data = export(filled, "ngos", "csv", status="liquidated")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["name_ru"] for row in rows] == ["ОФ «Мейірім»"]
    empty = export(filled, "ngos", "xlsx", q="ешкім жоқ")
    assert list(load_workbook(io.BytesIO(empty))["ngos"].values) == [
        (*NGO_HEADER[:7], "address", "leader", "contacts", "activities")
    ]
