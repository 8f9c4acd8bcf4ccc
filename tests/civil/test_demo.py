"""The committed demo workbook: reproduced by its script, and it holds the head's H1 figures."""

from __future__ import annotations

import runpy
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.civil.workbook import import_workbook
from halyq.db.civil import MediaProduct, Ngo, OutreachEvent, Project
from halyq.db.engine import session_scope

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "civil" / "kyzylorda-2026-h1.xlsx"
START, END = date(2026, 1, 1), date(2026, 6, 30)


def test_the_script_writes_the_committed_file_byte_for_byte() -> None:
    build = runpy.run_path(str(ROOT / "scripts" / "civil_demo.py"))["build"]
    assert build() == DEMO.read_bytes()


def test_demo_imports_cleanly_with_the_half_year_figures(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session, DEMO.open("rb") as source:
        report = import_workbook(session, source)
    assert report.errors == [] and report.warnings == []
    assert all(counts["rejected"] == 0 for counts in report.as_dict().values())
    with session_scope(sessions) as session:
        assert _active_by_form(session) == {"public_association": 301, "public_foundation": 186}
        assert session.scalar(select(func.count()).select_from(Ngo)) > 487  # others must not count
        projects = session.execute(
            select(func.count(), func.sum(Project.budget_tenge)).where(Project.year == 2026)
        ).one()
        assert tuple(projects) == (7, 22_227_000)
        assert all(p.ngo is not None and p.indicators for p in session.scalars(select(Project)))
        assert _events_by_organiser(session) == {"group": 37, "ngo": 15}
        assert session.scalar(select(func.count()).select_from(OutreachEvent)) > 52
        ngo_projects = session.scalars(
            select(OutreachEvent.project_id).where(
                OutreachEvent.organiser == "ngo", OutreachEvent.date.between(START, END)
            )
        ).all()
        assert len(set(ngo_projects)) == 1  # one NGO, within its project
        videos = session.scalars(
            select(MediaProduct).where(
                MediaProduct.kind == "video", MediaProduct.date.between(START, END)
            )
        ).all()
        assert len(videos) == 3 and all("агенттігі" in (v.partner or "") for v in videos)
        assert session.scalar(select(func.count()).select_from(MediaProduct)) > 3


def _active_by_form(session: Session) -> dict[str, int]:
    """Registered on or before the end and not liquidated on or before it."""
    rows = session.execute(
        select(Ngo.legal_form, func.count())
        .where(or_(Ngo.registered_on.is_(None), Ngo.registered_on <= END))
        .where(or_(Ngo.liquidated_on.is_(None), Ngo.liquidated_on > END))
        .group_by(Ngo.legal_form)
    )
    return {form: n for form, n in rows}


def _events_by_organiser(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutreachEvent.organiser, func.count())
        .where(OutreachEvent.date.between(START, END))
        .group_by(OutreachEvent.organiser)
    )
    return {organiser: n for organiser, n in rows}
