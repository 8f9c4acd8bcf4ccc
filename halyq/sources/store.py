"""Store posts once: (source, external_id) is the key; the same post again is a no-op.

Two ways in that give the same rows: `store_post` for one post (the web API), `store_batch`
for many (every importer), which asks the database once per batch instead of once per post.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from halyq.db.models import Post
from halyq.db.types import utcnow
from halyq.sources.records import PostIn

StoreResult = Literal["added", "updated", "unchanged"]
PostKey = tuple[str, str]  # (source, external_id)
# The table itself: a Core INSERT of many rows skips the ORM's per-object bookkeeping.
POSTS = cast(Table, Post.__table__)


def pseudonym(source: str, author: str | None, *, key: str) -> str | None:
    """A stable per-installation pseudonym; without the key nobody can map it back to a name."""
    if not author:
        return None
    return _pseudonym(key, source, author)


@lru_cache(maxsize=65_536)  # a chat's few hundred authors write thousands of messages
def _pseudonym(key: str, source: str, author: str) -> str:
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
        row = Post(**row_values(post, pseudonym_key, utcnow()))
        session.add(row)
        session.flush()
        return "added", row
    if not is_newer(post, stored_text=row.text, stored_edit=row.edited_at):
        return "unchanged", row
    history = [
        *row.raw.get("_history", []),
        {"text": row.text, "replaced_at": utcnow().isoformat()},
    ]
    row.raw = {**post.raw, "_history": history}
    row.text = post.text
    row.edited_at = post.edited_at or row.edited_at
    row.analysed_at = None
    row.analysis_error = None
    session.flush()
    return "updated", row


def is_newer(post: PostIn, *, stored_text: str, stored_edit: datetime | None) -> bool:
    """Whether `post` replaces the stored text: it differs, and when the stored copy carries
    an edit time, `post` was edited later (an older export of an edited message is stale)."""
    if post.text == stored_text:
        return False
    return stored_edit is None or (post.edited_at is not None and post.edited_at > stored_edit)


def row_values(post: PostIn, key: str, now: datetime) -> dict[str, Any]:
    """The columns of a new posts row; analysed_at stays NULL so the worker picks it up."""
    if post.author_is_pseudonym:
        author_hash, author_name = post.author, None
    else:
        author_hash = pseudonym(post.source, post.author_key or post.author, key=key)
        author_name = post.author
    return {
        "source": post.source,
        "external_id": post.external_id,
        "author_hash": author_hash,
        "author_name": author_name,
        "text": post.text,
        "created_at": post.created_at or now,
        "received_at": now,
        "url": post.url,
        "reply_to": post.reply_to,
        "raw": post.raw,
        "edited_at": post.edited_at,
    }


def refusal(exc: SQLAlchemyError) -> str:
    """A database refusal of one post, in words for the import's report."""
    reason = str(getattr(exc, "orig", None) or exc)[:200]
    return f"the database refused it: {exc.__class__.__name__}: {reason}"


def store_batch(
    session: Session, posts: Sequence[PostIn], *, pseudonym_key: str
) -> list[StoreResult | SQLAlchemyError]:
    """Store many posts with the same results as `store_post` one by one, in order.

    One SELECT finds the stored ones, one multi-row INSERT adds the new ones, edits go one
    by one. When the INSERT fails, each new post is tried alone under a savepoint, so a post
    the database refuses harms no other: its place in the answer holds the error instead.
    """
    outcome: dict[int, StoreResult | SQLAlchemyError] = {}
    firsts: dict[PostKey, int] = {}
    repeats: list[int] = []  # the same post twice in one batch: the later one goes after
    for index, post in enumerate(posts):
        if firsts.setdefault((post.source, post.external_id), index) != index:
            repeats.append(index)
    stored = _stored(session, list(firsts))
    new = [index for key, index in firsts.items() if key not in stored]
    now = utcnow()
    if _insert_all(session, [row_values(posts[i], pseudonym_key, now) for i in new]):
        outcome.update((index, "added") for index in new)
    for key, index in firsts.items():
        if key in stored and not is_newer(posts[index], **stored[key]):
            outcome[index] = "unchanged"
    # Edits, new posts when the INSERT failed, then repeats: one by one, in order.
    for index in [*(i for i in firsts.values() if i not in outcome), *repeats]:
        outcome[index] = _store_alone(session, posts[index], pseudonym_key)
    return [outcome[index] for index in range(len(posts))]


def _stored(session: Session, keys: list[PostKey]) -> dict[PostKey, dict[str, Any]]:
    """The text and edit time of each post of `keys` already stored."""
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found: dict[PostKey, dict[str, Any]] = {}
    for source, ids in by_source.items():
        query = select(Post.external_id, Post.text, Post.edited_at).where(
            Post.source == source, Post.external_id.in_(ids)
        )
        for external_id, text, edited_at in session.execute(query):
            found[(source, external_id)] = {"stored_text": text, "stored_edit": edited_at}
    return found


def _insert_all(session: Session, rows: list[dict[str, Any]]) -> bool:
    if not rows:
        return True
    try:
        with session.begin_nested():
            session.execute(insert(POSTS), rows)
    except SQLAlchemyError:
        return False
    return True


def _store_alone(session: Session, post: PostIn, key: str) -> StoreResult | SQLAlchemyError:
    try:
        with session.begin_nested():
            result, _row = store_post(session, post, pseudonym_key=key)
    except SQLAlchemyError as exc:
        return exc
    return result
