"""Escalation: open cases that are due soon or overdue go to the department head's attention.

Run by `halyq worker` after each drain. Each case is escalated once per level (`due_soon`,
then `overdue`) and deadline as an `escalated` CaseEvent; running it again adds nothing. An
extension gives the case a new deadline, so it is escalated again when that one comes near.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import Session, aliased

from halyq.cases.audit import record_event
from halyq.cases.queries import DUE_SOON
from halyq.cases.workflow import CLOSED_STATUSES
from halyq.db.models import Case, CaseEvent
from halyq.notify.outbox import queue_case_notices

LEVELS = ("due_soon", "overdue")


def escalate_due(session: Session, *, now: datetime, limit: int = 1000) -> dict[str, int]:
    """Add an `escalated` event to each open case newly due soon or overdue at `now`;
    returns how many cases were escalated at each level."""
    done = {}
    for level in LEVELS:
        cases = list(session.scalars(_waiting(level, now).limit(limit)))
        for case in cases:
            record_event(
                session, case, at=now, action="escalated", before=case.department_code,
                after=level, reason=_reason(level, case),
            )  # fmt: skip
            queue_case_notices(session, case, kind=level, now=now)  # executors and the head
        done[level] = len(cases)
    session.flush()
    return done


def _waiting(level: str, now: datetime) -> Select[Case]:
    extended = aliased(CaseEvent)
    later_extension = exists().where(
        extended.case_id == Case.id, extended.action == "extended", extended.at > CaseEvent.at
    )
    already = exists().where(
        and_(
            CaseEvent.case_id == Case.id,
            CaseEvent.action == "escalated",
            CaseEvent.to_value.in_(LEVELS[LEVELS.index(level) :]),
            ~later_extension,  # an escalation before an extension was for the old deadline
        )
    )
    if level == "overdue":
        due = [Case.due_at < now]
    else:
        due = [Case.due_at >= now, Case.due_at <= now + DUE_SOON]
    return (
        select(Case)
        .where(Case.status.not_in(sorted(CLOSED_STATUSES)), *due, ~already)
        .order_by(Case.due_at, Case.id)
    )


def _reason(level: str, case: Case) -> str:
    when = case.due_at.isoformat(timespec="minutes")
    if level == "overdue":
        return f"resolution deadline {when} has passed; the head of {case.department_code} is told"
    return f"resolution deadline {when} is near; the head of {case.department_code} is told"
