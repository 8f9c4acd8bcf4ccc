"""Put a stream of posts into the database, counting what happened to each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from halyq.sources.jsonl import LineError
from halyq.sources.records import PostIn, Rejected
from halyq.sources.store import refusal, store_batch

BATCH_SIZE = 1000
COMMIT_EVERY = BATCH_SIZE  # each batch is one transaction

# Where an item stood in its input: a line number (JSONL), or words ("message 1045").
Place = int | str
ItemError = LineError | Rejected


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[ItemError] = field(default_factory=list)  # unless on_error takes them
    # The input broke off (a truncated file): what came before it is stored, not more.
    broken: bool = False

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    @property
    def done(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected


def import_posts(
    sessions: sessionmaker[Session],
    items: Iterable[tuple[Place, PostIn | ItemError]],
    *,
    pseudonym_key: str,
    on_item: Callable[[ImportSummary], None] | None = None,
    on_batch: Callable[[ImportSummary], None] | None = None,
    on_error: Callable[[ItemError], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Store every valid post; invalid ones are counted and kept in `errors` with their place.

    Posts go in `batch_size` at a time (see store_batch), each batch committed, so a crash
    loses at most the batch in hand, which a re-run adds (storage is idempotent); a post the
    database refuses is rejected alone. `on_item` is called after every item, `on_batch` after
    every commit (cheaper, for progress displays); `on_error` takes each rejection as it comes
    instead of `errors` keeping them all (memory stays flat however bad the input).
    """
    summary = ImportSummary()
    batch: list[tuple[Place, PostIn]] = []
    with sessions() as session:
        for place, item in items:
            if isinstance(item, PostIn):
                batch.append((place, item))
                if len(batch) >= batch_size:
                    _store(session, batch, summary, pseudonym_key, on_batch, on_error)
                    batch = []
            else:
                _reject(summary, item, on_error)
            if on_item:
                on_item(summary)
        _store(session, batch, summary, pseudonym_key, on_batch, on_error)
    return summary


def _store(
    session: Session,
    batch: list[tuple[Place, PostIn]],
    summary: ImportSummary,
    key: str,
    on_batch: Callable[[ImportSummary], None] | None,
    on_error: Callable[[ItemError], None] | None,
) -> None:
    if not batch:
        return
    results = store_batch(session, [post for _place, post in batch], pseudonym_key=key)
    for (place, _post), result in zip(batch, results, strict=True):
        if isinstance(result, SQLAlchemyError):
            _reject(summary, _refused(place, result), on_error)
        else:
            setattr(summary, result, getattr(summary, result) + 1)
    session.commit()
    if on_batch:
        on_batch(summary)


def _refused(place: Place, exc: SQLAlchemyError) -> ItemError:
    message = refusal(exc)
    return LineError(place, message) if isinstance(place, int) else Rejected(place, message)


def _reject(
    summary: ImportSummary, error: ItemError, on_error: Callable[[ItemError], None] | None
) -> None:
    summary.rejected += 1
    summary.broken = summary.broken or error.fatal
    if on_error:
        on_error(error)
    else:
        summary.errors.append(error)
