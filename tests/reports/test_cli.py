"""`halyq report` through its runner, on real databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from halyq.cli import app
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from tests.reports.conftest import add_event, add_ngo


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    engine = make_engine(db_url)
    with session_scope(make_sessionmaker(engine)) as session:
        add_ngo(session, registered_on=date(2020, 1, 1))
        add_ngo(session, status="liquidated", liquidated_on=date(2026, 6, 30))
        add_event(session, on=date(2026, 6, 30))
        add_event(session, on=date(2026, 7, 1))
    engine.dispose()
    return {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path / "var")}


def test_json_to_standard_output(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["report", "--period", "2026-H1", "--out", "-"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["ngos"]["active"], data["events"]["count"]) == (1, 1)
    assert data["period"]["label"] == "2026-H1" and data["lang"] == "kk"


def test_format_from_the_file_name_and_a_date_range(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "q.docx"
    args = [
        "report",
        "--from",
        "2026-07-01",
        "--to",
        "2026-07-31",
        "--lang",
        "ru",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    text = " ".join(p.text for p in Document(str(out)).paragraphs).replace("\u00a0", " ")
    assert "за период с 01.07.2026 по 31.07.2026" in text
    assert "проведена 1 информационно-разъяснительная встреча" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "2026-H3", "--out", "x.pdf"], "'2026-H3' is not one of"),
        (["--out", "x.pdf"], "give --period"),
        (["--period", "2026", "--from", "2026-01-01", "--out", "x.pdf"], "not both"),
        (["--from", "2026-05-01", "--to", "2026-04-01", "--out", "x.pdf"], "is before --from"),
        (["--period", "2026", "--out", "x.doc"], "cannot tell the format from 'x.doc'"),
        (["--period", "2026", "--format", "odt", "--out", "x.odt"], "format 'odt' is not one of"),
        (["--period", "2026", "--lang", "en", "--out", "x.pdf"], "language 'en' is not one of"),
        (["--period", "2026", "--format", "pdf", "--out", "-"], "PDF is binary"),
    ],
)
def test_bad_options_are_refused_with_the_reason(
    env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    result = CliRunner().invoke(app, ["report", *args], env=env)
    assert result.exit_code == 2
    assert says in " ".join(result.stderr.replace("│", " ").split())
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_file_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "missing" / "h1.json"
    result = CliRunner().invoke(app, ["report", "--period", "2026-H1", "--out", str(out)], env=env)
    assert result.exit_code == 1 and f"cannot write {out}" in result.stderr
