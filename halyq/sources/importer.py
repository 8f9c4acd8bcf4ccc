"""Put a stream of posts into the database, counting what happened to each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from halyq.sources.jsonl import LineError
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

COMMIT_EVERY = 500


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[LineError] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def import_posts(
    sessions: sessionmaker[Session],
    items: Iterable[tuple[int, PostIn | LineError]],
    *,
    pseudonym_key: str,
    on_item: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Store every valid post; invalid ones are counted and kept in `errors` with their place.

    Each post goes in under a savepoint, so a post the database refuses harms nothing else;
    commits come every COMMIT_EVERY posts, so a crash loses at most one uncommitted batch,
    which a re-run adds again (storage is idempotent).
    """
    summary = ImportSummary()
    session = sessions()
    try:
        for pending, (place, item) in enumerate(items, start=1):
            if isinstance(item, LineError):
                _reject(summary, item)
            else:
                _store_one(session, summary, place, item, pseudonym_key)
            if pending % COMMIT_EVERY == 0:
                session.commit()
            if on_item:
                on_item(summary)
        session.commit()
    finally:
        session.close()
    return summary


def _store_one(
    session: Session, summary: ImportSummary, place: int, post: PostIn, key: str
) -> None:
    try:
        with session.begin_nested():
            result, _row = store_post(session, post, pseudonym_key=key)
    except SQLAlchemyError as exc:
        _reject(
            summary,
            LineError(
                place,
                f"the database refused it: {exc.__class__.__name__}: "
                f"{str(exc.orig if hasattr(exc, 'orig') else exc)[:200]}",
            ),
        )
        return
    setattr(summary, result, getattr(summary, result) + 1)


def _reject(summary: ImportSummary, error: LineError) -> None:
    summary.rejected += 1
    summary.errors.append(error)
