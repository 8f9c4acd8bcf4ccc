"""Posts out in the one shape every channel shares, for `halyq posts export`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.db.models import Post

EXPORT_BATCH = 1000
FIELDS = ("source", "id", "author", "text", "created_at", "url", "reply_to", "edited_at")


def export_posts(
    session: Session,
    *,
    source: str | None = None,
    since: datetime | None = None,
    include_deleted: bool = False,
) -> Iterator[dict[str, Any]]:
    """Posts in the order they were stored as {"source", "id", "author", "text",
    "created_at", "url", "reply_to", "edited_at"}: `author` is the pseudonym, never the
    name; times are ISO 8601 with their offset. Streams EXPORT_BATCH rows at a time.
    `since` keeps posts written at or after it; posts the channel deleted are left out
    unless `include_deleted`."""
    query = select(
        Post.source,
        Post.external_id,
        Post.author_hash,
        Post.text,
        Post.created_at,
        Post.url,
        Post.reply_to,
        Post.edited_at,
    ).order_by(Post.id)
    if source is not None:
        query = query.where(Post.source == source)
    if since is not None:
        query = query.where(Post.created_at >= since)
    if not include_deleted:
        query = query.where(Post.deleted_at.is_(None))
    rows = session.execute(query.execution_options(yield_per=EXPORT_BATCH))
    for src, external_id, author, text, created_at, url, reply_to, edited_at in rows:
        yield {
            "source": src,
            "id": external_id,
            "author": author,
            "text": text,
            "created_at": created_at.isoformat(),
            "url": url,
            "reply_to": reply_to,
            "edited_at": edited_at.isoformat() if edited_at else None,
        }
