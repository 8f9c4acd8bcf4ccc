"""Telegram Desktop's "Export chat history" JSON (`result.json`), streamed into PostIn records.

A chat export is `{"name", "type", "id", "messages": [...]}`; a whole-account export holds
many such chats under `chats.list` (and `left_chats.list`). The file is streamed and each
message built alone (by ijson's C parser for one chat; from the parser's events for an
account), so a 1 GB export needs the memory of one message, not of the file.

    {"id": 1045, "type": "message", "date": "2026-11-03T09:15:00", "date_unixtime": "1793679300",
     "from": "Айгерім", "from_id": "user5550001", "reply_to_message_id": 1040,
     "text": ["Абай даңғылы 45-те ", {"type": "bold", "text": "су жоқ"}], "text_entities": [...]}
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import ijson
from ijson.common import ObjectBuilder

from halyq.sources.records import (
    MAX_TEXT_CHARS,
    BadRecord,
    PostIn,
    Rejected,
    check_lengths,
    check_not_future,
)

try:  # the C parser is about ten times faster; the wheels ship it, a source build may not
    from ijson.backends import yajl2_c as parser
except ImportError:  # pragma: no cover - depends on how ijson was installed
    parser = ijson

# Where chats start, and where their messages and header fields sit, as ijson prefixes.
CHAT_ROOTS = ("", "chats.list.item", "left_chats.list.item")
MESSAGES = {(f"{root}." if root else "") + "messages.item": root for root in CHAT_ROOTS}
HEADER_FIELDS = ("id", "name", "type", "username")
HEADERS = {(f"{root}." if root else "") + key: key for root in CHAT_ROOTS for key in HEADER_FIELDS}
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
# yajl shows 30 bytes either side of an error and puts the caret under it (yajl_parser.c).
CONTEXT = 30


class ExportError(ValueError):
    """The input is not a Telegram Desktop export, or the options do not fit it."""


@dataclass
class Chat:
    """What a chat's header says; tdesktop writes it before the chat's messages."""

    root: str
    id: Any = None
    name: Any = None
    type: Any = None
    username: Any = None


def export_file(path: Path) -> Path:
    """`result.json` itself, or the one in an export folder; ExportError when there is none."""
    if path.is_dir():
        path = path / "result.json"
    if not path.is_file():
        raise ExportError(
            f"{path}: no such file; give the result.json of a Telegram Desktop export "
            "(Settings → Advanced → Export Telegram data, format JSON) or its folder"
        )
    return path


def public_username(value: str | None) -> str | None:
    """ "@kyzylorda_news", "https://t.me/kyzylorda_news" or "kyzylorda_news" → the name."""
    if value is None:
        return None
    name = value.strip().removeprefix("https://").removeprefix("t.me/").lstrip("@").strip("/")
    if not USERNAME.fullmatch(name):
        raise ExportError(f"'{value}' is not a public Telegram username (5–32 letters, digits, _)")
    return name


def read_export(
    stream: BinaryIO, *, username: str | None = None, now: datetime | None = None
) -> Iterator[tuple[str, PostIn | Rejected]]:
    """Every message with text, as (place, PostIn), and what cannot be a post as
    (place, Rejected): places are "message 1045" ("chat 777 message 1045" in an account
    export). Service messages and messages without text or caption are skipped. Where the
    JSON breaks, a fatal Rejected names the byte offset; everything before it was yielded.
    `username` gives a single public chat's posts their t.me links.
    """
    now = now or datetime.now(UTC)  # once: the clock is a system call
    reader = CountingReader(stream)
    chats: list[Chat] = []
    single = None
    if stream.seekable():
        single = _single_chat(reader)
        reader.rewind()
    messages: Iterator[tuple[Chat, Any]]
    if single is not None:  # the common case, parsed message by message in C: much faster
        chats.append(single)
        messages = ((single, m) for m in parser.items(reader, "messages.item", use_float=True))
    else:
        messages = _messages(reader, chats)
    count = 0
    try:
        for chat, message in messages:
            count += 1
            found = _post(chat, message, username, now)
            if found is not None:
                yield found
                if isinstance(found[1], Rejected) and found[1].fatal:
                    return
    except (ijson.JSONError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        place, why = break_place(exc, reader)
        yield (
            place,
            Rejected(
                place,
                f"the JSON breaks at or just before this byte ({why}); the {count:,} messages "
                "before it were read, nothing after; repair or export the file again and re-run "
                "(nothing is stored twice)",
                fatal=True,
            ),
        )
        return
    if not any(chat.id is not None for chat in chats):
        yield (
            "byte 0",
            Rejected(
                "byte 0", 'not a Telegram Desktop export: no "messages" and no "chats" list', True
            ),
        )


def _single_chat(reader: CountingReader) -> Chat | None:
    """The header of a one-chat export, read up to its "messages"; None for anything else
    (an account export, a broken or foreign file: the general path reports those)."""
    chat = Chat(root="")
    try:
        for prefix, event, value in parser.parse(reader):
            if prefix in HEADERS and event in ("string", "number"):
                setattr(chat, HEADERS[prefix], value)
            elif event == "map_key" and prefix == "":
                if value == "messages":
                    return chat if chat.id is not None else None
                if value == "chats":
                    return None
            elif prefix == "" and event not in ("start_map", "map_key"):
                return None
    except (ijson.JSONError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return None


def _messages(reader: CountingReader, chats: list[Chat]) -> Iterator[tuple[Chat, Any]]:
    """(chat, message) from the parser's events, for any export shape; builds one message
    at a time and appends each chat it meets to `chats`."""
    builder: ObjectBuilder | None = None
    ending = ""
    for prefix, event, value in parser.parse(reader, use_float=True):
        if builder is not None:
            builder.event(event, value)
            if event == "end_map" and prefix == ending:
                yield chats[-1], builder.value
                builder = None
        elif event == "start_map" and prefix in MESSAGES:
            builder, ending = ObjectBuilder(), prefix
            builder.event(event, value)
        elif event == "start_map" and prefix in CHAT_ROOTS:
            chats.append(Chat(root=prefix))
        elif prefix in HEADERS and event in ("string", "number") and chats:
            setattr(chats[-1], HEADERS[prefix], value)


def _post(
    chat: Chat, message: Any, username: str | None, now: datetime | None
) -> tuple[str, PostIn | Rejected] | None:
    """One message as (place, PostIn or Rejected), or None when it is not a post."""
    if not isinstance(message, dict) or message.get("type") == "service":
        return None
    number = message.get("id")
    place = f"message {number}" if not chat.root else f"chat {chat.id} message {number}"
    if chat.id is None:
        return place, Rejected(place, 'the chat\'s "id" is missing before its messages', True)
    if username and chat.root:
        return place, Rejected(place, "--username names one chat; this export has many", True)
    try:
        post = message_post(message, chat_id=chat.id, username=username or chat.username, now=now)
    except BadRecord as exc:
        return place, Rejected(place, str(exc))
    return (place, post) if post is not None else None


def message_post(
    message: dict[str, Any], *, chat_id: Any, username: Any = None, now: datetime | None = None
) -> PostIn | None:
    """A PostIn for one exported message; None when it has no text or caption; BadRecord
    (naming the field) when it cannot be a post."""
    number = message.get("id")
    if isinstance(number, bool) or not isinstance(number, int):
        raise BadRecord("field 'id' must be the message's number")
    text = flatten_text(message.get("text"), "text")
    caption = flatten_text(message.get("caption"), "caption")
    if caption.strip():
        text = f"{text}\n{caption}" if text.strip() else caption
    if not text.strip():
        return None
    if len(text) > MAX_TEXT_CHARS:
        raise BadRecord(f"the text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    created_at = unixtime(message, "date_unixtime", required=True)
    check_not_future(created_at, "date_unixtime", now)
    reply_to = message.get("reply_to_message_id")
    post = PostIn(
        source=f"telegram:{chat_id}",
        external_id=str(number),
        text=text,
        created_at=created_at,
        author=_text_or_none(message.get("from")),
        author_key=_text_or_none(message.get("from_id")),
        url=f"https://t.me/{username}/{number}" if isinstance(username, str) else None,
        reply_to=str(reply_to) if isinstance(reply_to, int | str) else None,
        raw=_raw(message),
        edited_at=unixtime(message, "edited_unixtime", required=False),
    )
    check_lengths(post)
    return post


def _raw(message: dict[str, Any]) -> dict[str, Any]:
    """The message as exported, less "text_entities" (the same text again); media are in it
    as names and kinds only, never the files."""
    raw = dict(message)
    raw.pop("text_entities", None)
    return raw


def flatten_text(value: Any, field_name: str) -> str:
    """Telegram's text: a string, or a list of strings and entities {"type", "text", ...}.
    Every entity, known or not, gives its own text, so the result is the message as written."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join([p if isinstance(p, str) else flatten_text(p, field_name) for p in value])
    if isinstance(value, dict):
        return flatten_text(value.get("text"), field_name)
    raise BadRecord(f"field '{field_name}' must be a string or a list of parts")


