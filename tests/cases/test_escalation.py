"""Due-soon and overdue cases are escalated once per level; the lists can filter them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.escalation import escalate_due
from halyq.cases.intake import Filed
from halyq.cases.queries import due_flag, list_cases
from halyq.db.models import CaseEvent
from tests.cases.conftest import T0, add_post, place

Db = sessionmaker[Session]


def test_escalation_happens_once_per_level(db: Db, file: Callable[..., Filed]) -> None:
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Абай", "1")]).case
        done = file(session, add_post(session), places=[place("Абай", "2")]).case
        done.status = "closed"
        case_id, due = case.id, case.due_at
    with db.begin() as session:
        assert escalate_due(session, now=due - timedelta(days=3)) == {"due_soon": 0, "overdue": 0}
        assert escalate_due(session, now=due - timedelta(hours=2)) == {"due_soon": 1, "overdue": 0}
        assert escalate_due(session, now=due - timedelta(hours=1)) == {"due_soon": 0, "overdue": 0}
        assert escalate_due(session, now=due + timedelta(hours=1)) == {"due_soon": 0, "overdue": 1}
        assert escalate_due(session, now=due + timedelta(days=9)) == {"due_soon": 0, "overdue": 0}
    with db() as session:
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.action == "escalated").order_by(CaseEvent.id)
        ).all()
        assert [(e.case_id, e.to_value) for e in events] == [
            (case_id, "due_soon"),
            (case_id, "overdue"),
        ]
        assert "has passed" in (events[1].reason or "")


def test_an_overdue_case_skips_the_due_soon_level(db: Db, file: Callable[..., Filed]) -> None:
    with db.begin() as session:
        due = file(session, add_post(session), places=[place("Абай", "1")]).case.due_at
        assert escalate_due(session, now=due + timedelta(hours=1)) == {"due_soon": 0, "overdue": 1}
        assert escalate_due(session, now=due + timedelta(hours=2)) == {"due_soon": 0, "overdue": 0}


def test_lists_filter_and_flag_late_cases(db: Db, file: Callable[..., Filed]) -> None:
    with db.begin() as session:
        early = file(session, add_post(session), places=[place("Абай", "1")]).case
        late = add_post(session, at=T0 + timedelta(days=20))
        later = file(session, late, places=[place("Абай", "1")]).case
        now = early.due_at + timedelta(minutes=1)
        assert due_flag(early, now) == "overdue"
        assert due_flag(later, now) is None
        assert due_flag(later, later.due_at - timedelta(hours=1)) == "due_soon"
        overdue, total = list_cases(session, due="overdue", now=now)
        assert [c.id for c in overdue] == [early.id] and total == 1
        soon, _ = list_cases(session, due="due_soon", now=later.due_at - timedelta(hours=1))
        assert [c.id for c in soon] == [later.id]
        early.status = "resolved"
        assert due_flag(early, now) is None
