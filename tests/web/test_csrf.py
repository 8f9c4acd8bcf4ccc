from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_from


def api_token(browser: TestClient) -> str:
    return str(browser.get("/api/v1/me").json()["csrf_token"])


def test_login_form_without_token_is_refused(client: TestClient, passwords: dict[str, str]) -> None:
    client.get("/login")
    form = {"username": "head", "password": passwords["head"]}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401


def test_form_post_with_a_wrong_token_is_refused(signed_in: Callable[[str], TestClient]) -> None:
    browser = signed_in("head")
    response = browser.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert browser.get("/api/v1/me").status_code == 200


def test_cookie_authenticated_json_post_needs_the_header(
    signed_in: Callable[[str], TestClient],
) -> None:
    browser = signed_in("analyst")
    body = {"id": "x1", "text": "Су жоқ"}
    response = browser.post("/api/v1/posts", json=body)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF token missing")
    response = browser.post("/api/v1/posts", json=body, headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 403


def test_the_header_token_lets_the_request_through(signed_in: Callable[[str], TestClient]) -> None:
    browser = signed_in("head")
    token = api_token(browser)
    # Past the CSRF check the role check answers: a head may not add posts.
    response = browser.post(
        "/api/v1/posts", json={"id": "x1", "text": "Су жоқ"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "your role may not do this"}


def test_a_token_from_another_session_does_not_work(
    signed_in: Callable[[str], TestClient],
) -> None:
    first, second = signed_in("head"), signed_in("head")
    response = second.post("/logout", data={"csrf_token": api_token(first)}, follow_redirects=False)
    assert response.status_code == 403


def test_a_multipart_form_with_a_large_file_is_checked_by_its_token(
    signed_in: Callable[[str], TestClient],
) -> None:
    browser = signed_in("analyst")
    token = csrf_from(browser.get("/").text)
    big = ("big.bin", b"x" * 1_500_000, "application/octet-stream")  # over the form limit
    missing = browser.post("/logout", files={"file": big}, follow_redirects=False)
    assert missing.status_code == 403
    wrong = browser.post(
        "/logout", data={"csrf_token": "forged"}, files={"file": big}, follow_redirects=False
    )
    assert wrong.status_code == 403
    right = browser.post(
        "/logout", data={"csrf_token": token}, files={"file": big}, follow_redirects=False
    )
    assert right.status_code == 303
