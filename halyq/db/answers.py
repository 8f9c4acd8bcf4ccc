"""Answers to residents and the keys of Open311 clients.

An answer is never edited in place: each save is a new row (and a CaseEvent), the newest one
is the case's answer. Keys are random, so a SHA-256 of the key is enough at rest: nobody can
search 192 random bits, and a lookup by digest needs no slow hash per request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy import event as orm_event
from sqlalchemy.orm import Mapped, mapped_column

from halyq.db.models import Base
from halyq.db.types import UTCDateTime, utcnow

ANSWER_LANGS = ("kk", "ru")


class CaseAnswer(Base):
    """One saved version of the answer to the residents of a case."""

    __tablename__ = "case_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(2))  # one of ANSWER_LANGS
    text: Mapped[str] = mapped_column(Text)  # as the executor wrote it
    public_text: Mapped[str] = mapped_column(Text)  # personal data removed, for the public
    author: Mapped[str] = mapped_column(String(64))  # a username
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@orm_event.listens_for(CaseAnswer, "before_update")
def _answers_are_append_only(_mapper: Any, _connection: Any, target: CaseAnswer) -> None:
    raise ValueError(f"answer {target.id} was sent as it is; save a new answer instead")


class ApiKey(Base):
    """A key an Open311 client sends as `api_key` to file requests; only its digest is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
