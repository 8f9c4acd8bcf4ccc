from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from halyq.db.engine import make_engine
from halyq.db.migrate import alembic_config, downgrade, upgrade
from halyq.db.models import Base


def test_upgrade_creates_every_table_on_an_empty_database(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"posts", "analyses", "cases", "case_events", "departments", "users"} <= tables


def test_migrations_match_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    upgrade(database_url)
    downgrade(database_url, "base")
    upgrade(database_url)
    command.check(alembic_config(database_url))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_0002_backfills_cases_from_their_posts_and_goes_back(database_url: str) -> None:
    upgrade(database_url, "0001")
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments VALUES ('d', 'Д', 'Д', 'akimat')"))
        for number, author in enumerate(("x", "x", None, "y"), start=1):
            conn.execute(
                text(
                    "INSERT INTO posts (id, source, external_id, author_hash, text, created_at,"
                    " received_at, raw) VALUES (:id, 's', :ext, :author, 't', :at, :at, '{}')"
                ),
                {"id": number, "ext": str(number), "author": author, "at": f"2026-11-0{number}"},
            )
        conn.execute(
            text(
                "INSERT INTO cases (id, category, department_code, status, track, urgency, summary,"
                " opened_at, respond_by, due_at, updated_at) VALUES (1, 'water', 'd', 'new',"
                " 'signal', 'high', 's', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-09')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, category, department_code, status, track, urgency, summary,"
                " opened_at, respond_by, due_at, updated_at) VALUES (2, 'water', 'd', 'new',"
                " 'signal', 'high', 's', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-09')"
            )
        )
        for post_id in (1, 2, 3, 4):
            conn.execute(
                text("INSERT INTO case_posts VALUES (1, :post, '2026-11-09')"), {"post": post_id}
            )
    engine.dispose()
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, residents, first_post_at, last_post_at FROM cases ORDER BY id")
        ).all()
    engine.dispose()
    (_, residents, first, last), (_, alone, first_two, _) = rows
    assert residents == 3 and alone == 1  # x, y and one anonymous post; an empty case: 1
    assert str(first).startswith("2026-11-01") and str(last).startswith("2026-11-04")
    assert str(first_two).startswith("2026-11-09")  # no posts: its opening time
    downgrade(database_url, "0001")
    engine = make_engine(database_url)
    columns = {column["name"] for column in inspect(engine).get_columns("cases")}
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert "residents" not in columns and "post_bands" not in tables
