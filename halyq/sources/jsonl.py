"""JSON Lines import: one post per line; bad lines are reported with their number and skipped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from halyq.sources.records import BadRecord, PostIn, post_from_json


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    fatal: bool = False  # never for JSONL: each line stands alone

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_objects(lines: Iterable[bytes]) -> Iterator[tuple[int, Any | LineError]]:
    """Decode each non-blank line as UTF-8 JSON; yields (line number, object or LineError)."""
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, LineError(number, f"not UTF-8 (byte {exc.start}: {exc.reason})")
            continue
        try:
            yield number, json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, LineError(number, f"not JSON ({exc.msg} at column {exc.colno})")


def read_posts(
    stream: BinaryIO, *, default_source: str = "import", pseudonymous_authors: bool = False
) -> Iterator[tuple[int, PostIn | LineError]]:
    """Posts from a JSONL byte stream, each with its line number; invalid lines as LineError.

    With `pseudonymous_authors`, each `author` is a pseudonym from `halyq posts export`."""
    for number, obj in read_objects(stream):
        if isinstance(obj, LineError):
            yield number, obj
            continue
        try:
            yield (
                number,
                post_from_json(
                    obj, default_source=default_source, pseudonymous_authors=pseudonymous_authors
                ),
            )
        except BadRecord as exc:
            yield number, LineError(number, str(exc))
