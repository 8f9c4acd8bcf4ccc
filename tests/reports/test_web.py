"""The report page and its download, in-process on the real databases, for each role."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.engine import session_scope
from tests.reports.conftest import add_event, add_ngo, add_project

SignIn = Callable[[str], TestClient]


@pytest.fixture
def registry(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        ngo = add_ngo(session, legal_form="public_foundation")
        add_ngo(session, status="liquidated", liquidated_on=date(2026, 6, 30))
        add_project(session, code="SZ-1", budget=22_227_000, ngo=ngo,
                    title="<b>Жастар</b> жобасы")  # fmt: skip
        add_event(session, on=date(2026, 6, 30))
        add_event(session, on=date(2026, 7, 1))


def test_anonymous_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get("/reports?period=2026-H1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", ["/reports", "/reports/download?period=2026-H1&format=pdf"])
def test_executors_may_not(signed_in: SignIn, path: str) -> None:
    assert signed_in("water_exec").get(path).status_code == 403
    assert 'href="/reports"' not in signed_in("water_exec").get("/").text


@pytest.mark.parametrize("username", ["admin", "analyst", "head"])
def test_the_page_previews_the_document(signed_in: SignIn, registry: None, username: str) -> None:
    page = signed_in(username).get("/reports?period=2026-H1&lang=kk")
    assert page.status_code == 200
    text = page.text.replace("\u00a0", " ")
    assert "2026 жылдың бірінші жартыжылдығында атқарылған жұмыс туралы есеп" in text
    assert "қалада 1 үкіметтік емес ұйым тіркелген: 1 қоғамдық қор." in text
    assert "22 227 000 теңге (22,2 млн теңге)" in text
    assert "&lt;b&gt;Жастар&lt;/b&gt; жобасы" in text and "<b>Жастар</b>" not in text
    assert 'href="/reports"' in text  # the nav link


def test_the_page_in_russian(signed_in: SignIn, registry: None) -> None:
    text = signed_in("head").get("/reports?period=2026-H1&lang=ru").text.replace("\u00a0", " ")
    assert "Отчёт о проделанной работе за первое полугодие 2026 года" in text
    assert "проведена 1 информационно-разъяснительная встреча" in text


def test_the_download_is_the_document(signed_in: SignIn, registry: None) -> None:
    response = signed_in("head").get("/reports/download?period=2026-H1&lang=ru&format=docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="halyq-report-2026-H1-ru.docx"' in response.headers["content-disposition"]
    text = " ".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "22 227 000 тенге" in text.replace("\u00a0", " ")


def test_the_download_of_a_date_range_as_json(signed_in: SignIn, registry: None) -> None:
    response = signed_in("analyst").get(
        "/reports/download?from=2026-07-01&to=2026-07-31&format=json"
    )
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    data = json.loads(response.content)
    assert data["period"] == {"label": "2026-07-01..2026-07-31", "from": "2026-07-01",
                              "to": "2026-07-31"}  # fmt: skip
    assert data["events"]["count"] == 1
    assert "2026-07-01_2026-07-31" in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("period=2026-H3", "&#39;2026-H3&#39; is not one of"),
        ("from=2026-05-01&to=2026-04-01", "is before --from"),
        ("period=2026&from=2026-05-01&to=2026-05-02", "not both"),
        ("period=2026-H1&lang=en", "language &#39;en&#39; is not one of"),
    ],
)
def test_a_bad_request_says_why(signed_in: SignIn, query: str, says: str) -> None:
    browser = signed_in("head")
    for path in ("/reports", "/reports/download"):
        response = browser.get(f"{path}?{query}")
        assert response.status_code == 422 and says in response.text


def test_a_bad_format_is_refused(signed_in: SignIn) -> None:
    response = signed_in("head").get("/reports/download?period=2026&format=exe")
    assert response.status_code == 422 and "format &#39;exe&#39; is not one of" in response.text


def test_without_a_period_the_running_half_year(signed_in: SignIn) -> None:
    page = signed_in("head").get("/reports")
    assert page.status_code == 200
    today = date.today()
    half = f"{today.year}-H{1 if today.month <= 6 else 2}"
    assert f'name="period" value="{half}"' in page.text
