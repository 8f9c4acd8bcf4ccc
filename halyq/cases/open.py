"""Open a routed case for a complaint and record every change as a CaseEvent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post

SYSTEM = "system"
SUMMARY_CHARS = 280
# Channels through which residents address the akimat formally: the APC deadlines apply.
APPEAL_SOURCES = frozenset({"webform", "email", "open311", "egov"})


def track_for(source: str) -> str:
    """`appeal` for a formal appeal to the akimat, `signal` for a social-network post."""
    return "appeal" if source.split(":", 1)[0] in APPEAL_SOURCES else "signal"


def route(profile: CityProfile, category: str) -> str:
    """The department for a category; unknown categories go to the triage department."""
    known = profile.categories.get(category)
    return known.default_department if known else profile.triage_department


def open_case(
    session: Session,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    post: Post,
    analysis: Analysis,
    now: datetime,
) -> Case:
    """A new case for one complaint, with its deadlines and its first audit events."""
    category = analysis.category or "other"
    track = track_for(post.source)
    respond_by, due_at = deadlines(profile, calendar, category=category, track=track, start=now)
    place = analysis.places[0] if analysis.places else {}
    case = Case(
        category=category,
        department_code=route(profile, category),
        status="new",
        track=track,
        urgency=analysis.urgency,
        summary=_summary(analysis.redacted_text),
        place_canonical=place.get("canonical") or place.get("surface"),
        place_kind=place.get("kind"),
        place_house=place.get("house"),
        lat=place.get("lat"),
        lon=place.get("lon"),
        opened_at=now,
        respond_by=respond_by,
        due_at=due_at,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    session.add(CasePost(case_id=case.id, post_id=post.id, linked_at=now))
    _record(session, case, now, "opened", None, "new", f"complaint in post {post.id}")
    _record(session, case, now, "routed", None, case.department_code, f"category {category}")
    _record(session, case, now, "post_linked", None, str(post.id), None)
    session.flush()
    return case


def deadlines(
    profile: CityProfile, calendar: WorkingCalendar, *, category: str, track: str, start: datetime
) -> tuple[datetime, datetime]:
    """(first response by, resolution due) for a case opened at `start`."""
    if track == "appeal":
        local = start.astimezone(calendar.zone)
        redirect_day = calendar.add_working_days(local.date(), profile.appeal_redirect_days)
        due_day = calendar.add_working_days(local.date(), profile.appeal_resolve_days)
        return _end_of_day(calendar, redirect_day), _end_of_day(calendar, due_day)
    hours = profile.categories.get(category) or profile.categories["other"]
    return (
        calendar.add_working_hours(start, hours.respond_hours),
        calendar.add_working_hours(start, hours.resolve_hours),
    )


def _end_of_day(calendar: WorkingCalendar, day: Any) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=calendar.zone) + calendar.office_end


def _summary(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[: SUMMARY_CHARS - 1] + "…"


def _record(
    session: Session,
    case: Case,
    at: datetime,
    action: str,
    before: str | None,
    after: str | None,
    reason: str | None,
) -> None:
    session.add(
        CaseEvent(
            case_id=case.id,
            at=at,
            actor=SYSTEM,
            action=action,
            from_value=before,
            to_value=after,
            reason=reason,
        )
    )
