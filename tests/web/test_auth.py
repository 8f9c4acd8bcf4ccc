from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.engine import session_scope
from halyq.db.models import User
from halyq.web.auth import (
    authenticate,
    create_user,
    ensure_admin,
    hash_password,
    verify_password,
)
from halyq.web.ui.login import safe_next

Login = Callable[..., httpx.Response]


def test_ensure_admin_returns_a_password_once_and_stores_only_its_hash(
    sessions: sessionmaker[Session],
) -> None:
    with session_scope(sessions) as session:
        password = ensure_admin(session)
    with session_scope(sessions) as session:
        assert ensure_admin(session) is None
        admin = session.scalars(select(User).where(User.role == "admin")).one()
    assert password and len(password) >= 16
    assert admin.username == "admin"
    assert password not in admin.password_hash
    assert admin.password_hash.startswith("$argon2id$")
    assert verify_password(admin.password_hash, password)


def test_authenticate_checks_name_password_and_active_flag(
    sessions: sessionmaker[Session],
) -> None:
    with session_scope(sessions) as session:
        create_user(session, username="aliya", password="kóktem-2025", role="analyst")
    with session_scope(sessions) as session:
        assert authenticate(session, "aliya", "kóktem-2025") is not None
        assert authenticate(session, "aliya", "wrong") is None
        assert authenticate(session, "nobody", "kóktem-2025") is None
        session.scalars(select(User)).one().is_active = False
    with session_scope(sessions) as session:
        assert authenticate(session, "aliya", "kóktem-2025") is None


def test_login_with_the_right_password_opens_the_cases_page(
    client: TestClient, log_in: Login, passwords: dict[str, str]
) -> None:
    response = log_in(client, "head", passwords["head"])
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Ашық істер" in page.text and "Открытые обращения" in page.text


def test_wrong_password_is_refused(client: TestClient, log_in: Login) -> None:
    response = log_in(client, "head", "not-the-password")
    assert response.status_code == 401
    assert "Неверный логин или пароль" in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_anonymous_page_request_redirects_to_login_and_back(
    client: TestClient, log_in: Login, passwords: dict[str, str]
) -> None:
    response = client.get("/cases/1?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fcases%2F1%3Fx%3D1"
    done = log_in(client, "analyst", passwords["analyst"], next_page="/cases/1?x=1")
    assert done.headers["location"] == "/cases/1?x=1"


def test_login_never_redirects_off_site() -> None:
    assert safe_next("//evil.example/") == "/"
    assert safe_next("https://evil.example/") == "/"
    assert safe_next("/\\evil.example") == "/"
    assert safe_next("/?page=2") == "/?page=2"


def test_anonymous_api_request_gets_401_json(client: TestClient) -> None:
    for path in ("/api/v1/cases", "/api/v1/cases/1", "/api/v1/posts", "/api/v1/me"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "not signed in"}


def test_logout_ends_the_session(signed_in: Callable[[str], TestClient]) -> None:
    browser = signed_in("head")
    token = browser.get("/api/v1/me").json()["csrf_token"]
    response = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert browser.get("/api/v1/me").status_code == 401


def test_signing_in_gives_a_new_csrf_token(
    client: TestClient, log_in: Login, passwords: dict[str, str]
) -> None:
    before = client.get("/login").text
    log_in(client, "head", passwords["head"])
    after = client.get("/api/v1/me").json()["csrf_token"]
    assert after not in before


def test_a_deactivated_user_is_signed_out(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    browser = signed_in("analyst")
    with session_scope(sessions) as session:
        session.scalars(select(User).where(User.username == "analyst")).one().is_active = False
    assert browser.get("/api/v1/me").status_code == 401


def test_a_new_password_ends_existing_sessions(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    browser = signed_in("analyst")
    assert browser.get("/api/v1/me").status_code == 200
    with session_scope(sessions) as session:
        user = session.scalars(select(User).where(User.username == "analyst")).one()
        user.password_hash = hash_password("a-brand-new-password")
    assert browser.get("/api/v1/me").status_code == 401


def test_a_forged_session_cookie_is_ignored(client: TestClient) -> None:
    client.cookies.set("halyq_session", "eyJ1aWQiOiAxfQ==.forged.signature")
    assert client.get("/api/v1/me").status_code == 401


def test_repeated_wrong_passwords_lock_the_account_for_a_while(
    client: TestClient, log_in: Login, passwords: dict[str, str]
) -> None:
    for _ in range(5):
        assert log_in(client, "head", "guess").status_code == 401
    locked = log_in(client, "Head", passwords["head"])  # the right one, and any letter case
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "Слишком много попыток входа" in locked.text
    assert client.get("/", follow_redirects=False).status_code == 303  # not signed in
    # Other accounts are not locked by one account's failures.
    assert log_in(client, "analyst", passwords["analyst"]).status_code == 303


def test_a_successful_sign_in_forgets_earlier_failures(
    client: TestClient, log_in: Login, passwords: dict[str, str]
) -> None:
    for _ in range(4):
        log_in(client, "head", "guess")
    assert log_in(client, "head", passwords["head"]).status_code == 303
    for _ in range(4):
        assert log_in(client, "head", "guess").status_code == 401


def test_one_address_trying_many_accounts_is_slowed_down(client: TestClient, log_in: Login) -> None:
    for number in range(30):
        assert log_in(client, f"user{number}", "guess").status_code == 401
    assert log_in(client, "someone-else", "guess").status_code == 429
