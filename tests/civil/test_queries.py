"""Search and filters of the four lists, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from halyq.civil.queries import list_page, parse_filters
from halyq.civil.workbook import import_workbook
from halyq.db.engine import session_scope


@pytest.fixture
def registry(
    sessions: sessionmaker[Session],
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> sessionmaker[Session]:
    ngos = [
        [
            new_bin(1),
            "«Жастар үні» қоғамдық бірлестігі",
            "ОО «Голос молодёжи»",
            "public_association",
            date(2010, 1, 5),
            None,
            None,
            "жастар; спорт",
        ],
        [
            new_bin(2),
            "«Мейірім» қоғамдық қоры",
            "Общественный фонд «Мейірім»",
            "public_foundation",
            date(2026, 7, 1),
            None,
            None,
            "қайырымдылық",
        ],
        [
            new_bin(3),
            "«Ақ ниет» қоры",
            "Фонд «Ак ниет»",
            "public_foundation",
            date(2012, 3, 3),
            "liquidated",
            date(2026, 6, 30),
            "жастар",
        ],
    ]
    projects = [
        ["P-25", "Тіл", "мемлекеттік тіл", new_bin(1), 100, 2025, None, None],
        ["P-26", "Жастар жобасы", "ЖАСТАР еріктілігі", new_bin(2), 200, 2026, None, None],
    ]
    events = [
        [date(2026, 1, 10), "А", "group", None, None, "school", None, 10],
        [date(2026, 6, 30), "Б", "ngo", "P-26", None, "settlement", None, 10],
        [date(2026, 7, 1), "В", "group", None, None, "school", None, 10],
    ]
    media = [
        ["2026-02-01", "В1", "video", None, "P-26"],
        ["2026-02-02", "М1", "article", None, None],
    ]
    headers = {
        "ngos": [
            "bin",
            "name_kk",
            "name_ru",
            "legal_form",
            "registered_on",
            "status",
            "liquidated_on",
            "activities",
        ]
    }
    path = write_workbook(
        {"ngos": ngos, "projects": projects, "events": events, "media": media}, headers
    )
    with session_scope(sessions) as session, path.open("rb") as source:
        assert import_workbook(session, source).errors == []
    return sessions


def found(sessions: sessionmaker[Session], sheet: str, **filters: str) -> list[str]:
    with session_scope(sessions) as session:
        rows, total = list_page(session, sheet, parse_filters(sheet, filters), page=1, per_page=50)
        assert total == len(rows)
        return sorted(
            getattr(row, "code", None) or getattr(row, "title", None) or row.name_kk for row in rows
        )


def test_ngo_search_ignores_case_in_kazakh_and_russian(registry: sessionmaker[Session]) -> None:
    assert found(registry, "ngos", q="жастар") == ["«Жастар үні» қоғамдық бірлестігі"]
    assert found(registry, "ngos", q="ГОЛОС") == ["«Жастар үні» қоғамдық бірлестігі"]
    assert len(found(registry, "ngos", q="фонд")) == 2
    assert len(found(registry, "ngos", q="%")) == 0  # LIKE wildcards are literal


def test_ngo_filters(registry: sessionmaker[Session], new_bin: Callable[..., str]) -> None:
    assert len(found(registry, "ngos", legal_form="public_foundation")) == 2
    assert found(registry, "ngos", status="liquidated") == ["«Ақ ниет» қоры"]
    assert len(found(registry, "ngos", activity="жастар")) == 2
    assert found(registry, "ngos", activity="спорт") == ["«Жастар үні» қоғамдық бірлестігі"]
    assert found(registry, "ngos", q=new_bin(2)[4:]) == ["«Мейірім» қоғамдық қоры"]
    # Active on 30 June: registered by then, not liquidated on or before it.
    assert found(registry, "ngos", active_on="2026-06-30") == ["«Жастар үні» қоғамдық бірлестігі"]
    assert len(found(registry, "ngos", active_on="2026-06-29")) == 2


def test_project_event_and_media_filters(
    registry: sessionmaker[Session], new_bin: Callable[..., str]
) -> None:
    assert found(registry, "projects", year="2026") == ["P-26"]
    assert found(registry, "projects", ngo_bin=new_bin(1)) == ["P-25"]
    assert found(registry, "projects", topic="жастар") == ["P-26"]
    assert found(registry, "events", date_from="2026-01-01", date_to="30.06.2026") == ["А", "Б"]
    assert found(registry, "events", organiser="group", venue_kind="school") == ["А", "В"]
    assert found(registry, "events", project_code="P-26") == ["Б"]
    assert found(registry, "media", kind="video") == ["В1"]
    assert found(registry, "media", date_from="2026-02-02") == ["М1"]


def test_bad_filters_name_themselves() -> None:
    with pytest.raises(ValueError, match="filter date_from: 'yesterday' is not a date"):
        parse_filters("events", {"date_from": "yesterday"})
    with pytest.raises(ValueError, match="filter year"):
        parse_filters("projects", {"year": "twenty"})
    with pytest.raises(ValueError, match="events has no filter kind"):
        parse_filters("events", {"kind": "video"}, strict=True)
