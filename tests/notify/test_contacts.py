"""Where notices go: a user's own chat id and e-mail (API), and the admin's (CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cli import app as cli
from halyq.db.models import User
from tests.web import conftest as web
from tests.web.conftest import TestClient

# The web tests' fixtures: an app on the test database with one account per role.
settings, password_hashes, app, signed_in = (
    web.settings,
    web.password_hashes,
    web.app,
    web.signed_in,
)

SignIn = Callable[[str], TestClient]


def put_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.put(path, json=body, headers={"X-CSRF-Token": token})


def test_a_user_sets_and_clears_their_own_contacts(
    signed_in: SignIn, sessions: sessionmaker[Session]
) -> None:
    browser = signed_in("water_exec")
    assert browser.get("/api/v1/me/contacts").json() == {
        "telegram_chat_id": None, "email": None, "telegram_blocked": False,
    }  # fmt: skip
    body = {"telegram_chat_id": " 123456789 ", "email": "water@example.kz"}
    assert put_json(browser, "/api/v1/me/contacts", body).json() == {
        "telegram_chat_id": "123456789", "email": "water@example.kz", "telegram_blocked": False,
    }  # fmt: skip
    with sessions.begin() as session:  # the bot was blocked since
        session.execute(
            update(User).where(User.username == "water_exec")
            .values(telegram_blocked_at=datetime.now(UTC))
        )  # fmt: skip
    assert browser.get("/api/v1/me/contacts").json()["telegram_blocked"] is True
    renewed = put_json(browser, "/api/v1/me/contacts", {"telegram_chat_id": "987", "email": ""})
    assert renewed.json() == {"telegram_chat_id": "987", "email": None, "telegram_blocked": False}
    bad = put_json(browser, "/api/v1/me/contacts", {"telegram_chat_id": "@me", "email": None})
    assert bad.status_code == 422 and "telegram_chat_id '@me'" in bad.json()["detail"]
    bad = put_json(browser, "/api/v1/me/contacts", {"telegram_chat_id": None, "email": "nope"})
    assert bad.status_code == 422 and "email 'nope'" in bad.json()["detail"]
    no_token = browser.put("/api/v1/me/contacts", json={"email": "x@example.kz"})
    assert no_token.status_code == 403
    assert browser.get("/api/v1/me/contacts").json()["telegram_chat_id"] == "987"


def test_the_cli_adds_accounts_with_contacts_and_changes_them(
    db_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    env = {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path)}
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["users", "add", "aliya", "--role", "head", "--department", "housing_utilities",
         "--telegram-chat-id", "5550001", "--email", "aliya@example.kz"],
        env=env,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    changed = runner.invoke(cli, ["users", "contacts", "aliya", "--email", ""], env=env)
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.stdout) == {"telegram_chat_id": "5550001", "email": None}
    bad = runner.invoke(cli, ["users", "contacts", "aliya", "--telegram-chat-id", "x"], env=env)
    assert bad.exit_code != 0 and "is not a chat id" in bad.output
    bad = runner.invoke(cli, ["users", "add", "b", "--email", "no-at-sign"], env=env)
    assert bad.exit_code != 0 and "--email" in bad.output
    with sessions() as session:
        user = session.scalars(select(User).where(User.username == "aliya")).one()
        assert (user.role, user.department_code) == ("head", "housing_utilities")
        assert session.scalars(select(User).where(User.username == "b")).first() is None
