from __future__ import annotations

import io
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.models import Post
from halyq.sources.importer import import_posts
from halyq.sources.jsonl import read_posts
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

KEY = "test-pseudonym-key-0123456789"


def _jsonl(*objects: object) -> io.BytesIO:
    return io.BytesIO(b"\n".join(json.dumps(o, ensure_ascii=False).encode() for o in objects))


FILE = [
    {"id": "a1", "text": "Абай даңғылында жарық жоқ", "author": "Айгерім", "source": "telegram:1"},
    {"id": "a2", "text": "Нет воды на Жибек жолы", "created_at": "2026-11-02T09:00:00+05:00"},
    "broken",
    {"id": "a1", "text": "Абай даңғылында жарық жоқ", "source": "telegram:2"},
]


def _count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Post)) or 0


def test_import_is_idempotent_on_source_and_id(sessions: sessionmaker[Session]) -> None:
    first = import_posts(sessions, read_posts(_jsonl(*FILE)), pseudonym_key=KEY)
    assert first.as_dict() == {"added": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert [e.line for e in first.errors] == [3]
    again = import_posts(sessions, read_posts(_jsonl(*FILE)), pseudonym_key=KEY)
    assert again.as_dict() == {"added": 0, "updated": 0, "unchanged": 3, "rejected": 1}
    assert _count(sessions) == 3


def test_authors_are_pseudonymous_and_stable(sessions: sessionmaker[Session]) -> None:
    import_posts(sessions, read_posts(_jsonl(*FILE[:1])), pseudonym_key=KEY)
    with sessions() as session:
        post = session.scalars(select(Post)).one()
        assert post.author_hash and "Айгерім" not in post.author_hash
        assert len(post.author_hash) == 16
        again = PostIn(source="telegram:1", external_id="zz", text="x", author="Айгерім")
        _, other = store_post(session, again, pseudonym_key=KEY)
        assert other.author_hash == post.author_hash
        _, elsewhere = store_post(
            session,
            PostIn(source="telegram:1", external_id="z2", text="x", author="Айгерім"),
            pseudonym_key="another-installation-key",
        )
        assert elsewhere.author_hash != post.author_hash


def test_an_edit_updates_text_and_keeps_history(sessions: sessionmaker[Session]) -> None:
    import_posts(sessions, read_posts(_jsonl(*FILE[:1])), pseudonym_key=KEY)
    edited = {**FILE[0], "text": "Абай даңғылы 45 жарық жоқ, 3 күн болды"}  # type: ignore[dict-item]
    summary = import_posts(sessions, read_posts(_jsonl(edited)), pseudonym_key=KEY)
    assert summary.updated == 1
    with sessions() as session:
        post = session.scalars(select(Post)).one()
        assert post.text.endswith("3 күн болды")
        assert post.raw["_history"][0]["text"] == FILE[0]["text"]  # type: ignore[index]
        assert post.analysed_at is None  # goes back to the worker


def test_a_bad_line_harms_nothing_already_stored(sessions: sessionmaker[Session]) -> None:
    import_posts(sessions, read_posts(_jsonl(*FILE)), pseudonym_key=KEY)
    noisy = [
        {"id": "b1", "text": "ok"},
        {"id": "x" * 300, "text": "id too long"},
        "{",
        {"id": "b2", "text": "<script>alert(1)</script>"},
    ]
    summary = import_posts(sessions, read_posts(_jsonl(*noisy)), pseudonym_key=KEY)
    assert summary.as_dict() == {"added": 2, "updated": 0, "unchanged": 0, "rejected": 2}
    assert _count(sessions) == 5
    with sessions() as session:
        stored = session.scalar(select(Post.text).where(Post.external_id == "b2"))
    assert stored == "<script>alert(1)</script>"  # kept as written; escaped on output
