"""Operators' corrections to what Halyq read in a post: the labels `halyq train` learns from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from halyq.db.models import Base
from halyq.db.types import UTCDateTime, utcnow

CORRECTABLE = ("category", "is_complaint", "urgency")


class Correction(Base):
    """One field of one post's analysis set by a person; the newest per (post, field) wins.
    Rows are never changed: a correction of a correction is a new row."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_post_field", "post_id", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))  # one of CORRECTABLE
    old_value: Mapped[str | None] = mapped_column(String(64))  # what the model said
    new_value: Mapped[str] = mapped_column(String(64))  # "true"/"false" for is_complaint
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
