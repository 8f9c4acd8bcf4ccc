"""What the CLI commands do, given Settings: open the database, call the library, report.

Kept apart from cli.py so tests and scripts can call the same steps without argument parsing.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile, load_profile
from halyq.city.sync import sync_departments
from halyq.config import Settings
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from halyq.db.migrate import upgrade
from halyq.db.models import Department, User
from halyq.db.types import utcnow
from halyq.nlp.models.corpus import Example
from halyq.pipeline import PipelineResult, count_pending, process_pending
from halyq.progress import progress
from halyq.sources.importer import ImportSummary, import_posts
from halyq.sources.jsonl import LineError, read_objects
from halyq.sources.records import id_and_text, parse_time

log = logging.getLogger(__name__)
DEMO_POSTS = Path(__file__).parent / "demo" / "posts.jsonl"


class UserError(ValueError):
    """An account operation that cannot be done as asked."""


@contextmanager
def open_sessions(conf: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(conf.database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


def prepare_database(conf: Settings, *, revision: str = "head") -> CityProfile:
    """Migrate the schema and copy the city profile's departments in; safe to repeat."""
    profile = load_profile(conf.city)
    upgrade(conf.database_url, revision)
    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        sync_departments(session, profile)
    return profile


def ingest_stream(
    conf: Settings, stream: BinaryIO, *, default_source: str, label: str
) -> ImportSummary:
    """Import a JSONL byte stream of posts with a progress display."""
    from halyq.sources.jsonl import read_posts

    with open_sessions(conf) as sessions, progress(f"ingest {label}") as tick:
        return import_posts(
            sessions,
            read_posts(stream, default_source=default_source),
            pseudonym_key=conf.resolved_pseudonym_key(),
            on_item=lambda s: tick(added=s.added, updated=s.updated, rejected=s.rejected),
        )


def analyze_stream(
    profile: CityProfile,
    stream: BinaryIO,
    out: TextIO,
    *,
    label: str,
    on_error: Callable[[str], None],
) -> tuple[int, int]:
    """The `halyq analyze` contract: one JSON line per line with id and text, same order.

    Each bad line is passed to `on_error` as "LABEL: line N: why". Returns (analysed, rejected).
    """
    from halyq.nlp.analyze import analyze

    good = bad = 0
    with progress(f"analyze {label}") as tick:
        for number, obj in read_objects(stream):
            try:
                post_id, text, created_at = _analysis_input(obj)
            except ValueError as exc:
                on_error(f"{label}: line {number}: {exc}")
                bad += 1
                continue
            reading = analyze(text, created_at=created_at, profile=profile)
            out.write(json.dumps(reading.to_contract(post_id), ensure_ascii=False) + "\n")
            good += 1
            tick()
    out.flush()
    return good, bad


def _analysis_input(obj: object) -> tuple[str, str, datetime | None]:
    if isinstance(obj, LineError):
        raise ValueError(obj.message)
    post_id, text = id_and_text(obj)
    created = obj.get("created_at") if isinstance(obj, dict) else None
    try:
        # A bad time is not worth losing the post over: analyse it without one.
        moment = parse_time(created) if isinstance(created, str) else None
    except ValueError:
        moment = None
    return post_id, text, moment


def run_worker(conf: Settings, *, once: bool) -> PipelineResult:
    """Analyse and route new posts, then escalate late cases; with `once`, drain and return,
    else poll forever."""
    profile = load_profile(conf.city)
    total = PipelineResult()
    with open_sessions(conf) as sessions:
        index_old_cases(sessions)
        while True:
            run_due_channels(sessions, conf)
            with session_scope(sessions) as session:
                waiting = count_pending(session)
            if waiting:
                result = _drain(sessions, profile, conf.batch_size, waiting)
                total.add(result)
                log.info("worker: %s", json.dumps(result.as_dict()))
            escalate_late_cases(sessions)
            escalate_appeal_deadlines(sessions, profile)
            send_notifications(sessions, conf)
            if once:
                return total
            time.sleep(conf.worker_interval)


def run_due_channels(sessions: sessionmaker[Session], conf: Settings) -> None:
    """Run the live sources whose schedule has come (see sources.runner); a source's failure
    is kept on the source, never raised here."""
    from halyq.sources.runner import run_due_sources

    for summary in run_due_sources(sessions, conf):
        log.info("worker: source %s", json.dumps(summary.as_dict(), ensure_ascii=False))


def index_old_cases(sessions: sessionmaker[Session]) -> int:
    """Give posts of open cases from before near-copy merging their fingerprints."""
    from halyq.cases.fingerprint import index_open_cases
    from halyq.cases.workflow import OPEN_STATUSES

    with session_scope(sessions) as session:
        done = index_open_cases(session, open_statuses=OPEN_STATUSES)
    if done:
        log.info("worker: indexed %d posts of open cases for near-copy merging", done)
    return done


def escalate_late_cases(sessions: sessionmaker[Session]) -> dict[str, int]:
    """One escalation pass (see cases.escalation); logs what it escalated."""
    from halyq.cases.escalation import escalate_due

    with session_scope(sessions) as session:
        done = escalate_due(session, now=utcnow())
    if any(done.values()):
        log.info("worker: escalated %s", json.dumps(done))
    return done


