"""Run live sources: fetch each batch, store it, and only then move the source's cursor.

A batch's posts, its deletions and its cursor go into the database in one transaction, so a
run killed half-way resumes from the last stored batch and stores nothing twice. Whatever a
connector does (an HTTP 500, an expired token, a bug) ends as the source's `last_error`;
nothing is raised to the worker that called.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.db.sources import Source, SourceRun
from halyq.db.types import utcnow
from halyq.sources.connector import Batch, Connector, SourceError
from halyq.sources.kinds import FACTORIES
from halyq.sources.store import refusal, store_batch

log = logging.getLogger(__name__)
# A worker that claimed a source and died leaves it claimed this long, then another runs it.
LEASE = timedelta(hours=1)
KEPT_PROBLEMS = 50  # rejected items described in a run's record; the rest are counted


@dataclass
class RunSummary:
    """What one run of one source did."""

    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)  # rejected items: id and why
    error: str | None = None
    paused: bool = False  # the error was fatal: the source waits for an admin
    next_run_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "rejected": self.rejected,
            "error": self.error,
            "paused": self.paused,
            "next_run_at": self.next_run_at.isoformat() if self.next_run_at else None,
        }


class UnknownSource(LookupError):
    """No source has this name."""


def run_source(
    sessions: sessionmaker[Session], name: str, settings: Settings, *, now: datetime | None = None
) -> RunSummary:
    """Run the source called `name` once, whatever its schedule; raises UnknownSource only."""
    started = now or utcnow()
    with session_scope(sessions) as session:
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            raise UnknownSource(f"no source named {name!r} (see `halyq sources list`)")
        source.last_run_at, source.runs = started, source.runs + 1
        run = SourceRun(source_id=source.id, started_at=started, problems=[])
        session.add(run)
        session.flush()
        source_id, run_id = source.id, run.id
        kind, config, cursor = source.kind, dict(source.config), dict(source.cursor or {})
    summary = RunSummary(source=name)
    failure: SourceError | None = None
    try:
        connector = _connector(kind, config, settings)
        for batch in _closing(connector.fetch(cursor)):
            _store_batch(sessions, source_id, run_id, batch, summary, settings)
    except SourceError as exc:
        failure = exc
    except Exception as exc:  # a connector's bug must not stop the worker: it is reported
        log.exception("source %s (%s) failed", name, kind)
        failure = SourceError(f"{kind} {name}: {type(exc).__name__}: {exc}")
    _finish(sessions, source_id, run_id, summary, failure, started=started)
    return summary


def run_due_sources(
    sessions: sessionmaker[Session], settings: Settings, *, now: datetime | None = None
) -> list[RunSummary]:
    """Run every unpaused source whose next run is due; never raises for a source's failure.

    Each source is claimed first (its next run moved a LEASE ahead, only if still due), so two
    workers never run the same source at once.
    """
    moment = now or utcnow()
    with sessions() as session:
        due = session.execute(
            select(Source.id, Source.name)
            .where(Source.paused.is_(False), _is_due(moment))
            .order_by(Source.next_run_at.is_not(None), Source.next_run_at, Source.id)
        ).all()
    done = []
    for source_id, name in due:
        try:
            if _claim(sessions, source_id, moment):
                done.append(run_source(sessions, name, settings, now=moment))
        except Exception:  # the database, not the source: log it and serve the others
            log.exception("source %s could not be run", name)
    return done


def _is_due(moment: datetime) -> Any:
    return or_(Source.next_run_at.is_(None), Source.next_run_at <= moment)


def _claim(sessions: sessionmaker[Session], source_id: int, moment: datetime) -> bool:
    with session_scope(sessions) as session:
        claimed = session.execute(
            update(Source)
            .where(Source.id == source_id, Source.paused.is_(False), _is_due(moment))
            .values(next_run_at=moment + LEASE)
        )
        return bool(getattr(claimed, "rowcount", 0))


def _connector(kind: str, config: dict[str, Any], settings: Settings) -> Connector:
    factory = FACTORIES.get(kind)
    if factory is None:
        raise SourceError(
            f"unknown kind {kind!r}; known: {', '.join(sorted(FACTORIES))}", fatal=True
        )
    try:
        return factory(config, settings)
    except ValueError as exc:  # a config no run can fix: wait for an admin
        raise SourceError(str(exc), fatal=True) from None


def _closing(batches: Iterator[Batch]) -> Iterator[Batch]:
    """Iterate, and close the connector's generator (its HTTP client) however we leave."""
    try:
        yield from batches
    finally:
        close: Callable[[], object] | None = getattr(batches, "close", None)
        if close is not None:
            with suppress(Exception):
                close()


