"""Urgency of a case: a more urgent post joining it raises the case's urgency, and, where the
city profile sets shorter deadlines for that urgency, brings the deadlines forward.

The profile's optional `urgency.yaml` gives office hours per urgency level, e.g.

    high:
      respond_hours: 2
      resolve_hours: 8

counted from the moment the case becomes that urgent (or opens so). A deadline only ever moves
earlier: a new deadline later than the current one is ignored, never applied silently.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile, ProfileError
from halyq.db.models import Case, Post

RANK = {"low": 0, "medium": 1, "high": 2}


def raise_urgency(
    session: Session,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    case: Case,
    post: Post,
    urgency: str,
    now: datetime,
) -> bool:
    """If the joining post's `urgency` is above the case's, raise the case's (logged as
    `urgency_raised` with the post as evidence); returns whether it did."""
    if RANK.get(urgency, -1) <= RANK.get(case.urgency, -1):
        return False
    before, case.urgency = case.urgency, urgency
    moved = _bring_forward(profile, calendar, case, now)
    record_event(
        session, case, at=now, action="urgency_raised", before=before, after=urgency,
        reason=f"post {post.id} is {urgency}" + (f"; {_describe(moved)}" if moved else ""),
        details={"post_id": post.id, **moved},
    )  # fmt: skip
    case.updated_at = now
    return True


def apply_urgency_deadlines(
    session: Session, *, profile: CityProfile, calendar: WorkingCalendar, case: Case, now: datetime
) -> bool:
    """On opening: the profile's shorter deadlines for the case's urgency, if earlier (logged
    as `deadlines`); returns whether any deadline moved."""
    moved = _bring_forward(profile, calendar, case, now)
    if moved:
        record_event(
            session, case, at=now, action="deadlines", after=case.urgency,
            reason=f"{case.urgency} urgency: {_describe(moved)}", details=moved,
        )  # fmt: skip
    return bool(moved)


def urgency_hours(profile: CityProfile) -> dict[str, tuple[int, int]]:
    """{urgency: (respond_hours, resolve_hours)} from the profile's urgency.yaml (none: {})."""
    return _read_hours(profile.root / "urgency.yaml")


def _bring_forward(
    profile: CityProfile, calendar: WorkingCalendar, case: Case, now: datetime
) -> dict[str, str]:
    """Move respond_by and due_at to the urgency's deadlines where those are earlier; returns
    {"respond_by": "old → new", ...} for what moved."""
    hours = urgency_hours(profile).get(case.urgency)
    if hours is None:
        return {}
    moved = {}
    for name, limit in zip(("respond_by", "due_at"), hours, strict=True):
        current: datetime = getattr(case, name)
        candidate = calendar.add_working_hours(now, limit)
        if candidate < current:
            setattr(case, name, candidate)
            moved[name] = f"{current.isoformat(timespec='minutes')} → " + candidate.isoformat(
                timespec="minutes"
            )
    return moved


def _describe(moved: dict[str, str]) -> str:
    return "; ".join(f"{name} {change}" for name, change in moved.items())


@lru_cache(maxsize=8)
def _read_hours(path: Path) -> dict[str, tuple[int, int]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ProfileError(path, 1, None, "expected urgency levels with their hours")
    result = {}
    for level, entry in data.items():
        if level not in RANK:
            raise ProfileError(path, None, str(level), f"is not one of {sorted(RANK)}")
        if not isinstance(entry, dict):
            raise ProfileError(path, None, str(level), "needs respond_hours and resolve_hours")
        result[level] = (_hours(entry, "respond_hours", path, level),
                         _hours(entry, "resolve_hours", path, level))  # fmt: skip
    return result


def _hours(entry: dict[str, object], key: str, path: Path, level: str) -> int:
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ProfileError(path, None, f"{level}.{key}", "must be a whole number above zero")
    return value
