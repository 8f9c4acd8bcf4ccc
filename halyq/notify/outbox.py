"""The notification outbox: notices are rows written in the same transaction as the event that
causes them (a case opened or rerouted, an escalation), and sent by the worker afterwards.

Delivery is at least once: a row is marked sent in the transaction that claimed it, right
after the channel accepted it, so a crash in between sends that one row again on the next
pass; a crash before the event commits leaves no row at all. Nothing is lost, and at most the
row in flight is sent twice. On PostgreSQL concurrent workers skip each other's rows
(FOR UPDATE SKIP LOCKED); SQLite has one worker.

One notice per case, user, channel and kind (a unique key): due-soon and overdue reach each
person once, whatever runs twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile, load_profile
from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Case, User
from halyq.db.notices import Notification
from halyq.db.types import utcnow
from halyq.notify.delivery import DeliveryFailed, RateLimited, Unreachable
from halyq.notify.messages import case_payload, compose

log = logging.getLogger(__name__)
RECIPIENT_ROLES = ("executor", "head")
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)


class Sender(Protocol):
    def send(self, address: str, subject: str, text: str) -> None: ...


def queue_case_notices(session: Session, case: Case, *, kind: str, now: datetime) -> None:
    """Write a notice of `kind` about `case` for each active executor and head of its
    department, by each channel they have (one already written is left as it is)."""
    users = session.scalars(
        select(User).where(
            User.department_code == case.department_code,
            User.is_active.is_(True),
            User.role.in_(RECIPIENT_ROLES),
        )
    ).all()
    payload = case_payload(case)
    rows = [
        {"user_id": user.id, "channel": channel, "kind": kind, "case_id": case.id,
         "payload": payload, "created_at": now, "next_attempt_at": now, "attempts": 0}
        for user in users
        for channel in _channels(user)
    ]  # fmt: skip
    if rows:
        session.execute(_insert_once(session), rows)


def send_pending_notifications(
    sessions: sessionmaker[Session],
    conf: Settings,
    *,
    now: datetime | None = None,
    limit: int = 500,
) -> dict[str, int]:
    """Send the notices that are due; returns counts: sent, retry, failed."""
    moment = now or utcnow()
    with session_scope(sessions) as session:
        ids = list(
            session.scalars(
                select(Notification.id)
                .where(Notification.sent_at.is_(None), Notification.failed_at.is_(None))
                .where(Notification.next_attempt_at <= moment)
                .order_by(Notification.id)
                .limit(limit)
            )
        )
    profile = load_profile(conf.city)
    counts: Counter[str] = Counter()
    paused: set[str] = set()  # channels that asked us to wait (429) for the rest of the pass
    with ExitStack() as stack:
        senders = _Senders(conf, stack)
        for notification_id in ids:
            with session_scope(sessions) as session:
                row = _claim(session, notification_id)
                if row is None or row.channel in paused:
                    continue
                outcome = _deliver(session, row, senders, conf, profile, moment)
                counts[outcome] += 1
                if outcome == "paused":
                    paused.add(row.channel)
    if counts:
        log.info("notifications: %s", dict(counts))
    return {"sent": counts["sent"], "retry": counts["retry"] + counts["paused"],
            "failed": counts["failed"]}  # fmt: skip


class _Senders:
    """The channels' senders, opened on first use and closed with the pass."""

    def __init__(self, conf: Settings, stack: ExitStack) -> None:
        self._conf, self._stack = conf, stack
        self._open: dict[str, Sender] = {}

    def get(self, channel: str) -> Sender:
        """The sender, or DeliveryFailed(permanent) naming the missing setting."""
        if channel not in self._open:
            self._open[channel] = self._stack.enter_context(self._make(channel))
        return self._open[channel]

    def _make(self, channel: str) -> Any:
        conf = self._conf
        if channel == "telegram":
            if conf.notify_telegram_token is None:
                raise DeliveryFailed("HALYQ_NOTIFY_TELEGRAM_TOKEN is not set", permanent=True)
            from halyq.notify.telegram import TelegramSender

            return _TelegramAdapter(
                TelegramSender(
                    conf.notify_telegram_token.get_secret_value(), conf.notify_telegram_api
                )
            )
        if conf.smtp_host is None or conf.smtp_from is None:
            missing = "HALYQ_SMTP_HOST" if conf.smtp_host is None else "HALYQ_SMTP_FROM"
            raise DeliveryFailed(f"{missing} is not set", permanent=True)
        from halyq.notify.mail import MailSender

        return MailSender(
            host=conf.smtp_host, port=conf.smtp_port, sender=conf.smtp_from, user=conf.smtp_user,
            password=conf.smtp_password.get_secret_value() if conf.smtp_password else None,
            starttls=conf.smtp_starttls,
        )  # fmt: skip


class _TelegramAdapter:
    """A Telegram sender with the outbox's send(address, subject, text) shape."""

    def __init__(self, sender: Any) -> None:
        self._sender = sender

    def __enter__(self) -> _TelegramAdapter:
        self._sender.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sender.__exit__(*exc)

    def send(self, address: str, subject: str, text: str) -> None:
        self._sender.send(address, text)


def _deliver(
    session: Session,
    row: Notification,
    senders: _Senders,
    conf: Settings,
    profile: CityProfile,
    now: datetime,
) -> str:
    """Try one row and record the outcome on it: sent, retry, paused or failed."""
    user = session.get(User, row.user_id)
    row.attempts += 1
    try:
        address = _address(user, row.channel)
        message = compose(row.kind, row.payload, public_url=conf.public_url, profile=profile)
        senders.get(row.channel).send(address, message.subject, message.text)
    except RateLimited as exc:
        row.last_error = str(exc)
        row.next_attempt_at = now + timedelta(seconds=max(exc.retry_after, 1.0))
        return "paused"
    except DeliveryFailed as exc:
        row.last_error = str(exc)
        if isinstance(exc, Unreachable) and user is not None:
            user.telegram_blocked_at = now
        if exc.permanent or row.attempts >= MAX_ATTEMPTS:
            row.failed_at = now
            log.warning("notification %s given up: %s", row.id, exc)
            return "failed"
        row.next_attempt_at = now + min(FIRST_RETRY * 2 ** (row.attempts - 1), LAST_RETRY)
        return "retry"
    row.sent_at, row.last_error = now, None
    return "sent"


def _address(user: User | None, channel: str) -> str:
    if user is None or not user.is_active:
        raise DeliveryFailed("the user is gone or deactivated", permanent=True)
    if channel == "telegram":
        if user.telegram_blocked_at is not None:
            raise DeliveryFailed("the user's chat blocked the bot", permanent=True)
        address = user.telegram_chat_id
    else:
        address = user.email
    if not address:
        raise DeliveryFailed(f"the user has no {channel} address any more", permanent=True)
    return address


def _claim(session: Session, notification_id: int) -> Notification | None:
    """The row, locked until commit, if it is still waiting (another worker may have sent it)."""
    query = select(Notification).where(
        Notification.id == notification_id,
        Notification.sent_at.is_(None),
        Notification.failed_at.is_(None),
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).one_or_none()


def _channels(user: User) -> list[str]:
    channels = []
    if user.telegram_chat_id and user.telegram_blocked_at is None:
        channels.append("telegram")
    if user.email:
        channels.append("email")
    return channels


def _insert_once(session: Session) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on the one-notice key, in either database's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(Notification).on_conflict_do_nothing(
        index_elements=["case_id", "user_id", "channel", "kind"]
    )
