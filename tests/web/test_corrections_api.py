"""Correcting what Halyq read in a post over the JSON API, role by role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.models import Analysis, CasePost
from tests.web.conftest import csrf_from

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def _first_post(sessions: sessionmaker[Session], case_id: int) -> int:
    with sessions() as session:
        return session.scalars(select(CasePost.post_id).where(CasePost.case_id == case_id)).one()


def test_an_analyst_corrects_a_category_and_the_case_history_shows_it(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    post_id = _first_post(sessions, case_id)
    analyst = signed_in("analyst")
    response = post_json(
        analyst,
        f"/api/v1/posts/{post_id}/corrections",
        {"category": "heating", "note": "радиатор суық"},
    )
    assert response.status_code == 201, response.text
    made = response.json()["corrections"]
    assert [(c["field"], c["old_value"], c["new_value"]) for c in made] == [
        ("category", "water", "heating")
    ]
    listed = analyst.get(f"/api/v1/posts/{post_id}/corrections").json()
    assert [c["new_value"] for c in listed] == ["heating"]
    events = analyst.get(f"/api/v1/cases/{case_id}").json()["events"]
    assert ("post_corrected", "water", "heating") in [
        (e["action"], e["from_value"], e["to_value"]) for e in events
    ]


def test_executors_and_heads_may_not_correct(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    post_id = _first_post(sessions, make_case())
    for username in ("water_exec", "head"):
        response = post_json(
            signed_in(username), f"/api/v1/posts/{post_id}/corrections", {"urgency": "low"}
        )
        assert response.status_code == 403, username


def test_bad_corrections_name_the_problem(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    post_id = _first_post(sessions, make_case())
    analyst = signed_in("analyst")
    unknown = post_json(analyst, f"/api/v1/posts/{post_id}/corrections", {"category": "nope"})
    assert unknown.status_code == 422 and "field 'category'" in unknown.json()["detail"]
    missing = post_json(analyst, "/api/v1/posts/999999/corrections", {"urgency": "low"})
    assert missing.status_code == 404
    token_less = analyst.post(f"/api/v1/posts/{post_id}/corrections", json={"urgency": "low"})
    assert token_less.status_code == 403


def test_the_case_page_form_corrects_a_post(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    post_id = _first_post(sessions, case_id)
    analyst = signed_in("analyst")
    page = analyst.get(f"/cases/{case_id}").text
    assert f'id="correct-{post_id}"' in page and 'form="correct-' in page
    form = {
        "csrf_token": csrf_from(page),
        "case_id": str(case_id),
        "is_complaint": "true",
        "category": "heating",
        "urgency": "high",
        "note": "",
    }
    done = analyst.post(f"/posts/{post_id}/correct", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith(f"/cases/{case_id}")
    with sessions() as session:
        analysis = session.scalars(select(Analysis).where(Analysis.post_id == post_id)).one()
        assert (analysis.category, analysis.urgency) == ("heating", "high")
    elsewhere = analyst.post(
        f"/posts/{post_id}/correct", data={**form, "case_id": str(make_case())}
    )
    assert elsewhere.status_code == 404


def test_the_form_is_not_offered_to_executors_and_refuses_them(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    post_id = _first_post(sessions, case_id)
    executor = signed_in("water_exec")
    page = executor.get(f"/cases/{case_id}").text
    assert 'form="correct-' not in page
    form = {"csrf_token": csrf_from(page), "case_id": str(case_id), "is_complaint": "false",
            "category": "water", "urgency": "low"}  # fmt: skip
    refused = executor.post(f"/posts/{post_id}/correct", data=form)
    assert refused.status_code == 403
    with sessions() as session:
        assert (
            session.scalars(select(Analysis.urgency).where(Analysis.post_id == post_id)).one()
            == "medium"
        )
