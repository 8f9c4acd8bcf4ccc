"""Changing cases over the JSON API and through the case page's forms, role by role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_from

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def test_an_executor_takes_a_case_from_new_to_resolved(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = make_case()
    browser = signed_in("water_exec")
    answer = {"text": "Су берілді, рахмет!", "lang": "kk"}  # no case is resolved unanswered
    assert post_json(browser, f"/api/v1/cases/{case_id}/answer", answer).status_code == 200
    for status in ("assigned", "in_progress", "resolved"):
        response = post_json(browser, f"/api/v1/cases/{case_id}/transition", {"to": status})
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    closed = post_json(
        signed_in("analyst"), f"/api/v1/cases/{case_id}/transition", {"to": "closed"}
    )
    assert closed.status_code == 200
    events = closed.json()["events"]
    assert [(e["action"], e["to_value"], e["actor"]) for e in events[-4:]] == [
        ("status", "assigned", "water_exec"),
        ("status", "in_progress", "water_exec"),
        ("status", "resolved", "water_exec"),
        ("status", "closed", "analyst"),
    ]


@pytest.mark.parametrize(
    ("username", "status"), [("head", 403), ("roads_exec", 404)], ids=["head", "other-dept"]
)
def test_heads_and_other_departments_cannot_change_a_case(
    signed_in: SignIn, make_case: MakeCase, username: str, status: int
) -> None:
    case_id = make_case()
    browser = signed_in(username)
    for action, body in (
        ("transition", {"to": "assigned"}),
        ("reroute", {"department": "education", "reason": "x"}),
        ("merge", {"case_id": case_id, "reason": "x"}),
        ("split", {"post_ids": [1], "reason": "x"}),
    ):
        response = post_json(browser, f"/api/v1/cases/{case_id}/{action}", body)
        assert response.status_code == status, (action, response.text)


def test_refusals_say_why(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case()
    browser = signed_in("analyst")
    path = f"/api/v1/cases/{case_id}/transition"
    wrong = post_json(browser, path, {"to": "closed"})
    assert wrong.status_code == 409 and "can go to: assigned" in wrong.json()["detail"]
    reasonless = post_json(browser, path, {"to": "rejected"})
    assert reasonless.status_code == 422 and "needs a reason" in reasonless.json()["detail"]
    assert post_json(browser, path, {"to": "teleported"}).status_code == 422
    assert post_json(browser, "/api/v1/cases/999999/transition", {"to": "x"}).status_code == 404
    no_token = browser.post(path, json={"to": "assigned"})
    assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]


def test_reroute_over_the_api(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case()
    browser = signed_in("analyst")
    path = f"/api/v1/cases/{case_id}/reroute"
    assert (
        post_json(browser, path, {"department": "roads_transport", "reason": ""}).status_code == 422
    )
    moved = post_json(browser, path, {"department": "roads_transport", "reason": "жол / дороги"})
    assert moved.status_code == 200 and moved.json()["department_code"] == "roads_transport"
    assert moved.json()["events"][-1]["action"] == "rerouted"
    # The water executor no longer sees it.
    assert signed_in("water_exec").get(f"/api/v1/cases/{case_id}").status_code == 404


def test_merge_and_split_over_the_api(signed_in: SignIn, make_case: MakeCase) -> None:
    original, duplicate = make_case(posts=2), make_case()
    browser = signed_in("admin")
    merged = post_json(
        browser, f"/api/v1/cases/{original}/merge", {"case_id": duplicate, "reason": "бір оқиға"}
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["post_count"] == 3 and body["residents"] == 3
    assert body["events"][-1]["action"] == "merged"
    gone = browser.get(f"/api/v1/cases/{duplicate}").json()
    assert (gone["status"], gone["duplicate_of_id"], gone["post_count"]) == (
        "duplicate",
        original,
        0,
    )
    post_id = body["posts"][-1]["id"]
    split = post_json(
        browser, f"/api/v1/cases/{original}/split", {"post_ids": [post_id], "reason": "басқа"}
    )
    assert split.status_code == 201, split.text
    new = split.json()
    assert new["id"] not in (original, duplicate) and [p["id"] for p in new["posts"]] == [post_id]
    assert new["events"][-1]["action"] == "split_from"
    assert post_json(signed_in("analyst"), f"/api/v1/cases/{original}/merge", {
        "case_id": original, "reason": "x"
    }).status_code == 422  # fmt: skip


def test_the_case_page_shows_residents_and_the_forms_a_user_may_use(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = make_case(posts=2)
    analyst = signed_in("analyst").get(f"/cases/{case_id}").text
    assert "Тұрғындар" in analyst and '<span class="badge"' in analyst
    for form in ("transition", "reroute", "merge", "split"):
        assert f'action="/cases/{case_id}/{form}"' in analyst
    executor = signed_in("water_exec").get(f"/cases/{case_id}").text
    assert f'action="/cases/{case_id}/transition"' in executor
    assert f'action="/cases/{case_id}/merge"' not in executor
    head = signed_in("head").get(f"/cases/{case_id}").text
    assert 'action="/cases/' not in head


def test_forms_change_the_case_and_show_refusals(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id, other = make_case(posts=2), make_case()
    browser = signed_in("analyst")
    token = csrf_from(browser.get(f"/cases/{case_id}").text)
    moved = browser.post(
        f"/cases/{case_id}/transition",
        data={"to": "assigned", "reason": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{case_id}"
    refused = browser.post(
        f"/cases/{case_id}/transition", data={"to": "closed", "csrf_token": token}
    )
    assert refused.status_code == 409 and "can go to" in refused.text
    merged = browser.post(
        f"/cases/{case_id}/merge",
        data={"duplicate_id": str(other), "reason": "бір үй", "csrf_token": token},
    )
    assert merged.status_code == 200 and "бір үй" in merged.text
    page = browser.get(f"/cases/{other}").text
    assert f'href="/cases/{case_id}"' in page  # the duplicate points at its original
    post_id = browser.get(f"/api/v1/cases/{case_id}").json()["posts"][0]["id"]
    split = browser.post(
        f"/cases/{case_id}/split",
        data={"post_ids": [str(post_id)], "reason": "басқа оқиға", "csrf_token": token},
        follow_redirects=False,
    )
    assert split.status_code == 303 and split.headers["location"] != f"/cases/{case_id}"
    no_token = browser.post(f"/cases/{case_id}/transition", data={"to": "in_progress"})
    assert no_token.status_code == 403


def test_lists_show_residents_and_filter_late_cases(signed_in: SignIn, make_case: MakeCase) -> None:
    from datetime import timedelta

    make_case(posts=3, due_in=timedelta(hours=-2))
    make_case(due_in=timedelta(hours=3))
    make_case(due_in=timedelta(days=5))
    browser = signed_in("head")
    items = browser.get("/api/v1/cases").json()["items"]
    assert [(c["residents"], c["overdue"], c["due_soon"]) for c in items] == [
        (3, True, False),
        (1, False, True),
        (1, False, False),
    ]
    assert browser.get("/api/v1/cases?due=overdue").json()["total"] == 1
    assert browser.get("/api/v1/cases?due=due_soon").json()["total"] == 1
    page = browser.get("/").text
    assert (
        '<tr class="due-soon">' in page and '<td data-label="Тұрғындар" class="num">3</td>' in page
    )
