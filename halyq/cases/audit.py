"""The audit trail: every change to a case is one appended CaseEvent (who, when, from, to, why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from halyq.db.models import Case, CaseEvent

SYSTEM = "system"
MAX_VALUE_CHARS = 255  # from_value and to_value columns


def record_event(
    session: Session,
    case: Case,
    *,
    at: datetime,
    action: str,
    before: str | None = None,
    after: str | None = None,
    reason: str | None = None,
    actor: str = SYSTEM,
    details: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append one event to the case's history; events are never changed afterwards."""
    event = CaseEvent(
        case_id=case.id,
        at=at,
        actor=actor,
        action=action,
        from_value=_clip(before),
        to_value=_clip(after),
        reason=reason,
        details=details,
    )
    session.add(event)
    return event


def _clip(value: str | None) -> str | None:
    if value is None or len(value) <= MAX_VALUE_CHARS:
        return value
    return value[: MAX_VALUE_CHARS - 1] + "…"
