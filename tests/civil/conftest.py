"""Civil registry fixtures: workbooks written with openpyxl, and the web app with one account
per role (the same accounts as tests/web, on the same real databases)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import User
from halyq.web.app import create_app
from halyq.web.auth import hash_password

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "civil" / "kyzylorda-2026-h1.xlsx"
ROLES = {"admin": None, "analyst": None, "head": None, "executor": "housing_utilities"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADERS = {
    "ngos": ["bin", "name_kk", "name_ru", "legal_form", "registered_on", "status", "liquidated_on"],
    "projects": [
        "code",
        "title",
        "topic",
        "ngo_bin",
        "budget_tenge",
        "year",
        "starts_on",
        "ends_on",
    ],
    "events": [
        "date",
        "title",
        "organiser",
        "project_code",
        "venue",
        "venue_kind",
        "topic",
        "participants",
    ],
    "media": ["date", "title", "kind", "partner", "project_code"],
}


def check_digit(body: str) -> int | None:
    """The BIN/IIN check digit of 11 digits, computed here independently of halyq."""
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        remainder = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def make_bin(serial: int, month: str = "1005") -> str:
    """A valid BIN of a legal entity registered in `month` (YYMM); skips impossible serials."""
    while True:
        body = f"{month}40{serial:05d}"
        digit = check_digit(body)
        if digit is not None:
            return body + str(digit)
        serial += 1


@pytest.fixture
def new_bin() -> Callable[..., str]:
    """new_bin(serial, month="1005") → a valid BIN (see make_bin)."""
    return make_bin


@pytest.fixture
def bin_check_digit() -> Callable[[str], int | None]:
    return check_digit


@pytest.fixture
def write_workbook(tmp_path: Path) -> Callable[..., Path]:
    """write_workbook({"ngos": [row, ...]}, headers={...}) → an XLSX path; rows are lists."""
    counter = iter(range(1, 1000))

    def write(
        sheets: dict[str, list[list[object]]], headers: dict[str, list[str]] | None = None
    ) -> Path:
        book = Workbook()
        book.remove(book.worksheets[0])
        for name, rows in sheets.items():
            page = book.create_sheet(name)
            page.append((headers or {}).get(name, HEADERS.get(name, [])))
            for row in rows:
                page.append(row)
        path = tmp_path / f"book-{next(counter)}.xlsx"
        book.save(path)
        return path

    return write


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, secret_key="t" * 48, var_dir=tmp_path / "var")


@pytest.fixture(scope="session")
def password_hashes() -> dict[str, str]:
    """Argon2 is slow on purpose: hash each test password once per run."""
    return {role: hash_password(f"{role}-password") for role in ROLES}


@pytest.fixture
def app(
    settings: Settings, sessions: sessionmaker[Session], password_hashes: dict[str, str]
) -> FastAPI:
    with session_scope(sessions) as session:
        for role, department in ROLES.items():
            session.add(
                User(
                    username=role,
                    password_hash=password_hashes[role],
                    role=role,
                    department_code=department,
                    is_active=True,
                )
            )
    return create_app(settings)


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """browser("head") → a client signed in with that role."""
    opened: list[TestClient] = []

    def open_as(role: str) -> TestClient:
        client = TestClient(app)
        client.__enter__()
        opened.append(client)
        token = csrf_of(client.get("/login"))
        form = {"username": role, "password": f"{role}-password", "csrf_token": token, "next": "/"}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
        return client

    yield open_as
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def token_of() -> Callable[[TestClient], str]:
    """token_of(client) → the client's CSRF token, read from a page it may see."""
    return lambda client: csrf_of(client.get("/login"))


def csrf_of(response: httpx.Response) -> str:
    match = CSRF_FIELD.search(response.text)
    assert match, "page has no CSRF field"
    return match.group(1)
