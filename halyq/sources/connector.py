"""The contract between a live channel (VK, Telegram, RSS, IMAP, ...) and the source runner.

A connector knows one platform: how to ask it for what is new since a cursor, and how to turn
its answers into PostIn records. It knows nothing of the database. The runner
(`halyq.sources.runner`) stores each batch and only then persists the batch's cursor, so a
run killed half-way resumes from the last stored batch and stores nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from halyq.sources.records import PostIn


class SourceError(Exception):
    """The channel failed in a way a person must hear about: the message says what and where
    (the HTTP status, the message id, the offset). `retry_after` is set when the platform
    asked us to wait (rate limit, FloodWait); `fatal` when retrying cannot help (an expired
    token, a deleted channel) and an admin must act."""

    def __init__(self, message: str, *, retry_after: float | None = None, fatal: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.fatal = fatal


@dataclass
class Batch:
    """What one page of a platform's answer gave."""

    posts: list[PostIn] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # external ids the platform says are gone
    # The whole cursor to persist once this batch is stored (it replaces the saved one);
    # empty leaves the saved cursor as it is.
    cursor: dict[str, Any] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)  # items that could not become posts, why
    # The posts' `source` that `deleted` and `threads` refer to (external ids are unique only
    # within a source, e.g. Telegram message ids within a chat). Required when either is set.
    source: str | None = None
    # Thread root id → every id the platform lists under it now, at any depth. Stored posts
    # under that root (replies, replies to replies) missing from the list are marked deleted.
    # Give a thread only when its listing is complete.
    threads: dict[str, list[str]] = field(default_factory=dict)


class Connector(Protocol):
    """One configured source of one platform."""

    kind: str  # "vk", "telegram", "rss", ...

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        """Yield batches of what is new since `cursor` (empty on the first run), oldest first
        where the platform allows. Raise SourceError for what the runner must report."""
        ...

    def check(self) -> str:
        """Reach the platform once with the configured credentials; return a one-line account
        of what was found ("channel @kyzylorda_news: 1,204 messages"), or raise SourceError."""
        ...
