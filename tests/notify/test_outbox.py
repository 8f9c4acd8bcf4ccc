"""The outbox: notices are written with the event that causes them, sent once by the worker,
and survive rate limits, blocked chats and a mail server that is down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.escalation import escalate_due
from halyq.cases.intake import Filed, file_complaint
from halyq.cases.merge_rules import default_rules
from halyq.cases.workflow import Actor, reroute
from halyq.city.calendar import load_calendar
from halyq.city.profile import CityProfile
from halyq.config import Settings
from halyq.db.models import Case, User
from halyq.db.notices import Notification
from halyq.notify.outbox import MAX_ATTEMPTS, send_pending_notifications
from tests.cases.conftest import add_analysis, add_post, place
from tests.notify.fakes import FakeBotApi, FakeMailbox

Db = sessionmaker[Session]
T0 = datetime(2026, 11, 12, 4, 0, tzinfo=UTC)  # 09:00 in Kyzylorda, a Thursday
PHONE, NAME = "87011234567", "Айгүл Сейітова"


def open_case(session: Session, profile: CityProfile, text: str | None = None) -> Case:
    post = add_post(session, text or f"Абай даңғылы 12 су жоқ. {NAME}, тел {PHONE}", at=T0)
    post.author_name = NAME
    analysis = add_analysis(session, post, places=[place("Абай даңғылы", "12")])
    analysis.redacted_text = "Абай даңғылы 12 су жоқ. [аты-жөні], тел [телефон]"
    filed: Filed = file_complaint(
        session, profile=profile, calendar=load_calendar(profile), rules=default_rules(),
        post=post, analysis=analysis, now=T0,
    )  # fmt: skip
    return filed.case


def rows(sessions: Db) -> list[Notification]:
    with sessions() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def test_a_new_case_notifies_its_department_by_each_channel_once(
    sessions: Db,
    profile: CityProfile,
    conf: Settings,
    bot_api: FakeBotApi,
    mailbox: FakeMailbox,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", chat="1001", email="water@example.kz")
        add_user(session, "water_head", role="head", email="head@example.kz")
        add_user(session, "roads_exec", department="roads_transport", chat="2002")
        add_user(session, "gone", chat="3003", is_active=False)
        add_user(session, "analyst", role="analyst", department=None, chat="4004")
        case_id = open_case(session, profile).id
    queued = rows(sessions)
    assert sorted((r.channel, r.kind, r.case_id) for r in queued) == [
        ("email", "new", case_id),
        ("email", "new", case_id),
        ("telegram", "new", case_id),
    ]
    done = send_pending_notifications(sessions, conf, now=T0 + timedelta(minutes=1))
    assert done == {"sent": 3, "retry": 0, "failed": 0}
    assert [m["chat_id"] for m in bot_api.sent] == ["1001"]
    text = bot_api.sent[0]["text"]
    assert f"Жаңа іс №{case_id}" in text and f"Новое обращение №{case_id}" in text
    assert "Сумен жабдықтау және кәріз" in text and "Водоснабжение и канализация" in text
    assert "Абай даңғылы" in text and "12" not in text.split("Абай даңғылы")[1].split("\n")[0]
    assert f"https://halyq.example/cases/{case_id}" in text
    assert sorted(to for _sender, (to,) in mailbox.envelopes) == [
        "head@example.kz",
        "water@example.kz",
    ]
    mail = mailbox.messages[0]
    assert f"Жаңа іс №{case_id}" in str(mail["Subject"])
    for message in (text, mail.get_content()):
        assert PHONE not in message and NAME not in message and "Сейітова" not in message
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows(sessions))
    assert send_pending_notifications(sessions, conf, now=T0 + timedelta(minutes=2)) == {
        "sent": 0, "retry": 0, "failed": 0,
    }  # fmt: skip
    assert len(bot_api.sent) == 1 and len(mailbox.messages) == 2


def test_notices_roll_back_with_the_event_that_caused_them(
    sessions: Db, profile: CityProfile, add_user: Callable[..., User]
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", chat="1001")
    session = sessions()
    try:
        open_case(session, profile)
        session.flush()
        assert session.scalar(select(Notification.id)) is not None
    finally:
        session.rollback()
        session.close()
    assert rows(sessions) == []


def test_due_soon_and_overdue_reach_each_person_once(
    sessions: Db,
    profile: CityProfile,
    conf: Settings,
    bot_api: FakeBotApi,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", chat="1001")
        case = open_case(session, profile)
        due = case.due_at
    for _ in range(2):
        with sessions.begin() as session:
            escalate_due(session, now=due - timedelta(hours=1))
            escalate_due(session, now=due + timedelta(hours=1))
    assert [r.kind for r in rows(sessions)] == ["new", "due_soon", "overdue"]
    send_pending_notifications(sessions, conf, now=due + timedelta(hours=2))
    texts = [m["text"] for m in bot_api.sent]
    assert len(texts) == 3
    assert "шешу мерзімі жақын" in texts[1] and "срок решения истёк" in texts[2]


def test_a_rerouted_case_is_new_to_its_new_department(
    sessions: Db, profile: CityProfile, add_user: Callable[..., User]
) -> None:
    with sessions.begin() as session:
        roads = add_user(session, "roads_exec", department="roads_transport", chat="2002")
        case = open_case(session, profile)
        reroute(
            session, case_id=case.id, department="roads_transport",
            actor=Actor("analyst", "analyst"), reason="бұл жол мәселесі", profile=profile,
            now=T0 + timedelta(hours=1),
        )  # fmt: skip
        roads_id = roads.id
    assert [(r.user_id, r.kind) for r in rows(sessions)] == [(roads_id, "new")]


def test_429_waits_as_long_as_telegram_asks_and_mail_goes_on(
    sessions: Db,
    profile: CityProfile,
    conf: Settings,
    bot_api: FakeBotApi,
    mailbox: FakeMailbox,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        add_user(session, "first", chat="1001")
        add_user(session, "second", chat="1002", email="second@example.kz")
        open_case(session, profile)
    bot_api.rate_limited["1001"] = 30
    now = T0 + timedelta(minutes=1)
    assert send_pending_notifications(sessions, conf, now=now) == {
        "sent": 1, "retry": 1, "failed": 0,
    }  # fmt: skip
    assert bot_api.sent == [] and len(mailbox.messages) == 1  # the second chat waits too
    waiting = [r for r in rows(sessions) if r.sent_at is None]
    assert len(waiting) == 2
    limited = next(r for r in waiting if r.attempts == 1)
    assert limited.next_attempt_at == now + timedelta(seconds=30)
    assert "429" in (limited.last_error or "")
    del bot_api.rate_limited["1001"]
    assert send_pending_notifications(sessions, conf, now=now + timedelta(seconds=10))["sent"] == 1
    assert send_pending_notifications(sessions, conf, now=now + timedelta(seconds=30))["sent"] == 1
    assert sorted(m["chat_id"] for m in bot_api.sent) == ["1001", "1002"]


def test_403_marks_the_chat_unreachable_and_stops_telegram_for_that_user(
    sessions: Db,
    profile: CityProfile,
    conf: Settings,
    bot_api: FakeBotApi,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        user_id = add_user(session, "water_exec", chat="1001", email="w@example.kz").id
        open_case(session, profile)
    bot_api.blocked.add("1001")
    now = T0 + timedelta(minutes=1)
    assert send_pending_notifications(sessions, conf, now=now) == {
        "sent": 1, "retry": 0, "failed": 1,
    }  # fmt: skip
    failed = next(r for r in rows(sessions) if r.channel == "telegram")
    assert failed.failed_at == now and "403" in (failed.last_error or "")
    with sessions.begin() as session:
        user = session.get(User, user_id)
        assert user is not None and user.telegram_blocked_at == now
        open_case(session, profile, text="Абай даңғылы 14 су жоқ")  # a second incident
    assert [r.channel for r in rows(sessions)].count("telegram") == 1


def test_a_mail_server_that_is_down_is_retried_with_back_off_then_given_up(
    sessions: Db,
    profile: CityProfile,
    conf: Settings,
    add_user: Callable[..., User],
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", email="w@example.kz")
        open_case(session, profile)
    down = conf.model_copy(update={"smtp_port": _closed_port()})
    now = T0
    delays = []
    for _ in range(MAX_ATTEMPTS):
        outcome = send_pending_notifications(sessions, down, now=now)
        (row,) = rows(sessions)
        if row.failed_at is not None:
            break
        assert outcome == {"sent": 0, "retry": 1, "failed": 0}
        delays.append(row.next_attempt_at - now)
        assert send_pending_notifications(sessions, down, now=now)["retry"] == 0  # not yet
        now = row.next_attempt_at
    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert row.failed_at is not None and row.attempts == MAX_ATTEMPTS
    assert "SMTP 127.0.0.1" in (row.last_error or "")


def test_a_channel_without_settings_fails_its_rows_naming_the_setting(
    sessions: Db, profile: CityProfile, conf: Settings, add_user: Callable[..., User]
) -> None:
    with sessions.begin() as session:
        add_user(session, "water_exec", chat="1001", email="w@example.kz")
        open_case(session, profile)
    bare = conf.model_copy(update={"notify_telegram_token": None, "smtp_host": None})
    assert send_pending_notifications(sessions, bare, now=T0)["failed"] == 2
    errors = sorted(r.last_error or "" for r in rows(sessions))
    assert errors == ["HALYQ_NOTIFY_TELEGRAM_TOKEN is not set", "HALYQ_SMTP_HOST is not set"]


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
