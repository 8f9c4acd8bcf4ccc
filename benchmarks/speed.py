"""How fast the spine goes: analysis alone, import into SQLite, the worker on SQLite."""

from __future__ import annotations

import io
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile
from halyq.city.sync import sync_departments
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from halyq.db.migrate import upgrade
from halyq.nlp.analyze import analyze
from halyq.pipeline import process_pending
from halyq.sources.importer import import_posts
from halyq.sources.jsonl import read_posts

DEMO = Path(__file__).resolve().parent.parent / "halyq" / "demo" / "posts.jsonl"


def corpus(copies: int) -> list[dict[str, str]]:
    """The demo posts repeated with fresh ids: realistic lengths and language mix."""
    posts = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line]
    return [{**post, "id": f"{post['id']}-{n}"} for n in range(copies) for post in posts]


def analyze_speed(profile: CityProfile, posts: list[dict[str, str]]) -> dict[str, float]:
    analyze(posts[0]["text"], created_at=None, profile=profile)  # warm caches
    started = time.perf_counter()
    for post in posts:
        analyze(post["text"], created_at=None, profile=profile)
    seconds = time.perf_counter() - started
    return {
        "posts": len(posts),
        "seconds": seconds,
        "posts_per_second": len(posts) / seconds,
        "ms_per_post": 1000 * seconds / len(posts),
    }


def migrated_sqlite(path: Path, profile: CityProfile) -> tuple[Engine, sessionmaker[Session]]:
    """A SQLite file at the newest schema with the profile's departments in it."""
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with session_scope(sessions) as session:
        sync_departments(session, profile)
    return engine, sessions


def sqlite_speed(profile: CityProfile, posts: list[dict[str, str]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        engine, sessions = migrated_sqlite(Path(folder) / "bench.db", profile)
        data = io.BytesIO("\n".join(json.dumps(p, ensure_ascii=False) for p in posts).encode())
        started = time.perf_counter()
        import_posts(sessions, read_posts(data), pseudonym_key="bench-key-0123456789")
        ingest = time.perf_counter() - started
        started = time.perf_counter()
        result = process_pending(sessions, profile, batch_size=200)
        worker = time.perf_counter() - started
        engine.dispose()
    return {
        "posts": len(posts),
        "ingest_posts_per_second": len(posts) / ingest,
        "worker_posts_per_second": len(posts) / worker,
        "cases_opened": result.cases_opened,
    }
