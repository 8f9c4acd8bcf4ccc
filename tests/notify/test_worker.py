"""`halyq worker` sends what the pipeline queued: a post in, a Telegram message out."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.commands import ingest_stream, run_worker
from halyq.config import Settings
from halyq.db.models import Case, User
from halyq.db.notices import Notification
from tests.notify.fakes import FakeBotApi, FakeMailbox


def test_the_worker_opens_a_case_and_tells_the_department(
    sessions: sessionmaker[Session],
    conf: Settings,
    bot_api: FakeBotApi,
    mailbox: FakeMailbox,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", chat="1001", email="water@example.kz")
    post = {
        "id": "w1",
        "text": "Абай даңғылы 12 үйде екі күннен бері су жоқ, көмектесіңіздер! Тел 87011234567",
        "created_at": "2026-11-12T09:00:00",
        "author": "Айгүл Сейітова",
    }
    line = json.dumps(post, ensure_ascii=False).encode() + b"\n"
    ingest_stream(conf, BytesIO(line), default_source="telegram:chat", label="test")
    run_worker(conf, once=True)
    with sessions() as session:
        case_id = session.scalars(select(Case.id)).one()
        sent = session.scalars(select(Notification.sent_at)).all()
    assert len(sent) == 2 and all(sent)
    (message,) = bot_api.sent
    assert message["chat_id"] == "1001" and f"№{case_id}" in message["text"]
    assert "87011234567" not in message["text"] and "Сейітова" not in message["text"]
    assert f"№{case_id}" in str(mailbox.messages[0]["Subject"])
