"""What the HTTP connectors share: their config base, the post builder, and the paged walk.

Most platforms list a feed newest first in pages. A run walks back from the newest item to a
floor (the newest item of the last finished walk, less a look-back window so recent edits and
new comments are seen again; on the first run, `since_days` back). The cursor records the
page a walk is on, so a run that fails on page 3 resumes at page 3, and the walk's newest
time, which becomes the next floor only when the walk has finished.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from halyq.sources.connector import Batch, SourceError
from halyq.sources.records import BadRecord, PostIn, post_from_json


class WindowConfig(BaseModel):
    """Options every paged source has; unknown keys are refused (a typo must not pass)."""

    model_config = ConfigDict(extra="forbid")

    comments: bool = Field(True, description="Also read the comments under each item.")
    lookback_days: float = Field(3, gt=0, description="How far back each run looks again.")
    since_days: float = Field(7, gt=0, description="How far back the first run reaches.")


ConfigT = TypeVar("ConfigT", bound=BaseModel)
T = TypeVar("T")


def parse_config(model: type[ConfigT], kind: str, raw: dict[str, Any]) -> ConfigT:
    """Validate a source's config; ValueError names the field ("vk config: owner_ids.0: ...")."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'config'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ValueError(f"{kind} config: {problems}") from None


class Unreadable(SourceError):
    """One configured target (a wall, a page, a video, a feed) cannot be read; the others can.
    The message says which and why; `each_target` reports them all at the end of the run."""


def each_target(targets: Iterable[T], read: Callable[[T], Iterator[Batch]]) -> Iterator[Batch]:
    """Read every target in turn; unreadable ones are skipped, then reported as one error
    after everything readable was yielded (and so stored)."""
    failed: list[str] = []
    for target in targets:
        try:
            yield from read(target)
        except Unreadable as exc:
            failed.append(str(exc))
    if failed:
        raise SourceError("; ".join(failed))


def require_secret(secret: SecretStr | None, setting: str, platform: str) -> str:
    """The credential's value, or a fatal SourceError saying which setting to fill in."""
    if secret is None or not secret.get_secret_value().strip():
        raise SourceError(f"{platform}: {setting} is not set; an admin must add it", fatal=True)
    return secret.get_secret_value().strip()


def make_post(
    *,
    source: str,
    external_id: str,
    text: str | None,
    created_at: datetime | None,
    raw: dict[str, Any],
    author: str | None = None,
    url: str | None = None,
    reply_to: str | None = None,
    edited_at: datetime | None = None,
) -> PostIn:
    """A PostIn checked by the same validation as every import; raises BadRecord."""
    fields = {
        "id": external_id,
        "text": text,
        "source": source,
        "created_at": created_at.isoformat() if created_at else None,
        "author": author,
        "url": url,
        "reply_to": reply_to,
    }
    return replace(post_from_json(fields), raw=raw, edited_at=edited_at)


@dataclass
class Collector:
    """Gathers one batch: posts, rejected items with their ids, deletions and threads."""

    label: str  # "vk", "instagram", ... for the rejected messages
    source: str | None = None
    batch: Batch = field(default_factory=Batch)

    def add(self, item_id: str, build: Callable[[], PostIn | None]) -> None:
        """Build one post; an item that cannot become one is rejected with its id and why."""
        try:
            post = build()
        except (BadRecord, KeyError, TypeError, ValueError) as exc:
            why = f"field {exc} is missing" if isinstance(exc, KeyError) else str(exc)
            self.batch.rejected.append(f"{self.label} {item_id}: {why}")
            return
        if post is not None:
            self.batch.posts.append(post)

    def deleted(self, external_id: str) -> None:
        self.batch.deleted.append(external_id)

    def thread(self, root: str, ids: list[str]) -> None:
        self.batch.threads[root] = ids

    def finish(self, cursor: dict[str, Any]) -> Batch:
        self.batch.source = self.source
        self.batch.cursor = copy.deepcopy(cursor)
        return self.batch


@dataclass
class Page:
    """One page of a newest-first listing: (epoch seconds, item) pairs and the next page's
    token (None at the end). Pinned items may be old; they do not end the walk."""

    items: list[tuple[float | None, Any]]  # None: the item has no time (it will be rejected)
    next: str | int | None
    pinned: set[int] = field(default_factory=set)  # indexes into items


def walk(
    state: dict[str, Any],
    fetch: Callable[[str | int | None], Page],
    window: WindowConfig,
    *,
    now: datetime,
) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield (items at or above the floor, the feed's state after this page) page by page.

    `state` is what the cursor kept for this feed: {"high": epoch of the newest item of the last
    finished walk, "walk": {"page": where the unfinished walk stopped, "top": its newest}}.
    """
    high = state.get("high")
    floor = (
        high - window.lookback_days * 86400
        if high is not None
        else (now - timedelta(days=window.since_days)).timestamp()
    )
    unfinished = state.get("walk") or {}
    page_token, top = unfinished.get("page"), unfinished.get("top")
    while True:
        page = fetch(page_token)
        times = [when for when, _ in page.items if when is not None]
        if times:
            top = max(times) if top is None else max(top, *times)
        dated = [
            when
            for index, (when, _) in enumerate(page.items)
            if index not in page.pinned and when is not None
        ]
        done = page.next is None or not dated or min(dated) < floor
        fresh = [item for when, item in page.items if when is None or when >= floor]
        if done:
            known = [value for value in (high, top) if value is not None]
            yield fresh, {"high": max(known) if known else None}
            return
        yield fresh, {"high": high, "walk": {"page": page.next, "top": top}}
        page_token = page.next


def from_epoch(value: Any) -> datetime:
    """A platform's Unix time as an aware UTC datetime; TypeError/ValueError when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"time {value!r} is not a Unix time")
    return datetime.fromtimestamp(value, UTC)


def from_iso(value: Any) -> datetime:
    """ISO 8601 as the platforms write it ("2026-11-02T09:00:00+0000", "...Z")."""
    if not isinstance(value, str):
        raise TypeError(f"time {value!r} is not an ISO 8601 string")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
