from __future__ import annotations

import warnings
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from halyq.config import Settings
from halyq.web.app import create_app
from halyq.web.headers import CSP


def test_healthz_answers_when_the_database_does(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    # A folder where the SQLite file should be: every connection fails.
    (tmp_path / "db").mkdir()
    broken = Settings(
        database_url=f"sqlite:///{tmp_path}/db", secret_key="t" * 48, var_dir=tmp_path
    )
    with TestClient(create_app(broken)) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_openapi_schema_and_docs_are_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/posts", "/healthz"} <= set(
        schema["paths"]
    )
    assert "/login" not in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]
    # Offline: Swagger UI comes from the installed package, never from a CDN.
    assert "http" not in docs.headers["content-security-policy"]
    assert "cdn" not in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200


def test_every_page_carries_security_headers(client: TestClient) -> None:
    for path in ("/login", "/healthz", "/api/v1/cases", "/static/halyq.css"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["content-security-policy"] == CSP, path
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["referrer-policy"] == "same-origin", path
    assert client.get("/login").headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_and_lax(client: TestClient) -> None:
    cookie = client.get("/login").headers["set-cookie"]
    assert cookie.startswith("halyq_session=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_two_apps_share_nothing(app: FastAPI, settings: Settings) -> None:
    other = create_app(settings)
    assert other.state.engine is not app.state.engine
    assert other.state.profile == app.state.profile
    other.state.engine.dispose()
