"""Store posts once: (source, external_id) is the key; the same post again is a no-op."""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.db.models import Post
from halyq.db.types import utcnow
from halyq.sources.records import PostIn

StoreResult = Literal["added", "updated", "unchanged"]


def pseudonym(source: str, author: str | None, *, key: str) -> str | None:
    """A stable per-installation pseudonym; without the key nobody can map it back to a name."""
    if not author:
        return None
    digest = hmac.new(key.encode(), f"{source}\x00{author}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def store_post(session: Session, post: PostIn, *, pseudonym_key: str) -> tuple[StoreResult, Post]:
    """Insert a new post, or update its text when the channel reports an edit.

    An edited post keeps its earlier texts in raw["_history"] and goes back to the worker.
    """
    row = session.scalars(
        select(Post).where(Post.source == post.source, Post.external_id == post.external_id)
    ).one_or_none()
    if row is None:
        row = _new_row(post, pseudonym_key)
        session.add(row)
        session.flush()
        return "added", row
    if row.text == post.text:
        return "unchanged", row
    history = [
        *row.raw.get("_history", []),
        {"text": row.text, "replaced_at": utcnow().isoformat()},
    ]
    row.raw = {**post.raw, "_history": history}
    row.text = post.text
    row.analysed_at = None
    row.analysis_error = None
    session.flush()
    return "updated", row


def _new_row(post: PostIn, key: str) -> Post:
    now = utcnow()
    return Post(
        source=post.source,
        external_id=post.external_id,
        author_hash=pseudonym(post.source, post.author, key=key),
        author_name=post.author,
        text=post.text,
        created_at=post.created_at or now,
        received_at=now,
        url=post.url,
        reply_to=post.reply_to,
        raw=post.raw,
        edited_at=post.edited_at,
    )
