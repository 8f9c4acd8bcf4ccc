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


def test_0009_dates_old_cases_from_their_posts_stated_days(database_url: str) -> None:
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    posts = ((1, "2026-11-05 06:00:00", "2026-11-03"), (2, "2026-11-06 06:00:00", None),
             (3, "2026-11-07 06:00:00", None))  # fmt: skip
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments VALUES ('d', 'Д', 'Д', 'akimat')"))
        for number, at, day in posts:
            conn.execute(
                text(
                    "INSERT INTO posts (id, source, external_id, text, created_at, received_at,"
                    " raw) VALUES (:id, 's', :ext, 't', :at, :at, '{}')"
                ),
                {"id": number, "ext": str(number), "at": at},
            )
            conn.execute(
                text(
                    "INSERT INTO analyses (post_id, lang, is_complaint, complaint_score,"
                    " category_scores, urgency, sentiment, places, event_date, redacted_text,"
                    " model_version, analysed_at) VALUES (:id, 'kk', true, 0.9, '{}', 'high',"
                    " 'negative', '[]', :day, 't', 'm', :at)"
                ),
                {"id": number, "day": day, "at": at},
            )
        for case_id, first, token in ((1, posts[0][1], "a"), (2, posts[2][1], "b")):
            conn.execute(
                text(
                    "INSERT INTO cases (id, category, department_code, status, track, urgency,"
                    " summary, opened_at, respond_by, due_at, updated_at, residents,"
                    " first_post_at, last_post_at, public_token) VALUES (:id, 'water', 'd',"
                    " 'new', 'signal', 'high', 's', :at, :at, :at, :at, 1, :at, :at, :token)"
                ),
                {"id": case_id, "at": first, "token": token},
            )
        for case_id, post_id in ((1, 1), (1, 2), (2, 3)):
            conn.execute(
                text("INSERT INTO case_posts VALUES (:case, :post, '2026-11-09')"),
                {"case": case_id, "post": post_id},
            )
    engine.dispose()
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        cases = conn.execute(
            text("SELECT started_at, started_precision FROM cases ORDER BY id")
        ).all()
        starts = conn.execute(text("SELECT event_start FROM analyses ORDER BY post_id")).all()
    engine.dispose()
    # 3 November at midnight in Kyzylorda (UTC+5) is 19:00 UTC the day before.
    assert str(cases[0][0]).startswith("2026-11-02 19:00") and cases[0][1] == "date"
    assert str(cases[1][0]).startswith("2026-11-07 06:00") and cases[1][1] == "post"
    assert str(starts[0][0]).startswith("2026-11-02 19:00") and starts[1][0] is None
    downgrade(database_url, "0008")
    engine = make_engine(database_url)
    columns = {column["name"] for column in inspect(engine).get_columns("cases")}
    engine.dispose()
    assert "started_at" not in columns
