"""The civil society figures at the edges of their rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from halyq.db.engine import session_scope
from halyq.reports.civil_counts import count_events, count_media, count_ngos, count_projects
from halyq.reports.periods import date_range, parse_period
from tests.reports.conftest import add_event, add_media, add_ngo, add_project

H1 = parse_period("2026-H1")
END = date(2026, 6, 30)


def test_ngos_active_at_the_end(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        add_ngo(session, registered_on=date(2010, 1, 1))
        add_ngo(session, registered_on=END)  # registered on the last day: counts
        add_ngo(session, registered_on=date(2026, 7, 1))  # the day after: does not
        add_ngo(session, registered_on=None)  # date unknown: counts
        add_ngo(session, status="liquidated", liquidated_on=END)  # gone on the last day
        add_ngo(session, status="liquidated", liquidated_on=date(2026, 7, 1))  # still there
        add_ngo(session, status="liquidated", liquidated_on=None)  # gone, date unknown
        add_ngo(session, legal_form="public_foundation", status="active", liquidated_on=END)
        add_ngo(session, legal_form="private_institution")
    with session_scope(sessions) as session:
        figures = count_ngos(session, end=END)
    assert figures.active == 6
    assert figures.by_form == {
        "public_association": 4,
        "public_foundation": 1,
        "association": 0,
        "private_institution": 1,
        "other": 0,
    }
    with session_scope(sessions) as session:
        assert count_ngos(session, end=date(2026, 7, 1)).active == 6  # +1 registered, -1 gone


def test_projects_overlapping_the_period(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        ngo = add_ngo(session)
        add_project(
            session,
            code="A",
            budget=1,
            starts_on=date(2025, 9, 1),
            ends_on=date(2026, 1, 1),
            ngo=ngo,
        )
        add_project(session, code="B", budget=10, starts_on=END, ends_on=date(2026, 12, 1))
        add_project(
            session, code="C", budget=100, starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
        )
        add_project(session, code="D", budget=1000, starts_on=date(2026, 7, 1), ends_on=None)
        add_project(session, code="E", budget=10_000, year=2026, starts_on=None, ends_on=None)
        add_project(session, code="F", budget=100_000, year=2025, starts_on=None, ends_on=None)
        add_project(
            session,
            code="G",
            budget=1_000_000,
            year=2025,
            starts_on=date(2025, 10, 1),
            ends_on=None,
        )
        add_project(session, code="H", budget=10_000_000, status="cancelled")
    with session_scope(sessions) as session:
        figures = count_projects(session, period=H1, lang="ru")
    assert [item.code for item in figures.items] == ["A", "B", "E"]
    assert figures.count == 3 and figures.budget_tenge == 10_011
    assert (
        figures.items[0].ngo == f"Общественное объединение {figures.items[0].ngo.split(' ', 2)[2]}"
    )
    assert figures.items[1].ngo is None


def test_budgets_add_up_exactly(sessions: sessionmaker[Session]) -> None:
    budgets = [9_007_199_254_740_993, 1, 22_227_000, 999_999_999_999]  # past a double's precision
    with session_scope(sessions) as session:
        for number, budget in enumerate(budgets):
            add_project(session, code=f"SZ-{number}", budget=budget)
    with session_scope(sessions) as session:
        figures = count_projects(session, period=H1, lang="kk")
    assert figures.budget_tenge == 9_008_199_276_967_993  # a float sum would end in ...992
    assert isinstance(figures.budget_tenge, int)


def test_project_carries_its_ngo_in_the_language_and_its_indicators(
    sessions: sessionmaker[Session],
) -> None:
    with session_scope(sessions) as session:
        ngo = add_ngo(session)
        add_project(session, code="SZ-1", budget=5, ngo=ngo,
                    indicators={"meetings": (15, 12), "videos": (3, None)})  # fmt: skip
        names = (ngo.name_kk, ngo.name_ru, ngo.bin)
    with session_scope(sessions) as session:
        kk = count_projects(session, period=H1, lang="kk").items[0]
        ru = count_projects(session, period=H1, lang="ru").items[0]
    assert (kk.ngo, ru.ngo, kk.ngo_bin) == names
    assert [(row.name, row.planned, row.actual) for row in kk.indicators] == [
        ("meetings", 15, 12), ("videos", 3, None),
    ]  # fmt: skip


def test_events_on_the_edges_of_the_period(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        add_event(session, on=date(2025, 12, 31), participants=1000)
        add_event(session, on=date(2026, 1, 1), venue_kind="state_institution", participants=40)
        add_event(session, on=END, organiser="ngo", venue_kind="sports", participants=None,
                  topic=None)  # fmt: skip
        add_event(session, on=date(2026, 7, 1), participants=1000)
        add_event(session, on=date(2026, 3, 5), participants=0, topic="отбасы құндылықтары ")
    with session_scope(sessions) as session:
        figures = count_events(session, period=H1)
    assert figures.count == 3
    assert figures.by_organiser == {"group": 2, "ngo": 1}
    assert figures.by_venue_kind == {
        "state_institution": 1, "school": 1, "sports": 1, "settlement": 0, "other": 0,
    }  # fmt: skip
    assert figures.by_topic == {"": 1, "Діни экстремизмнің алдын алу": 1, "Отбасы құндылықтары": 1}
    # Unknown is not zero: the event without a figure is counted apart, the one with 0 is not.
    assert (figures.participants, figures.events_without_participants) == (40, 1)


def test_media_within_the_period_by_kind_and_partner(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        add_media(session, on=date(2025, 12, 31))
        add_media(session, on=date(2026, 1, 1))
        add_media(session, on=END, kind="article", partner=None)
        add_media(session, on=date(2026, 2, 2))
        add_media(session, on=date(2026, 7, 1))
    with session_scope(sessions) as session:
        figures = count_media(session, period=H1)
        march = count_media(session, period=date_range("2026-03-01", "2026-03-31"))
    assert figures.count == 3
    assert figures.by_kind == {"video": 2, "article": 1, "post": 0}
    assert figures.by_partner == {"ҚазАқпарат": 2, "": 1}
    assert march.count == 0 and march.by_partner == {}
