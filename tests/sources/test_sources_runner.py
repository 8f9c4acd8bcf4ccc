"""The registry, the runner and the worker's schedule, with connectors registered for the test.

A connector here is a real implementation of the contract reading a list in memory (no HTTP:
the platforms have their own tests); the database is the real one, both kinds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.city.profile import CityProfile
from halyq.cli import app
from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.db.sources import Source, SourceRun
from halyq.pipeline import count_pending, process_pending
from halyq.sources import kinds
from halyq.sources.connector import Batch, SourceError
from halyq.sources.records import PostIn
from halyq.sources.registry import add_source, overviews, set_paused
from halyq.sources.runner import run_due_sources, run_source

NOW = datetime.now(UTC)


class ListConnector:
    """Serves `pages` of posts, one batch each, resuming at cursor["page"]; a page that is an
    exception is raised when reached."""

    kind = "list"

    def __init__(self, config: dict[str, Any], _settings: Settings) -> None:
        if not isinstance(config.get("pages"), list):
            raise ValueError("list config: pages is required")
        self.pages: list[Any] = config["pages"]

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        for number in range(cursor.get("page", 0), len(self.pages)):
            page = self.pages[number]
            if isinstance(page, str):
                raise (
                    SourceError(page, fatal=True) if page.startswith("fatal") else KeyError(page)
                )
            yield Batch(
                posts=[
                    PostIn(source="list", external_id=str(i), text=f"Жарық жоқ {i}", created_at=NOW)
                    for i in page["ids"]
                ],
                deleted=page.get("deleted", []),
                source="list",
                cursor={"page": number + 1},
            )

    def check(self) -> str:
        return f"list: {len(self.pages)} pages"


@pytest.fixture(autouse=True)
def list_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(kinds.FACTORIES, "list", ListConnector)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, var_dir=tmp_path, pseudonym_key="p" * 32)


def _add(sessions: sessionmaker[Session], settings: Settings, name: str, pages: list[Any]) -> None:
    with session_scope(sessions) as session:
        add_source(session, settings, name=name, kind="list", config={"pages": pages})


def _ids(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return sorted(session.scalars(select(Post.external_id)))


def _source(sessions: sessionmaker[Session], name: str) -> Source:
    with sessions() as session:
        return session.scalars(select(Source).where(Source.name == name)).one()


def test_a_crash_keeps_the_stored_batches_and_the_next_run_resumes_after_them(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    pages: list[Any] = [{"ids": [1, 2]}, {"ids": [3]}, "boom", {"ids": [4]}]
    _add(sessions, settings, "feed", pages)
    broken = run_source(sessions, "feed", settings)
    assert broken.error == "list feed: KeyError: 'boom'" and broken.added == 3
    assert _ids(sessions) == ["1", "2", "3"]
    assert _source(sessions, "feed").cursor == {"page": 2}

    pages[2] = {"ids": [3, 4]}
    with session_scope(sessions) as session:
        session.execute(update(Source).values(config={"pages": pages}))
    fixed = run_source(sessions, "feed", settings)
    assert fixed.error is None and (fixed.added, fixed.unchanged) == (1, 2)
    assert _ids(sessions) == ["1", "2", "3", "4"]
    source = _source(sessions, "feed")
    assert (source.posts_added, source.runs, source.failures) == (4, 2, 0)
    assert source.last_error == broken.error and source.last_success_at is not None


def test_deleted_ids_are_marked_and_kept_and_no_case_is_opened_for_them(
    sessions: sessionmaker[Session], settings: Settings, profile: CityProfile
) -> None:
    _add(sessions, settings, "feed", [{"ids": [1, 2], "deleted": ["2"]}])
    assert run_source(sessions, "feed", settings).deleted == 1
    with sessions() as session:
        gone = session.scalars(select(Post).where(Post.external_id == "2")).one()
        assert gone.deleted_at is not None and gone.text == "Жарық жоқ 2"
        assert count_pending(session) == 1
    assert process_pending(sessions, profile).analysed == 1
    with sessions() as session:
        assert (
            session.scalars(select(Post).where(Post.external_id == "2")).one().analysed_at is None
        )


def test_due_sources_run_on_schedule_and_paused_ones_never(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _add(sessions, settings, "due", [{"ids": [1]}])
    _add(sessions, settings, "later", [{"ids": [2]}])
    _add(sessions, settings, "paused", [{"ids": [3]}])
    with session_scope(sessions) as session:
        session.execute(
            update(Source)
            .where(Source.name == "later")
            .values(next_run_at=NOW + timedelta(hours=1))
        )
        set_paused(session, "paused", paused=True)
    assert [s.source for s in run_due_sources(sessions, settings, now=NOW)] == ["due"]
    assert _ids(sessions) == ["1"]
    assert run_due_sources(sessions, settings, now=NOW) == []  # "due" waits its 15 minutes
    later = NOW + timedelta(hours=2)
    assert sorted(s.source for s in run_due_sources(sessions, settings, now=later)) == [
        "due",
        "later",
    ]
    assert _ids(sessions) == ["1", "2"]
    with session_scope(sessions) as session:
        set_paused(session, "paused", paused=False)
    assert [s.source for s in run_due_sources(sessions, settings, now=later)] == ["paused"]


def test_failures_never_leave_run_due_sources_and_a_fatal_one_pauses(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _add(sessions, settings, "bug", ["surprise"])
    _add(sessions, settings, "dead", ["fatal: the token expired"])
    _add(sessions, settings, "fine", [{"ids": [7]}])
    with session_scope(sessions) as session:  # a config broken behind the registry's back
        session.add(Source(name="odd", kind="telex", config={}, cursor={}))
    done = {s.source: s for s in run_due_sources(sessions, settings, now=NOW)}
    assert set(done) == {"bug", "dead", "fine", "odd"}
    assert done["bug"].error == "list bug: KeyError: 'surprise'" and not done["bug"].paused
    assert done["dead"].paused and _source(sessions, "dead").paused
    assert done["odd"].paused and "unknown kind 'telex'" in (done["odd"].error or "")
    assert _ids(sessions) == ["7"]
    later = NOW + timedelta(days=1)
    assert sorted(s.source for s in run_due_sources(sessions, settings, now=later)) == [
        "bug",
        "fine",
    ]


def test_a_source_claimed_by_one_worker_is_not_run_by_another(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _add(sessions, settings, "feed", [{"ids": [1]}])
    with session_scope(sessions) as session:  # another worker claimed it a minute ago
        session.execute(update(Source).values(next_run_at=NOW + timedelta(minutes=59)))
    assert run_due_sources(sessions, settings, now=NOW) == []


def test_the_registry_refuses_bad_names_kinds_configs_and_secrets(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    cases = [
        ({"name": "a b", "kind": "list", "config": {"pages": []}}, "name 'a b'"),
        ({"name": "x", "kind": "telex", "config": {}}, "kind 'telex' is not one of"),
        ({"name": "x", "kind": "list", "config": {}}, "list config: pages is required"),
        ({"name": "x", "kind": "vk", "config": {"owner_ids": ["abc"]}}, "vk config: owner_ids.0"),
        ({"name": "x", "kind": "vk", "config": {"access_token": "t"}}, "looks like a credential"),
        ({"name": "x", "kind": "rss", "config": {"feeds": ["ftp://x"]}}, "rss config: feeds.0"),
    ]
    for options, message in cases:
        with session_scope(sessions) as session, pytest.raises(ValueError, match=message):
            add_source(session, settings, **options)  # type: ignore[arg-type]
    _add(sessions, settings, "feed", [])
    with session_scope(sessions) as session, pytest.raises(ValueError, match="exists"):
        add_source(session, settings, name="feed", kind="list", config={"pages": []})


def test_overviews_count_todays_posts_from_the_runs(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    _add(sessions, settings, "feed", [{"ids": [1, 2, 3]}])
    run_source(sessions, "feed", settings)
    with session_scope(sessions) as session:
        session.add(
            SourceRun(source_id=_source(sessions, "feed").id, started_at=NOW - timedelta(days=2),
                      added=40, problems=[])
        )  # fmt: skip
    with sessions() as session:
        (row,) = overviews(session, day_start=NOW - timedelta(hours=1))
    assert (row.name, row.posts_today, row.posts_total) == ("feed", 3, 3)


def test_the_cli_adds_lists_runs_pauses_and_resumes(
    sessions: sessionmaker[Session], db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALYQ_DATABASE_URL", db_url)
    monkeypatch.setenv("HALYQ_VAR_DIR", str(tmp_path))
    cli = CliRunner()
    pages = json.dumps({"pages": [{"ids": [1, 2]}]})
    added = cli.invoke(app, ["sources", "add", "feed", "--kind", "list", "--config", pages])
    assert added.exit_code == 0, added.output
    bad = cli.invoke(
        app, ["sources", "add", "x", "--kind", "vk", "--owner-id", "-1", "--config", "[1]"]
    )
    assert bad.exit_code != 0 and "must be a JSON object" in bad.output
    vk = cli.invoke(app, ["sources", "add", "kzo", "--kind", "vk", "--owner-id", "-123",
                          "--keyword", "Қызылорда", "--every", "30"])  # fmt: skip
    assert vk.exit_code == 0, vk.output
    with sessions() as session:
        kzo = session.scalars(select(Source).where(Source.name == "kzo")).one()
        assert kzo.config == {"owner_ids": [-123], "keywords": ["Қызылорда"]}
        assert kzo.schedule_minutes == 30

    ran = cli.invoke(app, ["sources", "run", "feed"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout.strip().splitlines()[-1])["added"] == 2
    assert cli.invoke(app, ["sources", "test", "feed"]).stdout.strip() == "list: 1 pages"
    assert cli.invoke(app, ["sources", "pause", "feed"]).exit_code == 0
    refused = cli.invoke(app, ["sources", "run", "feed"])
    assert refused.exit_code == 1 and "is paused" in refused.output
    listed = cli.invoke(app, ["sources", "list"])
    feed_line = next(line for line in listed.stdout.splitlines() if line.startswith("feed"))
    assert "paused" in feed_line and feed_line.split()[-2:] == ["2", "—"]
    assert cli.invoke(app, ["sources", "resume", "feed"]).exit_code == 0
    assert not _source(sessions, "feed").paused
    unknown = cli.invoke(app, ["sources", "run", "nope"])
    assert unknown.exit_code != 0 and "no source named 'nope'" in unknown.output


def test_the_worker_runs_due_sources_before_it_analyses(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    from halyq.commands import run_worker

    _add(sessions, settings, "feed", [{"ids": [1, 2]}])
    _add(sessions, settings, "broken", ["fatal: the token expired"])
    result = run_worker(settings, once=True)
    assert result.analysed == 2
    with sessions() as session:
        assert session.scalar(select(Post.analysed_at).where(Post.external_id == "1")) is not None
    assert _source(sessions, "broken").paused
