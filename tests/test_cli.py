"""The `halyq` command through its runner, on real databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from halyq.cli import app

GOOD = [
    {
        "id": "1",
        "text": "Шұғыла ықшамауданында 3 күннен бері жылу жоқ, балалар тоңып отыр",
        "created_at": "2026-11-20T09:00:00",
    },
    {"id": "2", "text": "Поздравляем всех с праздником! Хорошего дня, Кызылорда!"},
    {"id": 3, "text": "Su joq, Tokmagambetov koshesi 5, tel 87011234567"},
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "HALYQ_DATABASE_URL": database_url,
        "HALYQ_VAR_DIR": str(tmp_path / "var"),
    }


def _write(path: Path, lines: list[object]) -> Path:
    path.write_bytes(
        b"\n".join(
            line if isinstance(line, bytes) else json.dumps(line, ensure_ascii=False).encode()
            for line in lines
        )
        + b"\n"
    )
    return path


def test_upgrade_ingest_twice_and_route(
    runner: CliRunner, env: dict[str, str], tmp_path: Path
) -> None:
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    data = _write(tmp_path / "posts.jsonl", [*GOOD, b"{oops", {"id": "5"}])
    first = runner.invoke(app, ["ingest", "jsonl", str(data)], env=env)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"added": 3, "updated": 0, "unchanged": 0, "rejected": 2}
    assert "line 4: not JSON" in first.stderr and "line 5: field 'text'" in first.stderr
    again = runner.invoke(app, ["ingest", "jsonl", str(data)], env=env)
    assert json.loads(again.stdout)["added"] == 0 and json.loads(again.stdout)["unchanged"] == 3
    worker = runner.invoke(app, ["worker", "--once"], env=env)
    assert worker.exit_code == 0, worker.output
    exported = runner.invoke(app, ["cases", "export", "--format", "jsonl"], env=env)
    cases = {tuple(c["post_ids"]): c for c in map(json.loads, exported.stdout.splitlines())}
    # The heating and the water complaints are routed; the greeting opens no case.
    assert set(cases) == {("1",), ("3",)}
    assert cases[("1",)]["category"] == "heating"
    assert cases[("1",)]["department"] == "housing_utilities"
    assert cases[("3",)]["category"] == "water"


def test_ingest_reads_standard_input(runner: CliRunner, env: dict[str, str]) -> None:
    runner.invoke(app, ["db", "upgrade"], env=env)
    lines = "\n".join(json.dumps(p, ensure_ascii=False) for p in GOOD)
    result = runner.invoke(app, ["ingest", "jsonl", "-", "--source", "stdin"], input=lines, env=env)
    assert json.loads(result.stdout)["added"] == 3


def test_demo_loads_once(runner: CliRunner, env: dict[str, str]) -> None:
    runner.invoke(app, ["db", "upgrade"], env=env)
    first = json.loads(runner.invoke(app, ["demo", "load"], env=env).stdout)
    assert first["added"] >= 180 and first["rejected"] == 0
    second = json.loads(runner.invoke(app, ["demo", "load"], env=env).stdout)
    assert second["added"] == 0 and second["unchanged"] == first["added"]


def test_analyze_honours_the_contract_without_a_database(runner: CliRunner, tmp_path: Path) -> None:
    data = _write(
        tmp_path / "in.jsonl", [GOOD[0], b"\xff\xfe broken", GOOD[1], "a string", GOOD[2]]
    )
    result = runner.invoke(app, ["analyze", "--city", "kyzylorda", str(data)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    keys = [
        "id",
        "lang",
        "is_complaint",
        "complaint_score",
        "category",
        "department",
        "urgency",
        "sentiment",
        "places",
        "event_date",
        "event_surface",
        "redacted_text",
    ]
    assert all(list(r)[: len(keys)] == keys for r in rows)
    heating, greeting, water = rows
    assert heating["is_complaint"] and heating["category"] == "heating"
    assert heating["department"] == "housing_utilities" and heating["urgency"] == "high"
    assert heating["places"][0]["canonical"] == "Шұғыла"
    assert not greeting["is_complaint"] and greeting["category"] is greeting["department"] is None
    assert "87011234567" not in water["redacted_text"]
    for row, source in zip(rows, [GOOD[0], GOOD[1], GOOD[2]], strict=True):
        for place in row["places"]:
            assert source["text"][place["start"] : place["end"]] == place["surface"]  # type: ignore[index]
    assert (
        "line 2: not UTF-8" in result.stderr and "line 4: expected a JSON object" in result.stderr
    )


def test_analyze_fails_only_when_nothing_could_be_read(runner: CliRunner, tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.jsonl", [b"nope", {"text": "no id"}])
    result = runner.invoke(app, ["analyze", str(bad)])
    assert result.exit_code == 1
    assert "no line could be analysed" in result.stderr
    missing = runner.invoke(app, ["analyze", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code != 0 and "cannot read" in missing.output


def test_calendar_add_working_days(runner: CliRunner) -> None:
    result = runner.invoke(app, ["calendar", "add-working-days", "2026-12-11", "3"])
    assert result.stdout.strip() == "2026-12-17"
    assert runner.invoke(app, ["calendar", "add-working-days", "11.12.2026", "3"]).exit_code == 2


def test_users_add_prints_a_password_once(runner: CliRunner, env: dict[str, str]) -> None:
    runner.invoke(app, ["db", "upgrade"], env=env)
    made = runner.invoke(
        app,
        ["users", "add", "aigerim", "--role", "executor", "--department", "housing_utilities"],
        env=env,
    )
    assert made.exit_code == 0 and made.stdout.startswith("aigerim: ")
    twice = runner.invoke(app, ["users", "add", "aigerim"], env=env)
    assert twice.exit_code == 2 and "exists" in twice.output
    orphan = runner.invoke(app, ["users", "add", "marat", "--role", "executor"], env=env)
    assert orphan.exit_code == 2 and "--department" in orphan.output


def test_city_check_names_the_broken_file(runner: CliRunner, tmp_path: Path) -> None:
    assert json.loads(runner.invoke(app, ["city", "check"]).stdout)["places"] >= 40
    (tmp_path / "profile.yaml").write_text("code: [unclosed", encoding="utf-8")
    result = runner.invoke(app, ["city", "check", str(tmp_path)])
    assert result.exit_code == 1 and "profile.yaml" in result.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names += [f"halyq {name} {sub}" for sub in subs] if subs else [f"halyq {name}"]
    missing = [name for name in names if f"`{name}" not in readme]
    assert missing == []
