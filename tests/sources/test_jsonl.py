from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from halyq.sources.jsonl import LineError, read_posts
from halyq.sources.records import MAX_TEXT_CHARS, PostIn


def _read(data: bytes) -> list[tuple[int, PostIn | LineError]]:
    return list(read_posts(io.BytesIO(data)))


def test_good_lines_become_posts_with_defaults() -> None:
    line = {"id": 7, "text": "Су жоқ", "created_at": "2026-11-02T08:15:00"}
    [(number, post)] = _read(json.dumps(line, ensure_ascii=False).encode() + b"\n")
    assert number == 1 and isinstance(post, PostIn)
    assert (post.source, post.external_id, post.text) == ("import", "7", "Су жоқ")
    # A naive time is Kyzylorda time (UTC+5).
    assert post.created_at is not None
    assert post.created_at.astimezone(UTC) == datetime(2026, 11, 2, 3, 15, tzinfo=UTC)


def test_each_kind_of_bad_line_is_reported_with_its_number() -> None:
    lines = [
        b'{"id": "1", "text": "ok"}',
        b"{not json",
        b'{"id": "3"}',
        b'{"id": "4", "text": 5}',
        '{"id": "5", "text": "Қызылорда"}'.encode("cp1251", errors="replace").replace(
            b"?", b"\xca"
        ),
        b"",
        b'{"id": "7", "text": "ok", "created_at": "yesterday"}',
        b'{"id": true, "text": "ok"}',
        b'["id", "text"]',
        json.dumps({"id": "10", "text": "a" * (MAX_TEXT_CHARS + 1)}).encode(),
        b'{"id": "11", "text": "ok", "author": ["x"]}',
        b'{"id": "12", "text": "last one is fine"}',
    ]
    results = dict(_read(b"\n".join(lines)))
    assert isinstance(results[1], PostIn) and isinstance(results[12], PostIn)
    errors = {n: str(r) for n, r in results.items() if isinstance(r, LineError)}
    assert sorted(errors) == [2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert "not JSON" in errors[2]
    assert "'text' is required" in errors[3] and "'text' is required" in errors[4]
    assert "not UTF-8" in errors[5]
    assert "'created_at' is not ISO 8601" in errors[7]
    assert "'id'" in errors[8]
    assert "JSON object" in errors[9]
    assert "limit is 65,536" in errors[10]
    assert "'author' must be a string" in errors[11]
    assert errors[2].startswith("line 2:")


def test_byte_order_mark_is_ignored() -> None:
    [(_, post)] = _read(b'\xef\xbb\xbf{"id": "1", "text": "ok"}')
    assert isinstance(post, PostIn)


@given(st.binary(max_size=300))
def test_any_bytes_give_posts_or_line_errors_never_exceptions(data: bytes) -> None:
    for number, item in _read(data):
        assert number >= 1
        assert isinstance(item, PostIn | LineError)


def test_edit_times_are_read_and_future_times_rejected() -> None:
    ahead = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    lines = [
        {"id": "1", "text": "Су жоқ", "edited_at": "2026-11-02T10:00:00+05:00"},
        {"id": "2", "text": "Ертеңгі", "created_at": ahead},
        {"id": "3", "text": "x", "edited_at": 5},
    ]
    results = dict(_read(b"\n".join(json.dumps(line).encode() for line in lines)))
    edited = results[1]
    assert isinstance(edited, PostIn)
    assert edited.edited_at == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)
    assert "'created_at' is in the future" in str(results[2])
    assert "'edited_at' must be an ISO 8601 string" in str(results[3])
