"""post → analysis → case, the one path used by the worker, the CLI and the web API."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.open import open_case
from halyq.city.calendar import WorkingCalendar, load_calendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CasePost, Post
from halyq.db.types import utcnow
from halyq.nlp.analyze import analyze

log = logging.getLogger(__name__)


@dataclass
class PipelineResult:
    analysed: int = 0
    cases_opened: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"analysed": self.analysed, "cases_opened": self.cases_opened, "failed": self.failed}


def process_post(
    session: Session,
    profile: CityProfile,
    post: Post,
    *,
    calendar: WorkingCalendar | None = None,
    now: datetime | None = None,
) -> Case | None:
    """Analyse one post (replacing any earlier analysis) and open a case for a new complaint.

    Re-running it is safe: a post already linked to a case never opens a second one.
    """
    now = now or utcnow()
    reading = analyze(post.text, created_at=post.created_at, profile=profile)
    contract = reading.to_contract(post.external_id)
    row = session.scalars(select(Analysis).where(Analysis.post_id == post.id)).one_or_none()
    if row is None:
        row = Analysis(post_id=post.id)
        session.add(row)
    row.lang = reading.lang
    row.is_complaint = reading.is_complaint
    row.complaint_score = reading.complaint_score
    row.category = reading.category
    row.category_scores = dict(reading.category_scores)
    row.urgency = reading.urgency
    row.sentiment = reading.sentiment
    row.places = contract["places"]
    row.event_date = reading.event_date
    row.event_surface = reading.event_surface
    row.redacted_text = reading.redacted_text
    row.model_version = reading.model_version
    row.analysed_at = now
    post.analysed_at, post.analysis_error = now, None
    session.flush()
    if not reading.is_complaint or _linked_case(session, post) is not None:
        return None
    calendar = calendar or load_calendar(profile)
    return open_case(session, profile=profile, calendar=calendar, post=post, analysis=row, now=now)


def process_pending(
    sessions: sessionmaker[Session],
    profile: CityProfile,
    *,
    batch_size: int = 200,
    on_batch: Callable[[PipelineResult], None] | None = None,
) -> PipelineResult:
    """Drain every post not analysed yet, one transaction per batch; returns the totals.

    On PostgreSQL, concurrent workers skip each other's rows (FOR UPDATE SKIP LOCKED).
    A post whose analysis fails is marked with the error and does not stop the batch.
    """
    calendar = load_calendar(profile)
    total = PipelineResult()
    while True:
        with sessions.begin() as session:
            batch = _claim(session, batch_size)
            if not batch:
                return total
            result = _process_batch(session, profile, calendar, batch)
        total.analysed += result.analysed
        total.cases_opened += result.cases_opened
        total.failed += result.failed
        if on_batch:
            on_batch(result)


def count_pending(session: Session) -> int:
    return session.scalar(select(func.count()).where(Post.analysed_at.is_(None))) or 0


def _claim(session: Session, limit: int) -> list[Post]:
    query = select(Post).where(Post.analysed_at.is_(None)).order_by(Post.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _process_batch(
    session: Session, profile: CityProfile, calendar: WorkingCalendar, batch: list[Post]
) -> PipelineResult:
    result = PipelineResult()
    for post in batch:
        outcome = process_post_safely(session, profile, post, calendar=calendar)
        if outcome is False:
            result.failed += 1
            continue
        result.analysed += 1
        result.cases_opened += outcome is not None
    return result


def process_post_safely(
    session: Session, profile: CityProfile, post: Post, *, calendar: WorkingCalendar
) -> Case | Literal[False] | None:
    """process_post() under a savepoint: on failure the post keeps its error and stays stored.

    Returns the new case, None (no new case), or False when the analysis failed.
    """
    try:
        with session.begin_nested():
            return process_post(session, profile, post, calendar=calendar)
    except Exception as exc:  # one bad post must not stop the others, nor lose itself
        log.exception("post %s (%s/%s) failed", post.id, post.source, post.external_id)
        post.analysed_at, post.analysis_error = utcnow(), f"{type(exc).__name__}: {exc}"
        session.flush()
        return False


def _linked_case(session: Session, post: Post) -> int | None:
    return session.scalar(select(CasePost.case_id).where(CasePost.post_id == post.id))
