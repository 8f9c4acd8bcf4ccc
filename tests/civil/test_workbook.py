"""`import_workbook` on both databases: idempotency, updates, bad rows with their place."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.civil.template import write_template
from halyq.civil.workbook import ImportReport, WorkbookUnreadable, import_workbook
from halyq.db.civil import MediaProduct, Ngo, OutreachEvent, Project, ProjectIndicator
from halyq.db.engine import session_scope


def run(sessions: sessionmaker[Session], path: Path) -> ImportReport:
    with session_scope(sessions) as session, path.open("rb") as source:
        return import_workbook(session, source)


def good_sheets(new_bin: Callable[..., str]) -> dict[str, list[list[object]]]:
    first, second = new_bin(1), new_bin(2, "0305")
    return {
        "ngos": [
            [
                first,
                "«Жігер» жастар қоғамдық бірлестігі",
                "ОО «Жігер»",
                "public_association",
                date(2010, 5, 3),
                "active",
                None,
            ],
            [
                int(second),
                "«Мейірім» қоғамдық қоры",
                "ОФ «Мейірім»",
                "Общественный фонд",
                "11.03.2003",
                None,
                None,
            ],
        ],
        "projects": [
            [
                "GSZ-1",
                "Діни экстремизмнің алдын алу",
                "экстремизм",
                first,
                "4 850 000",
                2026,
                "2026-02-01",
                "2026-11-30",
            ],
        ],
        "events": [
            [
                date(2026, 3, 11),
                "Кездесу: №5 мектеп",
                "group",
                None,
                "№5 мектеп",
                "school",
                "Жолдау",
                40,
            ],
            ["12.03.2026", "Жоба кездесуі", "ngo", "GSZ-1", "Белкөл", "settlement", None, "25"],
        ],
        "media": [["2026-04-02", "Бейнеролик", "video", "Сыр ақпарат", "GSZ-1"]],
    }


def counts(report: ImportReport) -> dict[str, tuple[int, int, int, int]]:
    return {name: tuple(values.values()) for name, values in report.as_dict().items()}  # type: ignore[misc]


def test_import_then_import_again_changes_nothing(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    path = write_workbook(good_sheets(new_bin))
    first = run(sessions, path)
    assert first.errors == []
    assert counts(first) == {
        "ngos": (2, 0, 0, 0),
        "projects": (1, 0, 0, 0),
        "events": (2, 0, 0, 0),
        "media": (1, 0, 0, 0),
    }
    again = run(sessions, path)
    assert counts(again) == {
        "ngos": (0, 0, 2, 0),
        "projects": (0, 0, 1, 0),
        "events": (0, 0, 2, 0),
        "media": (0, 0, 1, 0),
    }
    with session_scope(sessions) as session:
        foundation = session.scalars(select(Ngo).where(Ngo.legal_form == "public_foundation")).one()
        assert foundation.bin == new_bin(2, "0305") and foundation.bin.startswith("0")
        assert foundation.registered_on == date(2003, 3, 11) and foundation.status == "active"
        project = session.scalars(select(Project)).one()
        assert project.budget_tenge == 4_850_000 and project.ngo is not None
        assert project.ngo.name_kk.startswith("«Жігер»")
        event = session.scalars(select(OutreachEvent).where(OutreachEvent.organiser == "ngo")).one()
        assert event.project_id == project.id and event.participants == 25
        assert session.scalar(select(MediaProduct.project_id)) == project.id


def test_reimport_updates_changed_fields_only(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    sheets = good_sheets(new_bin)
    run(sessions, write_workbook(sheets))
    sheets["ngos"][0][6] = "2026-05-01"  # liquidated: the status follows the date
    sheets["ngos"][0][5] = None
    sheets["projects"][0][4] = 5_000_000
    sheets["events"][0][7] = 41
    report = run(sessions, write_workbook(sheets))
    assert counts(report) == {
        "ngos": (0, 1, 1, 0),
        "projects": (0, 1, 0, 0),
        "events": (0, 1, 1, 0),
        "media": (0, 0, 1, 0),
    }
    with session_scope(sessions) as session:
        ngo = session.scalars(select(Ngo).where(Ngo.bin == new_bin(1))).one()
        assert (ngo.status, ngo.liquidated_on) == ("liquidated", date(2026, 5, 1))
        assert session.scalar(select(Project.budget_tenge)) == 5_000_000


def test_project_indicators_and_optional_columns(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    sheets = good_sheets(new_bin)
    headers = {
        "ngos": ["bin", "name_kk", "name_ru", "legal_form", "activities", "leader"],
        "projects": [
            "code",
            "title",
            "ngo_bin",
            "budget_tenge",
            "year",
            "status",
            "planned_meetings",
            "actual_meetings",
            "planned_trees",
            "actual_trees",
        ],
    }
    ngo = [new_bin(1), "А", "Б", "other", "жастар; спорт", "Сейітов А. Б."]
    project = ["P-2", "Жоба", new_bin(1), 100, 2026, "completed", 20, "15", None, 7]
    report = run(sessions, write_workbook({"ngos": [ngo], "projects": [project]}, headers))
    assert report.errors == [] and counts(report)["projects"] == (1, 0, 0, 0)
    with session_scope(sessions) as session:
        stored = session.scalars(select(Ngo)).one()
        assert stored.activities == ["жастар", "спорт"] and stored.leader == "Сейітов А. Б."
        figures = {i.name: (i.planned, i.actual) for i in session.scalars(select(ProjectIndicator))}
        assert figures == {"meetings": (20, 15), "trees": (None, 7)}
        assert session.scalar(select(Project.status)) == "completed"
    del sheets


def test_each_bad_row_is_named_and_the_rest_goes_in(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    sheets = good_sheets(new_bin)
    bad_check = new_bin(3)[:11] + str((int(new_bin(3)[11]) + 1) % 10)
    sheets["ngos"] += [
        [bad_check, "А", "Б", "public_association", None, None, None],  # row 4
        [new_bin(4), "А", "Б", "ТОО", "вчера", None, None],  # row 5
        [new_bin(5), "А", "Б", "other", None, "liquidated", None],  # row 6
        [new_bin(1), "А", "Б", "other", None, None, None],  # row 7: repeats row 2
    ]
    sheets["projects"] += [
        ["GSZ-2", "Т", None, new_bin(99), "1 500,50", 2026, None, None],  # row 3
        ["GSZ-3", "Т", None, new_bin(98), 100, 2026, None, None],  # row 4: unknown NGO
        ["GSZ-4", "Т", None, None, 100, 2026, "2026-05-01", "2026-04-01"],  # row 5
    ]
    sheets["events"] += [
        [date(2026, 3, 13), "Т", "group", "NOPE", None, "school", None, -5],  # row 4
        [date(2026, 3, 14), "Т", "committee", None, None, "stadium", None, None],  # row 5
    ]
    sheets["media"] += [["2026-02-30", "Т", "video", None, None]]  # row 3
    report = run(sessions, write_workbook(sheets))
    errors = [str(problem) for problem in report.errors]
    expected = [
        "ngos, row 4, column A (bin): ",
        "ngos, row 5, column D (legal_form): 'ТОО' is not one of",
        "ngos, row 5, column E (registered_on): 'вчера' is not a date",
        "ngos, row 6, column G (liquidated_on): a liquidated NGO needs the date",
        "ngos, row 7, column A (bin): the same record as row 2",
        "projects, row 3, column E (budget_tenge): '1 500,50' has tiyn",
        "projects, row 4, column D (ngo_bin): no NGO has BIN",
        "projects, row 5, column H (ends_on): 2026-04-01 is before starts_on",
        "events, row 4, column H (participants): -5 is negative",
        "events, row 5, column C (organiser): 'committee' is not one of",
        "events, row 5, column F (venue_kind): 'stadium' is not one of",
        "media, row 3, column A (date): '2026-02-30' is not a date",
    ]
    assert len(errors) == len(expected)
    for start in expected:
        assert any(error.startswith(start) for error in errors), (start, errors)
    assert counts(report) == {
        "ngos": (2, 0, 0, 4),
        "projects": (1, 0, 0, 3),
        "events": (2, 0, 0, 2),
        "media": (1, 0, 0, 1),
    }
    # References are looked up once a row's own values are right: the event row with an
    # unknown project reports its negative count first. The good rows around it are stored.
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(OutreachEvent)) == 2
        assert session.scalar(select(func.count()).select_from(Ngo)) == 2


def test_unknown_reference_alone_is_reported_at_its_column(
    sessions: sessionmaker[Session], write_workbook: Callable[..., Path]
) -> None:
    report = run(
        sessions,
        write_workbook({"events": [[date(2026, 3, 13), "Т", "ngo", "NOPE", None, None, None, 5]]}),
    )
    assert [str(p) for p in report.errors] == [
        "events, row 2, column D (project_code): no project has code 'NOPE'; "
        "add it to the projects sheet first"
    ]


def test_unknown_columns_and_missing_sheets_are_warnings(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    headers = {"ngos": ["bin", "name_kk", "name_ru", "legal_form", "Телефон", "colour"]}
    path = write_workbook(
        {"ngos": [[new_bin(1), "А", "Б", "other", "8 701", "red"]], "Лист1": [[1]]}, headers
    )
    report = run(sessions, path)
    warnings = [str(problem) for problem in report.warnings]
    assert "ngos, row 1, column E (телефон): unknown column; ignored" in warnings
    assert "ngos, row 1, column F (colour): unknown column; ignored" in warnings
    assert "Лист1: not a registry sheet; skipped" in warnings
    for sheet in ("projects", "events", "media"):
        assert f"{sheet}: no such sheet; nothing imported" in warnings
    assert report.errors == [] and counts(report)["ngos"] == (1, 0, 0, 0)


def test_a_sheet_without_a_required_column_is_skipped_whole(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    headers = {"ngos": ["bin", "name_kk", "legal_form"]}
    report = run(sessions, write_workbook({"ngos": [[new_bin(1), "А", "other"]]}, headers))
    assert [str(p) for p in report.errors] == [
        "ngos, row 1: required columns missing: name_ru; the sheet was skipped"
    ]


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_file_is_refused_whole(sessions: sessionmaker[Session], content: bytes) -> None:
    with session_scope(sessions) as session, pytest.raises(WorkbookUnreadable, match="XLSX"):
        import_workbook(session, io.BytesIO(content))


def test_template_filled_in_imports(
    sessions: sessionmaker[Session], tmp_path: Path, new_bin: Callable[..., str]
) -> None:
    path = tmp_path / "template.xlsx"
    with path.open("wb") as out:
        write_template(out)
    book = load_workbook(path)
    assert book.sheetnames == ["ngos", "projects", "events", "media", "notes"]
    ngos = book["ngos"]
    header = [cell.value for cell in ngos[1]]
    lists = {
        str(rule.sqref).split(":")[0][0]: rule.formula1
        for rule in ngos.data_validations.dataValidation
    }
    assert "public_foundation" in lists[chr(ord("A") + header.index("legal_form"))]
    notes = "\n".join(str(cell.value) for row in book["notes"].iter_rows() for cell in row)
    assert "Ұйымдық-құқықтық нысаны" in notes and "Организационно-правовая форма" in notes
    row = dict.fromkeys(header)
    row.update(
        bin=new_bin(7),
        name_kk="А",
        name_ru="Б",
        legal_form="public_foundation",
        registered_on=date(2020, 1, 9),
    )
    ngos.append([row[name] for name in header])
    events = book["events"]
    event = dict.fromkeys(cell.value for cell in events[1])
    event.update(date=date(2026, 5, 5), title="Кездесу", organiser="group", venue_kind="sports")
    events.append(list(event.values()))
    book.save(path)
    report = run(sessions, path)
    assert report.errors == [] and report.warnings == []
    assert counts(report)["ngos"] == (1, 0, 0, 0) and counts(report)["events"] == (1, 0, 0, 0)
