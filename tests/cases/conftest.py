"""Case tests share one migrated database per module and backend, emptied after each test.

Migrating costs a few hundred milliseconds; the case tests are many and small, so they run on
one real SQLite file and one PostgreSQL schema per module instead of one per test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import count
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.intake import Filed, file_complaint
from halyq.cases.merge_rules import MergeRules, default_rules
from halyq.city.calendar import WorkingCalendar, load_calendar
from halyq.city.profile import CityProfile
from halyq.city.sync import sync_departments
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from halyq.db.migrate import upgrade
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post, PostBand, User

T0 = datetime(2026, 11, 12, 2, 30, tzinfo=UTC)  # 07:30 in Kyzylorda
_numbers = count(1)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_base_url: str | None,
    profile: CityProfile,
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('cases')}/halyq.db"
        schema = None
    else:
        if not postgres_base_url:
            pytest.skip("no PostgreSQL (see tests/conftest.py)")
        schema = f"halyq_test_{uuid.uuid4().hex[:12]}"
        with make_engine(postgres_base_url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in postgres_base_url else "?"
        url = f"{postgres_base_url}{sep}options={quote(f'-csearch_path={schema}')}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as session:
        sync_departments(session, profile)
    yield engine
    engine.dispose()
    if schema and postgres_base_url:
        admin = make_engine(postgres_base_url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(shared_engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions on the module's database; every row a test added is gone afterwards."""
    yield make_sessionmaker(shared_engine)
    with shared_engine.begin() as conn:
        conn.execute(update(Case).values(duplicate_of_id=None))
        for model in (PostBand, CaseEvent, CasePost, Case, Analysis, Post, User):
            conn.execute(delete(model))


@pytest.fixture
def calendar(profile: CityProfile) -> WorkingCalendar:
    return load_calendar(profile)


@pytest.fixture
def rules() -> MergeRules:
    return default_rules()


def add_post(
    session: Session,
    text: str = "Су жоқ, көмектесіңіздер! Үйде екі күннен бері су жоқ, балалар бар.",
    *,
    at: datetime = T0,
    author: str | None = "auto",
    source: str = "telegram:kyzylorda_chat",
) -> Post:
    number = next(_numbers)
    post = Post(
        source=source,
        external_id=f"p{number}",
        author_hash=f"author{number}" if author == "auto" else author,
        author_name=None,
        text=text,
        created_at=at,
        raw={},
        analysed_at=at,
    )
    session.add(post)
    session.flush()
    return post


def add_analysis(
    session: Session,
    post: Post,
    *,
    category: str = "water",
    places: list[dict[str, Any]] | None = None,
    scores: dict[str, float] | None = None,
) -> Analysis:
    row = Analysis(
        post_id=post.id,
        lang="kk",
        is_complaint=True,
        complaint_score=0.9,
        category=category,
        category_scores=scores or {category: 1.0},
        urgency="medium",
        sentiment="negative",
        places=places if places is not None else [],
        redacted_text=post.text,
        model_version="test",
    )
    session.add(row)
    session.flush()
    return row


def place(canonical: str, house: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"canonical": canonical, "kind": "street", "house": house, **extra}


@pytest.fixture
def file(
    profile: CityProfile, calendar: WorkingCalendar, rules: MergeRules
) -> Callable[..., Filed]:
    """file(session, post, **add_analysis options) → where the complaint went."""

    def run(session: Session, post: Post, **options: Any) -> Filed:
        analysis = add_analysis(session, post, **options)
        return file_complaint(
            session, profile=profile, calendar=calendar, rules=rules, post=post,
            analysis=analysis, now=post.created_at,
        )  # fmt: skip

    return run
