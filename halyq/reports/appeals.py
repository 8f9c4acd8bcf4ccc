"""Residents' appeals in a report: cases received, resolved and overdue, and how fast.

Read from the cases, their posts and their audit trail (CaseEvent `status` rows); the counting
rules are written down in halyq.reports.figures. Three queries, whatever the number of cases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from halyq.cases.workflow import CLOSED_STATUSES
from halyq.city.calendar import WorkingCalendar
from halyq.db.models import Case, CaseEvent, CasePost, Post
from halyq.reports.periods import Period
from halyq.reports.working_time import working_day_hours, working_hours_between

OUTCOMES = ("resolved", "closed", "redirected", "rejected")
# The audit events that answer a resident: a status change, or a saved answer (cases.answers).
RESPONSES = ("status", "answered")
# Needs nothing more from the department: the workflow's closed states, and `redirected` (the
# appeal went to the competent body; its own deadline is not the department's).
DONE_STATUSES = CLOSED_STATUSES | {"redirected"}


class DepartmentAppeals(BaseModel):
    received: int = 0
    resolved: int = 0
    overdue: int = 0
    median_first_response_hours: float | None = None
    median_resolution_hours: float | None = None


class AppealFigures(BaseModel):
    received: int
    by_channel: dict[str, int]
    by_category: dict[str, int]
    by_department: dict[str, DepartmentAppeals]
    resolved: int
    closed: int
    redirected: int
    rejected: int
    overdue: int
    overdue_open_at_end: int
    overdue_resolved_late: int
    median_first_response_hours: float | None
    median_resolution_hours: float | None
    working_day_hours: float


@dataclass
class _Case:
    """One case as the report sees it: its facts and its status changes, oldest first."""

    id: int
    opened_at: datetime
    due_at: datetime
    category: str
    department: str
    changes: list[tuple[datetime, str]] = field(default_factory=list)  # (at, new status)
    answered: datetime | None = None  # the first answer to the residents

    def first(self, status: str) -> datetime | None:
        return next((at for at, to in self.changes if to == status), None)

    def first_response(self) -> datetime | None:
        """The first answer or change of status after opening, whichever came first."""
        moments = [at for at, _ in self.changes[:1]]
        if self.answered is not None:
            moments.append(self.answered)
        return min(moments, default=None)

    def status_at(self, moment: datetime) -> str:
        reached = [to for at, to in self.changes if at < moment]
        return reached[-1] if reached else "new"


def count_appeals(
    session: Session, *, period: Period, calendar: WorkingCalendar, now: datetime
) -> AppealFigures:
    """The appeals section for `period`; `now` stands for the end of a period not yet over."""
    start, end = period.bounds(calendar.zone)
    cases = _load(session, start, end)
    received = [case for case in cases if start <= case.opened_at < end]
    channels = _channels(session, _counted().where(Case.opened_at >= start, Case.opened_at < end))
    as_of = min(end, now)
    tally = _Tally(calendar)
    for case in cases:
        tally.add(case, start=start, end=end, as_of=as_of)
    return AppealFigures(
        received=len(received),
        by_channel=_largest_first(channels.get(case.id, "unknown") for case in received),
        by_category=_largest_first(case.category for case in received),
        by_department=tally.departments(received),
        **{outcome: tally.outcomes[outcome] for outcome in OUTCOMES},
        overdue=tally.open_late + tally.resolved_late,
        overdue_open_at_end=tally.open_late,
        overdue_resolved_late=tally.resolved_late,
        median_first_response_hours=_median(tally.responses),
        median_resolution_hours=_median(tally.resolutions),
        working_day_hours=working_day_hours(calendar),
    )


class _Tally:
    """Outcomes, lateness and working times, for the whole city and per department."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.outcomes: Counter[str] = Counter()
        self.open_late = 0
        self.resolved_late = 0
        self.responses: list[float] = []
        self.resolutions: list[float] = []
        self.by_department: dict[str, DepartmentAppeals] = defaultdict(DepartmentAppeals)
        self.department_times: dict[str, tuple[list[float], list[float]]] = defaultdict(
            lambda: ([], [])
        )

    def add(self, case: _Case, *, start: datetime, end: datetime, as_of: datetime) -> None:
        for outcome in OUTCOMES:
            at = case.first(outcome)
            if at is not None and start <= at < end:
                self.outcomes[outcome] += 1
        department = self.by_department[case.department]
        responses, resolutions = self.department_times[case.department]
        answered = case.first_response()
        if answered is not None and start <= answered < end:
            hours = working_hours_between(self.calendar, case.opened_at, answered)
            self.responses.append(hours)
            responses.append(hours)
        resolved = case.first("resolved")
        if resolved is not None and start <= resolved < end:
            department.resolved += 1
            hours = working_hours_between(self.calendar, case.opened_at, resolved)
            self.resolutions.append(hours)
            resolutions.append(hours)
            if resolved > case.due_at:
                self.resolved_late += 1
                department.overdue += 1
        elif case.status_at(as_of) not in DONE_STATUSES and case.due_at < as_of:
            self.open_late += 1
            department.overdue += 1

    def departments(self, received: list[_Case]) -> dict[str, DepartmentAppeals]:
        for case in received:
            self.by_department[case.department].received += 1
        for code, (responses, resolutions) in self.department_times.items():
            self.by_department[code].median_first_response_hours = _median(responses)
            self.by_department[code].median_resolution_hours = _median(resolutions)
        figures = {code: row for code, row in self.by_department.items() if _anything(row)}
        return dict(sorted(figures.items(), key=lambda pair: (-pair[1].received, pair[0])))


