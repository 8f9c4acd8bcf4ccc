"""The web app in-process on the real databases, with one signed-in client per role."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post, User
from halyq.web.app import create_app
from halyq.web.auth import hash_password

with warnings.catch_warnings():
    # Starlette asks for the `httpx2` package; plain httpx still works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

# username: (role, department)
ACCOUNTS = {
    "admin": ("admin", None),
    "analyst": ("analyst", None),
    "head": ("head", None),
    "water_exec": ("executor", "housing_utilities"),
    "roads_exec": ("executor", "roads_transport"),
}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
NOW = datetime.now(UTC)
_ids = count(1)


@pytest.fixture(scope="session")
def password_hashes() -> dict[str, str]:
    """Argon2 is slow on purpose: hash each test password once per run."""
    return {name: hash_password(password_of(name)) for name in ACCOUNTS}


def password_of(username: str) -> str:
    return f"{username}-correct-horse"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, secret_key="t" * 48, var_dir=tmp_path)


@pytest.fixture
def app(
    settings: Settings, sessions: sessionmaker[Session], password_hashes: dict[str, str]
) -> FastAPI:
    with session_scope(sessions) as session:
        for username, (role, department) in ACCOUNTS.items():
            session.add(
                User(
                    username=username,
                    password_hash=password_hashes[username],
                    role=role,
                    department_code=department,
                    is_active=True,
                )
            )
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous browser."""
    with TestClient(app) as browser:
        yield browser


@pytest.fixture
def signed_in(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """signed_in("head") → a browser signed in as that account."""
    opened: list[TestClient] = []

    def open_as(username: str) -> TestClient:
        browser = TestClient(app)
        browser.__enter__()
        opened.append(browser)
        response = login(browser, username, password_of(username))
        assert response.status_code == 303, response.text
        return browser

    yield open_as
    for browser in opened:
        browser.__exit__(None, None, None)


@pytest.fixture
def log_in() -> Callable[..., httpx.Response]:
    """log_in(browser, username, password, next_page="/") → the POST /login response."""
    return login


@pytest.fixture
def passwords() -> dict[str, str]:
    return {name: password_of(name) for name in ACCOUNTS}


@pytest.fixture
def make_case(sessions: sessionmaker[Session]) -> Callable[..., int]:
    """make_case(**add_case options) → the id of a new case, committed."""

    def make(**options: Any) -> int:
        with session_scope(sessions) as session:
            return add_case(session, **options).id

    return make


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(
    browser: TestClient, username: str, password: str, next_page: str = "/"
) -> httpx.Response:
    token = csrf_from(browser.get("/login").text)
    form = {"username": username, "password": password, "csrf_token": token, "next": next_page}
    return browser.post("/login", data=form, follow_redirects=False)


def add_case(
    session: Session,
    *,
    department: str = "housing_utilities",
    category: str = "water",
    status: str = "new",
    urgency: str = "medium",
    text: str = "Суық су жоқ, Абай даңғылы 12",
    redacted: str | None = None,
    author: str = "Айгүл Сейітова",
    due_in: timedelta = timedelta(hours=24),
    posts: int = 1,
) -> Case:
    """A case with its posts (each analysed) and its first events, as the pipeline leaves them."""
    case = Case(
        category=category,
        department_code=department,
        status=status,
        track="signal",
        urgency=urgency,
        summary=redacted or text,
        place_canonical="Абай даңғылы",
        place_kind="avenue",
        place_house="12",
        opened_at=NOW - timedelta(hours=2),
        respond_by=NOW + due_in / 4,
        due_at=NOW + due_in,
        updated_at=NOW,
        residents=posts,
        first_post_at=NOW - timedelta(hours=3),
        last_post_at=NOW - timedelta(hours=3),
    )
    session.add(case)
    session.flush()
    for _ in range(posts):
        post = add_post(session, text=text, redacted=redacted, author=author)
        session.add(CasePost(case_id=case.id, post_id=post.id))
    session.add(
        CaseEvent(
            case_id=case.id,
            at=case.opened_at,
            actor="system",
            action="opened",
            to_value="new",
            reason="complaint",
        )
    )
    session.add(
        CaseEvent(
            case_id=case.id,
            at=case.opened_at,
            actor="system",
            action="routed",
            to_value=department,
            reason=f"category {category}",
        )
    )
    session.flush()
    return case


def add_post(
    session: Session, *, text: str, redacted: str | None = None, author: str = "Айгүл Сейітова"
) -> Post:
    number = next(_ids)
    post = Post(
        source="telegram:kyzylorda_chat",
        external_id=f"m{number}",
        author_hash=f"a{number:015x}",
        author_name=author,
        text=text,
        created_at=NOW - timedelta(hours=3),
        url=f"https://t.me/kyzylorda_chat/{number}",
        raw={"id": number},
        analysed_at=NOW,
    )
    session.add(post)
    session.flush()
    session.add(
        Analysis(
            post_id=post.id,
            lang="kk",
            is_complaint=True,
            complaint_score=0.93,
            category="water",
            category_scores={"water": 0.81, "heating": 0.07, "roads": 0.02},
            urgency="medium",
            sentiment="negative",
            places=[{"canonical": "Абай даңғылы", "kind": "avenue", "house": "12"}],
            redacted_text=redacted or text,
            model_version="test-1",
        )
    )
    return post
