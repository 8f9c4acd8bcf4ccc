"""When the problem began: from what the posts say, else from when the first one was written.

Each analysis keeps `event_start`, the moment its post says the problem began (the stated date
at the stated clock time, at the start of the stated part of the day, or at the start of the
day), never later than the post itself. A case starts at the earliest moment any of its posts
gives, counting a post that states nothing as its own time: a resident who wrote on Monday
shows the problem existed on Monday, whatever a later post says. `started_precision` says how
much of that moment is known, so pages show no more than was said.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.db.models import Analysis, Case, CasePost, Post

# Where a part of the day begins; for ordering only, since only the part's name is shown.
PART_STARTS = {"night": time(0), "morning": time(6), "day": time(12), "evening": time(18)}
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
# time: a clock time was stated; part: a part of the day; date: a day; post: nothing stated.
PRECISIONS = ("time", "part", "date", "post")


def event_start(
    event_date: date | None, event_time: str | None, *, created_at: datetime, zone: ZoneInfo
) -> datetime | None:
    """The UTC moment a post says its problem began, or None when it says no date."""
    if event_date is None:
        return None
    clock = _CLOCK.fullmatch(event_time or "")
    if clock:
        at = time(int(clock.group(1)), int(clock.group(2)))
    else:
        at = PART_STARTS.get(event_time or "", time(0))
    moment = datetime.combine(event_date, at, zone).astimezone(UTC)
    return min(moment, created_at)  # "бүгін түнде", written at 8: not after the post


def start_precision(event_start: datetime | None, event_time: str | None) -> str:
    if event_start is None:
        return "post"
    if event_time is None:
        return "date"
    return "time" if _CLOCK.fullmatch(event_time) else "part"


def refresh_started(session: Session, case: Case) -> None:
    """Set the case's start from its posts: the earliest stated or written moment wins; on a
    tie the stated one, since it says more."""
    session.flush()
    rows = session.execute(
        select(Post.created_at, Analysis.event_start, Analysis.event_time)
        .join(CasePost, CasePost.post_id == Post.id)
        .outerjoin(Analysis, Analysis.post_id == Post.id)
        .where(CasePost.case_id == case.id)
    ).all()
    if rows:
        moment, _, precision = min(_candidate(*row) for row in rows)
        case.started_at, case.started_precision = moment, precision


def take_start(case: Case, post: Post, analysis: Analysis) -> None:
    """A post joining the case moves its start back if it says (or shows) an earlier one:
    the incremental form of refresh_started, for the merge path."""
    moment, stated, precision = _candidate(
        post.created_at, analysis.event_start, analysis.event_time
    )
    if (moment, stated) < (case.started_at, 1 if case.started_precision == "post" else 0):
        case.started_at, case.started_precision = moment, precision


def _candidate(
    created_at: datetime, start: datetime | None, event_time: str | None
) -> tuple[datetime, int, str]:
    """(moment, 0 when stated else 1, precision): the smallest wins, a stated one on a tie."""
    return start or created_at, 0 if start else 1, start_precision(start, event_time)
