"""The core records: posts, their analysis, cases with their audit trail, departments, users."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import event as orm_event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from halyq.db.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_kk: Mapped[str] = mapped_column(String(255))
    name_ru: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # akimat | regional | external


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # admin | analyst | executor | head
    department_code: Mapped[str | None] = mapped_column(ForeignKey("departments.code"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where case notices go (halyq.notify): a Telegram chat id and an e-mail address.
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    # The bot got 403 from this chat (blocked): no Telegram notices until the id is set again.
    telegram_blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Post(Base):
    """One message as the channel gave it; (source, external_id) makes re-imports no-ops."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_posts_source_external_id"),
        Index("ix_posts_analysed_at", "analysed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(128))
    external_id: Mapped[str] = mapped_column(String(255))
    author_hash: Mapped[str | None] = mapped_column(String(64))  # pseudonym, stable per author
    author_name: Mapped[str | None] = mapped_column(String(255))  # shown only to analysts
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    url: Mapped[str | None] = mapped_column(String(2048))
    reply_to: Mapped[str | None] = mapped_column(String(255))
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    analysis_error: Mapped[str | None] = mapped_column(Text)  # why the pipeline gave up on it
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the channel's last edit
    # The channel deleted it: kept (cases and the audit trail refer to it), hidden from counts.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    analysis: Mapped[Analysis | None] = relationship(back_populates="post", uselist=False)


class Analysis(Base):
    """What Halyq read in a post; one per post, replaced when the post is analysed again."""

    __tablename__ = "analyses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    lang: Mapped[str] = mapped_column(String(8))
    is_complaint: Mapped[bool] = mapped_column(Boolean)
    complaint_score: Mapped[float] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(64))
    category_scores: Mapped[dict[str, float]] = mapped_column(JSON)
    urgency: Mapped[str] = mapped_column(String(8))
    sentiment: Mapped[str] = mapped_column(String(8))
    places: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    event_date: Mapped[date | None] = mapped_column(Date)
    event_surface: Mapped[str | None] = mapped_column(String(255))
    # The time of day the post states ("07:30", or morning | day | evening | night).
    event_time: Mapped[str | None] = mapped_column(String(8))
    # The moment the post says its problem began (halyq.cases.started), None if it says no date.
    event_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every expression of time in the post (surface, offsets, date, time); None if read earlier.
    times: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    redacted_text: Mapped[str] = mapped_column(Text)
    model_version: Mapped[str] = mapped_column(String(64))
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="analysis")


def _first_post_at(context: Any) -> Any:
    """A case nobody said more about started when its first post was written."""
    return context.get_current_parameters()["first_post_at"]


class Case(Base):
    """One real-world incident, routed to one department, held to a deadline."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ix_cases_department_code", "department_code"),
        # The merge lookup: open cases at this place, of these categories, posted to lately.
        Index("ix_cases_incident", "place_canonical", "category", "last_post_at"),
        # The same by category and time alone, for posts that carry a map point.
        Index("ix_cases_category_last_post_at", "category", "last_post_at"),
        Index("ix_cases_due_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    status: Mapped[str] = mapped_column(String(16), default="new")
    track: Mapped[str] = mapped_column(String(8), default="signal")  # signal | appeal
    urgency: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(Text)  # redacted, for lists and the public page
    place_canonical: Mapped[str | None] = mapped_column(String(255))
    place_kind: Mapped[str | None] = mapped_column(String(32))
    place_house: Mapped[str | None] = mapped_column(String(32))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # How close the point is: address | street | area | settlement (None: no point).
    place_precision: Mapped[str | None] = mapped_column(String(16))
    # The settlement of the city administration the place lies in, if any (its akim first).
    district: Mapped[str | None] = mapped_column(String(255))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Distinct authors among the posts (anonymous posts count one each), kept by cases.links.
    residents: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # When the earliest and the latest of its posts were written: the merge window runs on these.
    first_post_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the problem began: the earliest moment its posts state, else the first post's time;
    # the precision (time | part | date | post) says how much of it is known.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_first_post_at)
    started_precision: Mapped[str] = mapped_column(String(8), default="post", server_default="post")
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", name="fk_cases_duplicate_of_id_cases")
    )
    # The unguessable part of the case's public status link, /status/TOKEN.
    public_token: Mapped[str] = mapped_column(
        String(32), unique=True, index=True, default=lambda: secrets.token_urlsafe(12)
    )

    department: Mapped[Department] = relationship()
    posts: Mapped[list[Post]] = relationship(secondary="case_posts", order_by="Post.created_at")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )


class CasePost(Base):
    """A post belongs to at most one case."""

    __tablename__ = "case_posts"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseEvent(Base):
    """Append-only audit of a case: who, when, what changed, why (and the evidence)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))  # a username, or "system"
    # opened | routed | status | post_linked | rerouted | merged | merged_into | split |
    # split_from | posts_moved | track | escalated
    action: Mapped[str] = mapped_column(String(32))
    from_value: Mapped[str | None] = mapped_column(String(255))
    to_value: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str | None] = mapped_column(Text)
    # Machine-readable evidence, e.g. the merge rule and what matched.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="events")


@orm_event.listens_for(CaseEvent, "before_update")
def _events_are_append_only(_mapper: Any, _connection: Any, target: CaseEvent) -> None:
    raise ValueError(f"case event {target.id} is part of the audit trail and cannot be changed")


class PostBand(Base):
    """One LSH band of a complaint's MinHash: posts sharing a band are near-copy candidates.

    Kept in the database, not in a process, so every worker sees the same index and a restart
    loses nothing.
    """

    __tablename__ = "post_bands"
    __table_args__ = (Index("ix_post_bands_band", "band"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    band: Mapped[int] = mapped_column(BigInteger, primary_key=True)


# The other record modules share `Base`; importing them here means that whoever imports the
# models (the app, Alembic, the schema tests) sees every table.
from halyq.db import answers as answers  # noqa: E402
from halyq.db import civil as civil  # noqa: E402
from halyq.db import corrections as corrections  # noqa: E402
from halyq.db import notices as notices  # noqa: E402
from halyq.db import sources as sources  # noqa: E402
