"""`halyq cases export`, `show` and `history` through typer's runner, on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cases.intake import Filed
from halyq.cli import app
from tests.cases.conftest import T0, add_post, place


@pytest.fixture
def env(shared_engine: Engine, tmp_path: Path) -> Iterator[dict[str, str]]:
    url = shared_engine.url.render_as_string(hide_password=False)
    yield {"HALYQ_DATABASE_URL": url, "HALYQ_VAR_DIR": str(tmp_path)}


@pytest.fixture
def two_cases(db: sessionmaker[Session], file: Callable[..., Filed]) -> tuple[int, int]:
    with db.begin() as session:
        first = file(session, add_post(session), places=[place("Жібек жолы", "12")])
        other = add_post(session, "Жибек жолы 12 прорвало трубу, воды нет", author=None)
        file(session, other, places=[place("Жібек жолы", "12")])
        later = add_post(session, at=T0 + timedelta(hours=1))
        second = file(session, later, category="roads", places=[place("Абай")])
        return first.case.id, second.case.id


def test_export_writes_one_line_per_case(env: dict[str, str], two_cases: tuple[int, int]) -> None:
    result = CliRunner().invoke(app, ["cases", "export", "--format", "jsonl"], env=env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["case_id"] for row in rows] == list(two_cases)
    first = rows[0]
    assert list(first) == [
        "case_id", "category", "department", "status", "track", "place", "opened_at",
        "due_at", "post_ids", "residents",
    ]  # fmt: skip
    assert (first["category"], first["department"], first["status"], first["track"]) == (
        "water",
        "housing_utilities",
        "new",
        "signal",
    )
    assert first["place"] == "Жібек жолы, 12" and rows[1]["place"] == "Абай"
    assert len(first["post_ids"]) == 2 and all(i.startswith("p") for i in first["post_ids"])
    assert first["residents"] == 2 and rows[1]["residents"] == 1
    assert first["due_at"].endswith("+00:00")
    assert "2 cases" in result.stderr


def test_export_refuses_unknown_formats(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["cases", "export", "--format", "csv"], env=env)
    assert result.exit_code == 2 and "use jsonl" in result.output


def test_show_and_history(env: dict[str, str], two_cases: tuple[int, int]) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["cases", "show", str(two_cases[0])], env=env)
    assert shown.exit_code == 0, shown.output
    assert "place: Жібек жолы, 12" in shown.stdout and "residents: 2" in shown.stdout
    assert "posts: 2" in shown.stdout
    history = runner.invoke(app, ["cases", "history", str(two_cases[0])], env=env)
    lines = history.stdout.splitlines()
    assert [line.split("  ")[2] for line in lines] == [
        "opened",
        "routed",
        "post_linked",
        "post_linked",
    ]
    assert "same incident: Жібек жолы 12" in lines[-1]
    missing = runner.invoke(app, ["cases", "show", "999999"], env=env)
    assert missing.exit_code == 1 and "no case 999999" in missing.stderr
    assert runner.invoke(app, ["cases", "history", "999999"], env=env).exit_code == 1


def test_show_says_when_the_problem_began(env: dict[str, str], two_cases: tuple[int, int]) -> None:
    shown = CliRunner().invoke(app, ["cases", "show", str(two_cases[0])], env=env)
    assert shown.exit_code == 0, shown.output
    # The fixture files analyses that state no date: the case began with its first post.
    assert f"started_at: {T0.isoformat()}" in shown.stdout
    assert "started_precision: post" in shown.stdout
