"""The sources registry: each configured live channel, its schedule, cursor and last outcome.

Kept beside the post records (same `Base`); the runner (`halyq.sources.runner`) reads and
writes these rows, the connectors never do. A source's `config` holds what to read (channel
ids, page ids, keywords, feed addresses), never a secret: credentials come from Settings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from halyq.db.models import Base
from halyq.db.types import UTCDateTime, utcnow


class Source(Base):
    """One configured channel: `halyq sources add NAME --kind vk ...`."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # a key of halyq.sources.kinds.FACTORIES
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    schedule_minutes: Mapped[int] = mapped_column(Integer, default=15)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where the next run starts; saved only after the batch it follows is stored.
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)  # what failed and where
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: due now
    failures: Mapped[int] = mapped_column(Integer, default=0)  # failed runs in a row
    runs: Mapped[int] = mapped_column(Integer, default=0)
    posts_added: Mapped[int] = mapped_column(Integer, default=0)
    posts_updated: Mapped[int] = mapped_column(Integer, default=0)
    posts_deleted: Mapped[int] = mapped_column(Integer, default=0)
    posts_rejected: Mapped[int] = mapped_column(Integer, default=0)


class SourceRun(Base):
    """One run of one source: what it took in and what went wrong; "posts today" sums these."""

    __tablename__ = "source_runs"
    __table_args__ = (Index("ix_source_runs_source_id_started_at", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # The first rejected items, each with its id and why (the rest are only counted).
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
