"""Open a routed case for a complaint and record every change as a CaseEvent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from halyq.cases.audit import SYSTEM, record_event
from halyq.cases.fingerprint import store_bands
from halyq.cases.merging import place_name
from halyq.cases.started import start_precision
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CasePost, Post

SUMMARY_CHARS = 280
# Channels through which residents address the akimat formally: the APC deadlines apply.
APPEAL_SOURCES = frozenset({"webform", "email", "open311", "egov"})


def track_for(source: str) -> str:
    """`appeal` for a formal appeal to the akimat, `signal` for a social-network post."""
    return "appeal" if source.split(":", 1)[0] in APPEAL_SOURCES else "signal"


def route(profile: CityProfile, category: str, district: str | None = None) -> str:
    """The department for a case: a settlement's own akim's office first (for everything the
    akimat handles), else the category's department; unknown categories go to triage."""
    return _routing(profile, category, district)[0]


def routing_reason(profile: CityProfile, category: str, district: str | None = None) -> str:
    return _routing(profile, category, district)[1]


def _routing(profile: CityProfile, category: str, district: str | None) -> tuple[str, str]:
    known = profile.categories.get(category)
    if known is None:
        return profile.triage_department, f"no rule routes category '{category}': triage queue"
    office = profile.settlement_office(district)
    # Police, ecology, emergencies and the like are outside the akimat: the akim cannot act.
    if office is not None and not profile.departments[known.default_department].is_external:
        return office.code, f"category {category} in {district}: its akim's office first"
    return known.default_department, f"category {category}"


def open_case(
    session: Session,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    post: Post,
    analysis: Analysis,
    now: datetime,
    reason: str | None = None,
    actor: str = SYSTEM,
) -> Case:
    """A new case for one complaint, with its deadlines and its first audit events."""
    category = analysis.category or "other"
    track = track_for(post.source)
    respond_by, due_at = deadlines(profile, calendar, category=category, track=track, start=now)
    place = main_place(analysis.places)
    # The whole city's centre says nothing about where the incident is: keep no point then.
    precision = place.get("precision")
    pointed = precision not in (None, "city")
    case = Case(
        category=category,
        department_code=route(profile, category, place.get("district")),
        status="new",
        track=track,
        urgency=analysis.urgency,
        summary=_summary(analysis.redacted_text),
        place_canonical=place_name(place),
        place_kind=place.get("kind"),
        place_house=place.get("house"),
        lat=place.get("lat") if pointed else None,
        lon=place.get("lon") if pointed else None,
        place_precision=precision if pointed else None,
        district=place.get("district"),
        opened_at=now,
        respond_by=respond_by,
        due_at=due_at,
        updated_at=now,
        residents=1,
        first_post_at=post.created_at,
        last_post_at=post.created_at,
        started_at=analysis.event_start or post.created_at,
        started_precision=start_precision(analysis.event_start, analysis.event_time),
    )
    session.add(case)
    session.flush()
    session.add(CasePost(case_id=case.id, post_id=post.id, linked_at=now))
    opened = reason or f"complaint in post {post.id}"
    record_event(session, case, at=now, action="opened", after="new", reason=opened, actor=actor)
    record_event(
        session, case, at=now, action="routed", after=case.department_code,
        reason=routing_reason(profile, category, place.get("district")), actor=actor,
    )  # fmt: skip
    record_event(session, case, at=now, action="post_linked", after=str(post.id), actor=actor)
    store_bands(session, post.id, post.text)
    session.flush()
    return case


def main_place(places: list[dict[str, Any]]) -> dict[str, Any]:
    """The place a case is about: the first one more precise than the whole city."""
    specific = [place for place in places if place.get("kind") != "city"]
    return (specific or places or [{}])[0]


def join_track(
    session: Session,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    case: Case,
    post: Post,
    now: datetime,
) -> None:
    """A formal appeal joining a social-media signal makes the case an appeal: the APC
    deadlines apply, and the earlier of each pair of deadlines stands."""
    if case.track == "appeal" or track_for(post.source) != "appeal":
        return
    respond_by, due_at = deadlines(
        profile, calendar, category=case.category, track="appeal", start=now
    )
    case.respond_by, case.due_at = min(case.respond_by, respond_by), min(case.due_at, due_at)
    case.track = "appeal"
    record_event(
        session, case, at=now, action="track", before="signal", after="appeal",
        reason=f"formal appeal in post {post.id} ({post.source})",
    )  # fmt: skip


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