def escalate_appeal_deadlines(
    sessions: sessionmaker[Session], profile: CityProfile
) -> dict[str, int]:
    """Escalate appeals late on the extension notice or the redirect (see cases.extension)."""
    from halyq.cases.extension import escalate_appeal_rules

    with session_scope(sessions) as session:
        done = escalate_appeal_rules(session, profile=profile, now=utcnow())
    if any(done.values()):
        log.info("worker: escalated %s", json.dumps(done))
    return done


def send_notifications(sessions: sessionmaker[Session], conf: Settings) -> dict[str, int]:
    """Send the case notices waiting in the outbox (see notify.outbox)."""
    from halyq.notify.outbox import send_pending_notifications

    return send_pending_notifications(sessions, conf)


def export_cases(conf: Settings, out: TextIO) -> int:
    """Write every case as one JSON line (see cases.export); returns how many."""
    from halyq.cases.export import export_records

    written = 0
    with open_sessions(conf) as sessions, sessions() as session:
        for record in export_records(session):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    out.flush()
    return written


def case_report(conf: Settings, case_id: int) -> dict[str, Any] | None:
    """A case for `halyq cases show` and `history`: its export record, facts, posts and
    events (redacted texts only), or None when there is no such case."""
    from halyq.cases.export import case_with_history, export_record, history

    with open_sessions(conf) as sessions, sessions() as session:
        case = case_with_history(session, case_id)
        if case is None:
            return None
        return {
            **export_record(case, [post.external_id for post in case.posts]),
            "summary": case.summary,
            "urgency": case.urgency,
            "started_at": case.started_at.isoformat(),
            "started_precision": case.started_precision,
            "respond_by": case.respond_by.isoformat(),
            "duplicate_of": case.duplicate_of_id,
            "posts": [
                {
                    "id": post.external_id,
                    "source": post.source,
                    "created_at": post.created_at.isoformat(),
                    "text": post.analysis.redacted_text if post.analysis else None,
                }
                for post in case.posts
            ],
            "events": [
                {
                    "at": event.at.isoformat(),
                    "actor": event.actor,
                    "action": event.action,
                    "from": event.from_value,
                    "to": event.to_value,
                    "reason": event.reason,
                }
                for event in history(case)
            ],
        }


def _drain(
    sessions: sessionmaker[Session], profile: CityProfile, batch_size: int, waiting: int
) -> PipelineResult:
    with progress("worker", total=waiting, every=batch_size) as tick:
        return process_pending(
            sessions,
            profile,
            batch_size=batch_size,
            on_batch=lambda r: tick(r.analysed + r.failed, cases=r.cases_opened, merged=r.merged),
        )


def ensure_admin_account(conf: Settings) -> str | None:
    """Create the admin account on first run; returns its password then, None afterwards."""
    from halyq.web.auth import ensure_admin

    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        return ensure_admin(session)


def add_user(
    conf: Settings,
    *,
    username: str,
    role: str,
    department: str | None,
    telegram_chat_id: str | None = None,
    email: str | None = None,
) -> str:
    """Create an account with a generated password and return the password; the chat id and
    e-mail address are where its case notices go."""
    from halyq.notify.contacts import ContactError, set_contacts
    from halyq.web.auth import create_user

    password = secrets.token_urlsafe(12)
    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        if department and session.get(Department, department) is None:
            raise UserError(f"unknown department '{department}'; run `halyq db upgrade` first?")
        if session.scalar(select(User).where(User.username == username)):
            raise UserError(f"user '{username}' exists")
        try:
            user = create_user(
                session, username=username, password=password, role=role, department_code=department
            )
        except ValueError as exc:
            raise UserError(f"{exc} (--role, --department)") from None
        try:
            set_contacts(user, telegram_chat_id=telegram_chat_id, email=email)
        except ContactError as exc:
            raise UserError(f"{exc} (--telegram-chat-id, --email)") from None
    return password


def set_user_contacts(
    conf: Settings, *, username: str, telegram_chat_id: str | None, email: str | None
) -> dict[str, str | None]:
    """Change where an account's case notices go; None keeps a value, "" clears it."""
    from halyq.notify.contacts import ContactError, set_contacts

    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise UserError(f"no user '{username}'")
        chat = user.telegram_chat_id if telegram_chat_id is None else telegram_chat_id
        try:
            set_contacts(user, telegram_chat_id=chat, email=user.email if email is None else email)
        except ContactError as exc:
            raise UserError(str(exc)) from None
        return {"telegram_chat_id": user.telegram_chat_id, "email": user.email}


def reset_password(conf: Settings, *, username: str) -> str:
    from halyq.web.auth import hash_password

    password = secrets.token_urlsafe(12)
    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise UserError(f"no user '{username}'")
        user.password_hash = hash_password(password)
    return password


def stored_corrections(conf: Settings) -> list[Example]:
    """The operators' corrections in the database, as labelled examples for training."""
    from halyq.corrections import labelled_examples

    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        return labelled_examples(session)


def export_corrections(conf: Settings, out: TextIO) -> int:
    """Write the stored corrections as labelled JSONL; returns how many posts."""
    from halyq.corrections import write_labelled

    return write_labelled(stored_corrections(conf), out)
