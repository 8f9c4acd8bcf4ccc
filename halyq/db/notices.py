"""Records of what a case's deadlines and notices produced: the notification outbox, the
appeal extensions and the letters that forward cases to bodies outside the akimat.

Kept beside the case records (same `Base`); the logic lives in `halyq.notify`,
`halyq.cases.extension` and `halyq.cases.forwarding`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from halyq.db.models import Base
from halyq.db.types import UTCDateTime, utcnow

CHANNELS = ("telegram", "email")
# new: a case came to the department; the others are the escalation levels.
NOTICE_KINDS = ("new", "due_soon", "overdue", "notice_overdue", "redirect_overdue")


class Notification(Base):
    """One message to one user by one channel: written in the transaction of the event that
    causes it, sent by the worker afterwards (a transactional outbox)."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One notice of a kind per case, user and channel: re-running never sends it twice.
        UniqueConstraint("case_id", "user_id", "channel", "kind", name="uq_notifications_once"),
        Index("ix_notifications_pending", "sent_at", "failed_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))  # telegram | email
    kind: Mapped[str] = mapped_column(String(32))  # see NOTICE_KINDS
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    # The facts the message shows (number, category, street, due time): no personal data.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # given up on
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)


class CaseExtension(Base):
    """The one extension of an appeal's deadline the APC allows, and the notice of it that
    the applicant must get within three working days."""

    __tablename__ = "case_extensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique: a second extension is refused by the database too.
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    extended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extended_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extended_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notice_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notice_channel: Mapped[str | None] = mapped_column(String(16))
    noticed_by: Mapped[str | None] = mapped_column(String(64))


class ForwardLetter(Base):
    """The cover letter a case was forwarded with, kept as written (its blocks in Kazakh and
    Russian); the `forwarded` CaseEvent holds the same SHA-256 of its text."""

    __tablename__ = "forward_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
