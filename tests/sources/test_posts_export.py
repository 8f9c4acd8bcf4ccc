"""`halyq posts export`: one shape out for every channel, pseudonymous, and back in again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cli import app
from halyq.db.models import Post

TELEGRAM = Path(__file__).parent / "fixtures" / "telegram" / "supergroup"
SHAPE = ["source", "id", "author", "text", "created_at", "url", "reply_to", "edited_at"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {"HALYQ_DATABASE_URL": url, "HALYQ_VAR_DIR": str(tmp_path / "var")}


def _export(runner: CliRunner, env: dict[str, str], *options: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["posts", "export", "--format", "jsonl", *options], env=env)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _load(runner: CliRunner, env: dict[str, str], tmp_path: Path) -> None:
    table = tmp_path / "appeals.csv"
    table.write_text("Нөмірі;Мәтін;Күні\n1;Жарық жоқ;03.11.2026 09:15\n", encoding="utf-8")
    for args in (
        ["ingest", "telegram-export", str(TELEGRAM), "--username", "kyzylorda_chat"],
        ["ingest", "table", str(table), "--map", "id=Нөмірі,text=Мәтін,created_at=Күні"],
    ):
        assert runner.invoke(app, args, env=env).exit_code == 0


def test_every_channel_comes_out_in_one_pseudonymous_shape(
    runner: CliRunner, db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    env = _env(db_url, tmp_path)
    _load(runner, env, tmp_path)
    records = _export(runner, env)
    assert len(records) == 10 and all(list(record) == SHAPE for record in records)
    by_id = {record["id"]: record for record in records}
    reply = by_id["1202"]
    assert reply["source"] == "telegram:1702345678" and reply["reply_to"] == "1201"
    assert reply["url"] == "https://t.me/kyzylorda_chat/1202"
    assert reply["created_at"] == "2026-11-02T15:12:03+00:00"
    assert by_id["1203"]["edited_at"] == "2026-11-02T15:22:10+00:00"
    assert by_id["1201"]["author"] == by_id["1203"]["author"]  # one resident, renamed
    everything = json.dumps(records, ensure_ascii=False)
    for name in ("Айгерім", "Дмитрий К.", "user5550001"):
        assert name not in everything.replace("Дмитрий, жаздым", "")
    assert by_id["1"]["source"] == "table:appeals" and by_id["1"]["author"] is None


def test_source_since_and_deleted_posts(
    runner: CliRunner, db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    env = _env(db_url, tmp_path)
    _load(runner, env, tmp_path)
    assert {r["id"] for r in _export(runner, env, "--source", "table:appeals")} == {"1"}
    since = _export(runner, env, "--since", "2026-11-04", "--source", "telegram:1702345678")
    assert [r["id"] for r in since] == ["1210", "1211", "1214"]  # from midnight in Kyzylorda
    with sessions() as session:
        session.execute(
            update(Post).where(Post.external_id == "1211").values(deleted_at=datetime.now(UTC))
        )
        session.commit()
    assert "1211" not in {r["id"] for r in _export(runner, env)}
    assert "1211" in {r["id"] for r in _export(runner, env, "--include-deleted")}
    bad = runner.invoke(app, ["posts", "export", "--since", "кеше"], env=env)
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_export_then_import_into_an_empty_database_gives_the_same_posts(
    runner: CliRunner, db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    env = _env(db_url, tmp_path)
    _load(runner, env, tmp_path)
    first = _export(runner, env)
    dump = tmp_path / "posts.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first), "utf-8")
    with sessions() as session:
        session.execute(delete(Post))
        session.commit()
    assert _export(runner, env) == []
    result = runner.invoke(app, ["ingest", "jsonl", str(dump), "--pseudonymous-authors"], env=env)
    assert json.loads(result.stdout.splitlines()[-1])["added"] == len(first)
    assert _export(runner, env) == first
    with sessions() as session:  # the pseudonyms came back as pseudonyms, not as names
        names = session.scalars(select(Post.author_name)).all()
    assert set(names) == {None}
