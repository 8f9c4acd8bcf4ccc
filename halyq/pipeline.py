"""post → analysis → case, the one path used by the worker, the CLI and the web API."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.fingerprint import store_bands
from halyq.cases.intake import Filed, file_complaint
from halyq.cases.merge_rules import MergeRules, load_merge_rules
from halyq.cases.started import event_start, refresh_started
from halyq.city.calendar import WorkingCalendar, load_calendar
from halyq.city.profile import CityProfile
from halyq.corrections import apply_corrections
from halyq.db.models import Analysis, Case, CasePost, Post
from halyq.db.types import utcnow
from halyq.nlp.analyze import analyze

log = logging.getLogger(__name__)
# PostgreSQL's deadlock and serialisation failures: the batch is rolled back and run again.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
BATCH_ATTEMPTS = 3
# Posts waiting for analysis; a post its channel deleted before we read it opens no case.
PENDING = (Post.analysed_at.is_(None), Post.deleted_at.is_(None))


@dataclass
class PipelineResult:
    analysed: int = 0
    cases_opened: int = 0
    merged: int = 0  # complaints that joined an open case of the same incident
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "analysed": self.analysed,
            "cases_opened": self.cases_opened,
            "merged": self.merged,
            "failed": self.failed,
        }

    def add(self, other: PipelineResult) -> None:
        self.analysed += other.analysed
        self.cases_opened += other.cases_opened
        self.merged += other.merged
        self.failed += other.failed


def process_post(
    session: Session,
    profile: CityProfile,
    post: Post,
    *,
    calendar: WorkingCalendar | None = None,
    rules: MergeRules | None = None,
    now: datetime | None = None,
) -> Filed | None:
    """Analyse one post (replacing any earlier analysis); a new complaint joins the open case
    of its incident or opens one. Returns where it was filed, None when nothing was filed.

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
    row.event_time = reading.event_time
    row.times = contract["times"]
    zone = ZoneInfo(profile.timezone)
    row.event_start = event_start(
        reading.event_date, reading.event_time, created_at=post.created_at, zone=zone
    )
    row.redacted_text = reading.redacted_text
    row.model_version = reading.model_version
    row.analysed_at = now
    apply_corrections(session, row)  # what a specialist set outlives a new reading
    post.analysed_at, post.analysis_error = now, None
    session.flush()
    linked = _linked_case(session, post)
    if linked is not None:
        store_bands(session, post.id, post.text)  # an edited text finds its copies anew
        refresh_started(session, linked)  # and may say another day the problem began
        return None
    if not row.is_complaint:
        return None
    return file_complaint(
        session,
        profile=profile,
        calendar=calendar or load_calendar(profile),
        rules=rules or load_merge_rules(profile),
        post=post,
        analysis=row,
        now=now,
    )


def process_pending(
    sessions: sessionmaker[Session],
    profile: CityProfile,
    *,
    batch_size: int = 200,
    on_batch: Callable[[PipelineResult], None] | None = None,
) -> PipelineResult:
    """Drain every post not analysed yet, one transaction per batch; returns the totals.

    On PostgreSQL, concurrent workers skip each other's rows (FOR UPDATE SKIP LOCKED), and a
    batch that meets a deadlock with another worker is rolled back and run again.
    A post whose analysis fails is marked with the error and does not stop the batch.
    """
    calendar = load_calendar(profile)
    rules = load_merge_rules(profile)
    total = PipelineResult()
    while True:
        result = _run_batch(sessions, profile, calendar, rules, batch_size)
        if result is None:
            return total
        total.add(result)
        if on_batch:
            on_batch(result)


def _run_batch(
    sessions: sessionmaker[Session],
    profile: CityProfile,
    calendar: WorkingCalendar,
    rules: MergeRules,
    batch_size: int,
) -> PipelineResult | None:
    """One batch in one transaction; None when nothing is waiting."""
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            with sessions.begin() as session:
                batch = _claim(session, batch_size)
                if not batch:
                    return None
                return _process_batch(session, profile, calendar, rules, batch)
        except DBAPIError as exc:
            if not is_transient(exc) or attempt == BATCH_ATTEMPTS:
                raise
            log.warning("batch rolled back (%s), attempt %d", exc.orig, attempt)
    raise AssertionError("unreachable")


def is_transient(exc: BaseException) -> bool:
    """A deadlock or serialisation failure: retrying the transaction is the cure."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in RETRY_SQLSTATES


def count_pending(session: Session) -> int:
    return session.scalar(select(func.count()).where(*PENDING)) or 0


def _claim(session: Session, limit: int) -> list[Post]:
    query = select(Post).where(*PENDING).order_by(Post.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _process_batch(
    session: Session,
    profile: CityProfile,
    calendar: WorkingCalendar,
    rules: MergeRules,
    batch: list[Post],
) -> PipelineResult:
    result = PipelineResult()
    for post in batch:
        outcome = process_post_safely(session, profile, post, calendar=calendar, rules=rules)
        if outcome is False:
            result.failed += 1
            continue
        result.analysed += 1
        result.cases_opened += outcome is not None and outcome.how == "opened"
        result.merged += outcome is not None and outcome.how == "merged"
    return result


def process_post_safely(
    session: Session,
    profile: CityProfile,
    post: Post,
    *,
    calendar: WorkingCalendar,
    rules: MergeRules | None = None,
) -> Filed | Literal[False] | None:
    """process_post() under a savepoint: on failure the post keeps its error and stays stored.

    Returns where the complaint was filed, None (nothing filed), or False when it failed.
    A deadlock is not the post's fault: it is raised so the whole batch is tried again.
    """
    try:
        with session.begin_nested():
            return process_post(session, profile, post, calendar=calendar, rules=rules)
    except Exception as exc:  # one bad post must not stop the others, nor lose itself
        if is_transient(exc):
            raise
        log.exception("post %s (%s/%s) failed", post.id, post.source, post.external_id)
        post.analysed_at, post.analysis_error = utcnow(), f"{type(exc).__name__}: {exc}"
        session.flush()
        return False


def _linked_case(session: Session, post: Post) -> Case | None:
    return session.scalar(
        select(Case).join(CasePost, CasePost.case_id == Case.id).where(CasePost.post_id == post.id)
    )
