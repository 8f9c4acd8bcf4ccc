"""Shared fixtures: every database test runs on a real SQLite file and on the real PostgreSQL.

PostgreSQL comes from HALYQ_TEST_DATABASE_URL (CI sets it; then a dead server fails the run),
else from the local server if one answers; only when none does is the PostgreSQL half skipped.
Each test gets its own schema, dropped afterwards, because the server outlives the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile, load_profile
from halyq.city.sync import sync_departments
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from halyq.db.migrate import upgrade

PG_ENV = "HALYQ_TEST_DATABASE_URL"
PG_LOCAL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def postgres_base_url() -> str | None:
    """HALYQ_TEST_DATABASE_URL (which must answer), else the local server if one answers."""
    configured = os.environ.get(PG_ENV)
    engine = make_engine(configured or PG_LOCAL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError:
        if configured:
            raise  # CI sets the variable: a server that does not answer is a failure, not a skip
        return None
    finally:
        engine.dispose()
    return configured or PG_LOCAL


@pytest.fixture(scope="session")
def profile() -> CityProfile:
    return load_profile("kyzylorda")


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_base_url: str | None,
) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db')}/halyq.db"
        return
    base = postgres_base_url
    if not base:
        pytest.skip(f"{PG_ENV} is not set and no PostgreSQL answers at {PG_LOCAL}")
    schema = f"halyq_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_url(database_url: str, profile: CityProfile) -> str:
    """A migrated database with the profile's departments in it."""
    upgrade(database_url)
    engine = make_engine(database_url)
    with session_scope(make_sessionmaker(engine)) as session:
        sync_departments(session, profile)
    engine.dispose()
    return database_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)