def unixtime(message: dict[str, Any], key: str, *, required: bool) -> datetime | None:
    """An export's epoch-seconds string as an aware UTC time. `date`, without a zone and in
    the exporting computer's own time, is never used."""
    value = message.get(key)
    if value is None and not required:
        return None
    if value is None:
        raise BadRecord(
            f"field '{key}' is missing; export again with Telegram Desktop 3.0 or newer"
        )
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise BadRecord(f"field '{key}' is not a time in epoch seconds: {value!r:.40}") from None


def _text_or_none(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


class CountingReader:
    """A file reader that remembers where it is, so a parse error can name its byte."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.offset = 0  # bytes read so far
        self.chunk_start = 0  # where the last non-empty chunk began
        self.chunk = b""
        self.at_end = False

    def rewind(self) -> None:
        self.stream.seek(0)
        self.offset = self.chunk_start = 0
        self.chunk, self.at_end = b"", False

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if data:
            self.chunk_start, self.chunk = self.offset, data
            self.offset += len(data)
        elif size != 0:
            self.at_end = True
        return data


def break_place(exc: Exception, reader: CountingReader) -> tuple[str, str]:
    """Where the JSON broke ("byte 1,234", or a range when the parser does not say) and
    why, in words."""
    message = _message_bytes(exc)
    why = message.split(b"\n", 1)[0].decode("utf-8", "replace").strip() or type(exc).__name__
    if reader.at_end and (b"premature EOF" in message or b"Incomplete" in message):
        return f"byte {reader.offset:,}", "the file ends before the JSON does: cut off?"
    at = _caret_offset(message, reader.chunk)
    if at is not None:
        return f"byte {reader.chunk_start + at:,}", why
    return f"bytes {reader.chunk_start:,}–{reader.offset:,}", why


def _message_bytes(exc: Exception) -> bytes:
    text = str(exc)
    if text.startswith(("b'", 'b"')):  # yajl's message held bytes that are not UTF-8
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, bytes):
            return value
    return text.encode("utf-8", "replace")


def _caret_offset(message: bytes, chunk: bytes) -> int | None:
    """The error's offset in `chunk`, found by matching yajl's context line and caret
    against it; None when the context is absent or matches more than one place."""
    lines = message.split(b"\n")
    if len(lines) < 3 or not lines[2].endswith(b"(right here) ------^"):
        return None
    caret = len(lines[2]) - 1
    before, after = lines[1][:caret], lines[1][caret:]
    text = chunk.replace(b"\n", b" ")  # as yajl shows it
    hits: list[int] = []
    start = text.find(after)
    while after and start != -1 and len(hits) < 2:
        complete = len(after) == CONTEXT or start + len(after) == len(text)
        if complete and before.endswith(text[max(0, start - CONTEXT) : start]):
            hits.append(start)
        start = text.find(after, start + 1)
    return hits[0] if len(hits) == 1 else None
