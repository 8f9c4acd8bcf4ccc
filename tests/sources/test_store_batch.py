"""The batched store every importer uses: the same rows as store_post one by one, one bad
row harming nothing, and a killed import re-run ending as a clean one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.models import Post
from halyq.sources.importer import import_posts
from halyq.sources.records import PostIn, Rejected
from halyq.sources.store import store_batch, store_post

KEY = "test-pseudonym-key-0123456789"
AT = datetime(2026, 11, 3, 4, 15, tzinfo=UTC)


def _post(number: int, text: str | None = None, **extra: Any) -> PostIn:
    return PostIn(
        source=extra.pop("source", "telegram:1702345678"),
        external_id=str(number),
        text=text if text is not None else f"Абай даңғылы {number} үйде су жоқ",
        created_at=AT + timedelta(minutes=number),
        author=extra.pop("author", f"Тұрғын {number % 3}"),
        author_key=extra.pop("author_key", f"user{number % 3}"),
        reply_to=str(number - 1) if number > 1 else None,
        raw={"id": number},
        **extra,
    )


def _rows(sessions: sessionmaker[Session]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every stored post's columns but the surrogate id and the moment of storing."""
    skip = {"id", "received_at"}
    with sessions() as session:
        return {
            (post.source, post.external_id): {
                column.key: getattr(post, column.key)
                for column in Post.__table__.columns
                if column.key not in skip
            }
            for post in session.scalars(select(Post))
        }


def _history_free(rows: dict[Any, dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """The rows with each history entry's replacement time dropped (it is the clock's)."""
    for row in rows.values():
        for entry in row["raw"].get("_history", []):
            entry.pop("replaced_at")
    return rows


SEQUENCE = [
    _post(1),
    _post(2, author=None, author_key=None),
    _post(3),
    _post(1, "Абай даңғылы 1 үйде су жоқ, 2 күн болды"),  # an edit in the same batch
    _post(4, edited_at=AT + timedelta(hours=2)),
    _post(4, "ескі нұсқа", edited_at=AT + timedelta(hours=1)),  # an older edit: stale
    _post(2),  # the same again: unchanged
    _post(5, source="table:өтініштер"),
]


def test_a_batch_stores_what_store_post_stores_one_by_one(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        batched = store_batch(session, SEQUENCE, pseudonym_key=KEY)
        session.commit()
    by_batch = _history_free(_rows(sessions))
    with sessions() as session:
        session.query(Post).delete()
        session.commit()
        one_by_one = [store_post(session, post, pseudonym_key=KEY)[0] for post in SEQUENCE]
        session.commit()
    assert batched == one_by_one
    assert batched == [
        "added",
        "added",
        "added",
        "updated",
        "added",
        "unchanged",
        "unchanged",
        "added",
    ]
    assert by_batch == _history_free(_rows(sessions))
    first = by_batch[("telegram:1702345678", "1")]
    assert first["text"].endswith("2 күн болды") and first["analysed_at"] is None
    assert first["author_name"] == "Тұрғын 1" and first["author_hash"] != "Тұрғын 1"


def test_a_newer_edit_replaces_the_text_and_keeps_the_old_one(
    sessions: sessionmaker[Session],
) -> None:
    edit = AT + timedelta(days=1)
    with sessions() as session:
        store_batch(session, [_post(7, edited_at=edit)], pseudonym_key=KEY)
        results = store_batch(
            session,
            [
                _post(7, "жаңа мәтін", edited_at=edit + timedelta(minutes=5)),
                _post(7, "ескі мәтін", edited_at=edit),
                _post(7, "күні жоқ көшірме"),  # no edit time: an older copy
            ],
            pseudonym_key=KEY,
        )
        session.commit()
    assert results == ["updated", "unchanged", "unchanged"]
    row = _rows(sessions)[("telegram:1702345678", "7")]
    assert row["text"] == "жаңа мәтін"
    assert [entry["text"] for entry in row["raw"]["_history"]] == ["Абай даңғылы 7 үйде су жоқ"]
    assert row["edited_at"] == edit + timedelta(minutes=5)


def test_a_row_the_database_refuses_harms_no_other(sessions: sessionmaker[Session]) -> None:
    broken = PostIn(source="telegram:1", external_id="x", text=None)  # type: ignore[arg-type]
    with sessions() as session:
        results = store_batch(session, [_post(1), broken, _post(2)], pseudonym_key=KEY)
        session.commit()
    assert results[0] == "added" and results[2] == "added"
    assert not isinstance(results[1], str)  # the database's error, for the report
    assert sorted(external_id for _, external_id in _rows(sessions)) == ["1", "2"]


class Killed(BaseException):
    """Like Ctrl-C or a machine going down: not an Exception, so nothing may swallow it."""


def _stream(count: int, *, fail_at: int | None = None) -> Iterator[tuple[str, PostIn | Rejected]]:
    for number in range(1, count + 1):
        if number == fail_at:
            raise Killed
        if number % 500 == 0:
            yield f"message {number}", Rejected(f"message {number}", "no text")
        else:
            yield f"message {number}", _post(number)


def test_a_killed_import_re_run_ends_as_a_clean_run(
    sessions: sessionmaker[Session], db_url: str
) -> None:
    with pytest.raises(Killed):
        import_posts(sessions, _stream(2600, fail_at=2345), pseudonym_key=KEY, batch_size=1000)
    assert len(_rows(sessions)) == 2000  # two whole batches of posts were committed
    again = import_posts(sessions, _stream(2600), pseudonym_key=KEY, batch_size=1000)
    assert again.as_dict() == {"added": 595, "updated": 0, "unchanged": 2000, "rejected": 5}
    killed_then_rerun = _rows(sessions)
    with sessions() as session:
        session.query(Post).delete()
        session.commit()
    import_posts(sessions, _stream(2600), pseudonym_key=KEY, batch_size=1000)
    assert killed_then_rerun == _rows(sessions)
