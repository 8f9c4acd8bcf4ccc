"""`halyq civil import | template | export` through typer's runner, on both databases."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from halyq.cli import app


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path / "var")}


def test_import_prints_the_summary_and_bad_rows(
    env: dict[str, str], write_workbook: Callable[..., Path], new_bin: Callable[..., str]
) -> None:
    path = write_workbook(
        {"ngos": [[new_bin(1), "А", "Б", "other"], [new_bin(2), "А", "Б", "ТОО"]]}
    )
    result = CliRunner().invoke(app, ["civil", "import", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ngos"] == {
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert f"{path}: ngos, row 3, column D (legal_form): 'ТОО' is not one of" in result.stderr
    assert f"{path}: warning: events: no such sheet; nothing imported" in result.stderr


def test_unreadable_file_exits_1(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old binary Excel file")
    result = CliRunner().invoke(app, ["civil", "import", str(bad)], env=env)
    assert result.exit_code == 1 and "not a readable XLSX workbook" in result.stderr
    missing = CliRunner().invoke(app, ["civil", "import", str(tmp_path / "nope.xlsx")], env=env)
    assert missing.exit_code == 1 and "nothing was imported" in missing.stderr


def test_template_then_export(env: dict[str, str], tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["civil", "template", str(template)], env=env).exit_code == 0
    assert load_workbook(template).sheetnames[-1] == "notes"
    assert runner.invoke(app, ["civil", "import", str(template)], env=env).exit_code == 0
    out = tmp_path / "events.csv"
    result = runner.invoke(
        app,
        [
            "civil",
            "export",
            "events",
            "--format",
            "csv",
            "--out",
            str(out),
            "--filter",
            "date_from=2026-01-01",
            "--filter",
            "organiser=group",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert header[:3] == ["date", "title", "organiser"]


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["civil", "export", "people", "--out", "x"], "not one of ngos"),
        (["civil", "export", "ngos", "--format", "pdf", "--out", "x"], "not one of xlsx"),
        (["civil", "export", "ngos", "--filter", "year=2026", "--out", "x"], "no filter year"),
        (["civil", "export", "media", "--filter", "date_from", "--out", "x"], "NAME=VALUE"),
    ],
)
def test_export_refuses_bad_arguments(env: dict[str, str], arguments: list[str], says: str) -> None:
    result = CliRunner().invoke(app, arguments, env=env)
    assert result.exit_code == 2 and says in result.output