def _store_batch(
    sessions: sessionmaker[Session],
    source_id: int,
    run_id: int,
    batch: Batch,
    summary: RunSummary,
    settings: Settings,
) -> None:
    """One transaction: the posts, the deletions, the counters and then the cursor."""
    if (batch.deleted or batch.threads) and not batch.source:
        raise SourceError("the connector reported deletions without saying their source")
    key = settings.resolved_pseudonym_key()
    counts = {"added": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    problems = list(batch.rejected)
    with session_scope(sessions) as session:
        now = utcnow()
        for post, result in zip(
            batch.posts, store_batch(session, batch.posts, pseudonym_key=key), strict=True
        ):
            if isinstance(result, str):
                counts[result] += 1
            else:  # the database refused this one; nothing else was harmed
                problems.append(f"{post.source} {post.external_id}: {refusal(result)}")
        if batch.source:
            counts["deleted"] = _mark_deleted(session, batch, now)
        source = session.get_one(Source, source_id)
        run = session.get_one(SourceRun, run_id)
        if batch.cursor:
            source.cursor = batch.cursor
        _count(source, run, summary, counts, problems)


def _mark_deleted(session: Session, batch: Batch, now: datetime) -> int:
    """Mark what the platform says is gone; the text stays (cases and audits refer to it)."""
    gone = set(batch.deleted)
    for root, listed in batch.threads.items():
        gone |= _vanished(session, batch.source or "", root, set(listed))
    if not gone:
        return 0
    marked = session.execute(
        update(Post)
        .where(
            Post.source == batch.source,
            Post.external_id.in_(sorted(gone)),
            Post.deleted_at.is_(None),
        )
        .values(deleted_at=now)
    )
    return int(getattr(marked, "rowcount", 0))


def _vanished(session: Session, source: str, root: str, listed: set[str]) -> set[str]:
    """Stored posts under `root` (at any depth) that the platform no longer lists."""
    gone: set[str] = set()
    seen: set[str] = set()
    frontier = {root}
    while frontier:
        children = session.scalars(
            select(Post.external_id).where(Post.source == source, Post.reply_to.in_(frontier))
        ).all()
        frontier = {child for child in children if child not in seen}
        seen |= frontier
        gone |= frontier - listed
    return gone


def _count(
    source: Source,
    run: SourceRun,
    summary: RunSummary,
    counts: dict[str, int],
    problems: list[str],
) -> None:
    for name, value in counts.items():
        setattr(summary, name, getattr(summary, name) + value)
        setattr(run, name, getattr(run, name) + value)
    source.posts_added += counts["added"]
    source.posts_updated += counts["updated"]
    source.posts_deleted += counts["deleted"]
    source.posts_rejected += len(problems)
    summary.rejected += len(problems)
    run.rejected += len(problems)
    summary.problems += problems
    for problem in problems:
        log.warning("rejected: %s", problem)
    room = KEPT_PROBLEMS - len(run.problems)
    if room > 0 and problems:
        run.problems = [*run.problems, *problems[:room]]


def _finish(
    sessions: sessionmaker[Session],
    source_id: int,
    run_id: int,
    summary: RunSummary,
    failure: SourceError | None,
    *,
    started: datetime,
) -> None:
    """Record the outcome on the source and its run; schedule the next run from its end (or
    from the given start, when the caller runs on a clock of its own)."""
    with session_scope(sessions) as session:
        now = max(utcnow(), started)
        source = session.get_one(Source, source_id)
        run = session.get_one(SourceRun, run_id)
        run.finished_at = now
        wait = timedelta(minutes=source.schedule_minutes)
        if failure is None:
            source.last_success_at, source.failures = now, 0
        else:
            summary.error = run.error = source.last_error = str(failure)
            source.last_error_at, source.failures = now, source.failures + 1
            if failure.retry_after is not None:
                wait = timedelta(seconds=failure.retry_after)
            if failure.fatal:
                source.paused = summary.paused = True
            log.warning("source %s: %s", summary.source, failure)
        source.next_run_at = summary.next_run_at = now + wait
