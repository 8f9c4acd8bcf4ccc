"""Notification tests: a real local Bot API server, a real local SMTP server, real databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from halyq.config import Settings
from halyq.db.models import User
from tests.notify.fakes import FakeBotApi, FakeMailbox, running_bot_api, running_smtp


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    with running_bot_api() as fake:
        yield fake


@pytest.fixture
def mailbox() -> Iterator[FakeMailbox]:
    with running_smtp() as box:
        yield box


@pytest.fixture
def conf(db_url: str, tmp_path: Path, bot_api: FakeBotApi, mailbox: FakeMailbox) -> Settings:
    """Settings with both channels pointed at the local fakes."""
    return Settings(
        database_url=db_url,
        var_dir=tmp_path,
        notify_telegram_token=bot_api.token,
        notify_telegram_api=bot_api.url,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_starttls=False,
        smtp_from="halyq@kyzylorda.example",
        public_url="https://halyq.example",
    )  # type: ignore[call-arg]


@pytest.fixture
def add_user() -> Callable[..., User]:
    """add_user(session, name, role="executor", department="housing_utilities", chat=, email=)."""

    def add(
        session: Session,
        name: str,
        *,
        role: str = "executor",
        department: str | None = "housing_utilities",
        chat: str | None = None,
        email: str | None = None,
        **extra: Any,
    ) -> User:
        user = User(
            username=name, password_hash="x", role=role, department_code=department,
            telegram_chat_id=chat, email=email, **{"is_active": True, **extra},
        )  # fmt: skip
        session.add(user)
        session.flush()
        return user

    return add