def _anything(row: DepartmentAppeals) -> bool:
    return bool(row.received or row.resolved or row.overdue)


def _load(session: Session, start: datetime, end: datetime) -> list[_Case]:
    """Cases that can count: opened in the period, or still open, or changed since its start."""
    changed = exists().where(
        CaseEvent.case_id == Case.id, CaseEvent.action == "status", CaseEvent.at >= start
    )
    relevant = _counted().where(
        Case.opened_at < end,
        or_(Case.opened_at >= start, Case.status.not_in(sorted(CLOSED_STATUSES)), changed),
    )
    columns = (Case.id, Case.opened_at, Case.due_at, Case.category, Case.department_code)
    cases = {
        row[0]: _Case(*row)
        for row in session.execute(select(*columns).where(Case.id.in_(relevant)).order_by(Case.id))
    }
    changes = (
        select(CaseEvent.case_id, CaseEvent.at, CaseEvent.action, CaseEvent.to_value)
        .where(CaseEvent.action.in_(RESPONSES), CaseEvent.case_id.in_(relevant))
        .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)
    )
    for case_id, at, action, to in session.execute(changes):
        case = cases[case_id]
        if at < case.opened_at:
            continue
        if action == "status" and to:
            case.changes.append((at, to))
        elif action == "answered" and case.answered is None:
            case.answered = at
    return list(cases.values())


def _counted() -> Select[Any]:
    """The ids of cases that count as appeals: every case but those merged into another."""
    return select(Case.id).where(Case.status != "duplicate", Case.duplicate_of_id.is_(None))


def _channels(session: Session, case_ids: Select[Any]) -> dict[int, str]:
    """Each case's channel: the source of its earliest post, without the part after ":"."""
    query = (
        select(CasePost.case_id, Post.source)
        .join(Post, Post.id == CasePost.post_id)
        .where(CasePost.case_id.in_(case_ids))
        .order_by(CasePost.case_id, Post.created_at.desc(), Post.id.desc())
    )
    # Ordered newest first, so the last write for a case is its earliest post.
    return {case_id: source.split(":", 1)[0] for case_id, source in session.execute(query)}


def _largest_first(values: Iterable[str]) -> dict[str, int]:
    counts = Counter(values)
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def _median(hours: list[float]) -> float | None:
    return round(median(hours), 1) if hours else None
