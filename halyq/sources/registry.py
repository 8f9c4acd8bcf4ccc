"""The sources registry as plain functions: add, pause, resume, and list with today's counts.

The CLI (`halyq sources ...`) and the sources page call these; the runner runs what they set up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from halyq.config import Settings
from halyq.db.sources import Source, SourceRun
from halyq.sources.kinds import FACTORIES
from halyq.sources.runner import UnknownSource

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Config keys that would hold a secret: credentials belong in the settings, never in the database.
SECRET_KEYS = re.compile(r"token|secret|password|api_?key|^key$", re.IGNORECASE)


@dataclass(frozen=True)
class SourceOverview:
    """One line of `halyq sources list` and of the sources page."""

    name: str
    kind: str
    schedule_minutes: int
    paused: bool
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    next_run_at: datetime | None
    failures: int
    posts_today: int
    posts_total: int
    deleted_total: int

    @property
    def failing(self) -> bool:
        """The last run failed (an older error followed by a success is history)."""
        return self.last_error_at is not None and (
            self.last_success_at is None or self.last_error_at > self.last_success_at
        )


def add_source(
    session: Session,
    settings: Settings,
    *,
    name: str,
    kind: str,
    config: dict[str, Any],
    schedule_minutes: int = 15,
) -> Source:
    """Register a source after checking its name, kind and config (no network); ValueError
    says what is wrong."""
    if not NAME.match(name):
        raise ValueError(f"name {name!r}: use 1–64 Latin letters, digits, '_', '-' or '.'")
    if kind not in FACTORIES:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(sorted(FACTORIES))}")
    secret = [key for key in config if SECRET_KEYS.search(key)]
    if secret:
        raise ValueError(
            f"config key {secret[0]!r} looks like a credential: put it in the settings "
            "(HALYQ_VK_TOKEN, HALYQ_META_TOKEN, HALYQ_YOUTUBE_KEY), not in the database"
        )
    if schedule_minutes < 1:
        raise ValueError("schedule: run at most once a minute (--every 1 or more)")
    FACTORIES[kind](config, settings)  # raises ValueError naming the bad field
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise ValueError(f"a source named {name!r} exists")
    source = Source(
        name=name, kind=kind, config=config, schedule_minutes=schedule_minutes, paused=False,
        cursor={}, failures=0, runs=0, posts_added=0, posts_updated=0, posts_deleted=0,
        posts_rejected=0,
    )  # fmt: skip
    session.add(source)
    session.flush()
    return source


def get_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        raise UnknownSource(f"no source named {name!r} (see `halyq sources list`)")
    return source


def set_paused(session: Session, name: str, *, paused: bool) -> Source:
    """Pause a source, or resume it (due at once, its failure streak forgotten)."""
    source = get_source(session, name)
    source.paused = paused
    if not paused:
        source.next_run_at, source.failures = None, 0
    return source


def overviews(session: Session, *, day_start: datetime) -> list[SourceOverview]:
    """Every source by name, with the posts its runs added since `day_start` (the local
    midnight of the city) and in all."""
    today = dict(
        session.execute(
            select(SourceRun.source_id, func.coalesce(func.sum(SourceRun.added), 0))
            .where(SourceRun.started_at >= day_start)
            .group_by(SourceRun.source_id)
        ).all()
    )
    return [
        SourceOverview(
            name=row.name,
            kind=row.kind,
            schedule_minutes=row.schedule_minutes,
            paused=row.paused,
            last_run_at=row.last_run_at,
            last_success_at=row.last_success_at,
            last_error=row.last_error,
            last_error_at=row.last_error_at,
            next_run_at=row.next_run_at,
            failures=row.failures,
            posts_today=int(today.get(row.id, 0)),
            posts_total=row.posts_added,
            deleted_total=row.posts_deleted,
        )
        for row in session.scalars(select(Source).order_by(Source.name))
    ]
