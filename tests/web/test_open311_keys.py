"""`halyq api-keys create|list|revoke` through the CLI runner, on the real databases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cli import app
from halyq.db.answers import ApiKey
from halyq.db.engine import session_scope
from halyq.db.types import utcnow
from halyq.web.api.open311_keys import check_api_key, digest


def test_keys_are_made_listed_and_revoked(
    db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    runner = CliRunner()
    env = {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path)}
    created = runner.invoke(app, ["api-keys", "create", "egov"], env=env)
    assert created.exit_code == 0, created.output
    name, key = created.stdout.strip().split(": ")
    assert name == "egov" and key.startswith("hq311_") and len(key) > 30
    with session_scope(sessions) as session:
        stored = session.scalars(select(ApiKey)).one()
        assert stored.key_sha256 == digest(key) and key not in stored.key_sha256  # digest only
        assert check_api_key(session, key, now=utcnow()) is not None
    again = runner.invoke(app, ["api-keys", "create", "egov"], env=env)
    assert again.exit_code != 0 and "a key named 'egov' exists" in again.output
    spaced = runner.invoke(app, ["api-keys", "create", "two words"], env=env)
    assert spaced.exit_code != 0 and "without spaces" in spaced.output
    listed = runner.invoke(app, ["api-keys", "list"], env=env)
    assert listed.exit_code == 0 and "egov\tcreated" in listed.stdout
    assert "active" in listed.stdout and key not in listed.stdout
    assert runner.invoke(app, ["api-keys", "revoke", "egov"], env=env).exit_code == 0
    assert "revoked" in runner.invoke(app, ["api-keys", "list"], env=env).stdout
    twice = runner.invoke(app, ["api-keys", "revoke", "egov"], env=env)
    assert twice.exit_code != 0 and "was revoked at" in twice.output
    unknown = runner.invoke(app, ["api-keys", "revoke", "nobody"], env=env)
    assert unknown.exit_code != 0 and "no key named 'nobody'" in unknown.output
    with session_scope(sessions) as session:
        assert check_api_key(session, key, now=utcnow()) is None
