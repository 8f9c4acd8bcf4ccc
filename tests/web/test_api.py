from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def test_me_names_the_user_and_the_csrf_token(signed_in: SignIn) -> None:
    me = signed_in("water_exec").get("/api/v1/me").json()
    assert me["username"] == "water_exec"
    assert me["role"] == "executor"
    assert me["department_code"] == "housing_utilities"
    assert len(me["csrf_token"]) > 20


def test_cases_are_paginated_with_totals(signed_in: SignIn, make_case: MakeCase) -> None:
    for _ in range(5):
        make_case()
    make_case(status="closed")
    browser = signed_in("head")
    body = browser.get("/api/v1/cases?per_page=2&page=3").json()
    assert body["total"] == 5
    assert (body["page"], body["per_page"], len(body["items"])) == (3, 2, 1)
    assert browser.get("/api/v1/cases?open_only=false").json()["total"] == 6
    item = body["items"][0]
    assert item["post_count"] == 1 and item["overdue"] is False
    assert item["department_code"] == "housing_utilities"
    assert item["due_at"].endswith(("Z", "+00:00"))


def test_per_page_is_capped_at_200(signed_in: SignIn) -> None:
    body = signed_in("head").get("/api/v1/cases?per_page=5000").json()
    assert body["per_page"] == 200


def test_case_filters_match_the_page(signed_in: SignIn, make_case: MakeCase) -> None:
    make_case(category="water", urgency="high")
    make_case(category="roads", department="roads_transport")
    browser = signed_in("analyst")
    assert browser.get("/api/v1/cases?urgency=high").json()["total"] == 1
    assert browser.get("/api/v1/cases?department=roads_transport").json()["total"] == 1
    assert browser.get("/api/v1/cases?category=heating").json()["total"] == 0


def test_executor_gets_only_their_departments_cases(signed_in: SignIn, make_case: MakeCase) -> None:
    own = make_case(department="housing_utilities")
    other = make_case(department="roads_transport", category="roads")
    browser = signed_in("water_exec")
    assert [c["id"] for c in browser.get("/api/v1/cases").json()["items"]] == [own]
    assert browser.get(f"/api/v1/cases/{own}").status_code == 200
    assert browser.get(f"/api/v1/cases/{other}").status_code == 404
    assert browser.get("/api/v1/cases?department=roads_transport").status_code == 403
    posts = browser.get("/api/v1/posts").json()
    assert posts["total"] == 1 and posts["items"][0]["case_id"] == own


def test_case_detail_has_posts_and_history(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case(posts=2)
    body = signed_in("head").get(f"/api/v1/cases/{case_id}").json()
    assert body["id"] == case_id and body["post_count"] == 2
    assert [e["action"] for e in body["events"]] == ["opened", "routed"]
    assert body["posts"][0]["analysis"]["category_scores"]["water"] == 0.81


def test_posts_are_redacted_unless_analyst(signed_in: SignIn, make_case: MakeCase) -> None:
    make_case(text="Нөмірім 87011234567", redacted="Нөмірім [PHONE]", author="Айгүл")
    public = signed_in("head").get("/api/v1/posts").json()["items"][0]
    assert public["text"] == "Нөмірім [PHONE]"
    assert public["author"].startswith("a")
    assert {"original_text", "author_name", "url"} & set(public) == set()
    full = signed_in("analyst").get("/api/v1/posts").json()["items"][0]
    assert full["original_text"] == "Нөмірім 87011234567"
    assert full["author_name"] == "Айгүл"
    assert full["url"].startswith("https://t.me/")


def test_case_detail_is_redacted_for_the_head(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case(text="Нөмірім 87011234567", redacted="Нөмірім [PHONE]")
    post = signed_in("head").get(f"/api/v1/cases/{case_id}").json()["posts"][0]
    assert "original_text" not in post and post["text"] == "Нөмірім [PHONE]"
    post = signed_in("admin").get(f"/api/v1/cases/{case_id}").json()["posts"][0]
    assert post["original_text"] == "Нөмірім 87011234567"


@pytest.mark.parametrize("username", ["head", "water_exec"])
def test_only_analysts_and_admins_add_posts(signed_in: SignIn, username: str) -> None:
    response = post_json(signed_in(username), "/api/v1/posts", {"id": "1", "text": "Су жоқ"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Су жоқ"}, "id"),
        ({"id": "1"}, "text"),
        ({"id": "1", "text": "   "}, "text"),
        ({"id": "1", "text": "Су жоқ", "created_at": "yesterday"}, "created_at"),
        ({"id": "1", "text": "Су жоқ", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_post_is_422_naming_the_field(
    signed_in: SignIn, body: dict[str, Any], field: str
) -> None:
    response = post_json(signed_in("analyst"), "/api/v1/posts", body)
    assert response.status_code == 422
    assert field in [error["loc"][-1] for error in response.json()["detail"]]


def test_a_posted_complaint_opens_a_case_once(signed_in: SignIn) -> None:
    browser = signed_in("analyst")
    body = {
        "id": "appeal-1",
        "text": "Абай даңғылы 12 үйде үш күннен бері суық су жоқ, көмектесіңіздер!",
        "created_at": "2025-03-03T09:30:00",
        "author": "Айгүл",
    }
    first = post_json(browser, "/api/v1/posts", body)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["result"] == "added" and created["case_id"] is not None
    again = post_json(browser, "/api/v1/posts", body)
    assert again.status_code == 200
    assert again.json() == {**created, "result": "unchanged"}
    case = browser.get(f"/api/v1/cases/{created['case_id']}").json()
    assert [p["id"] for p in case["posts"]] == [created["post_id"]]
    assert case["posts"][0]["created_at"].startswith("2025-03-03T04:30:00")


def test_an_edited_post_is_updated_and_keeps_its_case(signed_in: SignIn) -> None:
    browser = signed_in("admin")
    body = {"id": "appeal-2", "text": "Бекзат көшесінде үш күннен бері жарық жоқ, көмектесіңіздер!"}
    created = post_json(browser, "/api/v1/posts", body).json()
    edited = post_json(browser, "/api/v1/posts", {**body, "text": body["text"] + " Шұғыл!"})
    assert edited.status_code == 200
    assert edited.json() == {**created, "result": "updated"}
    assert created["case_id"] is not None
    assert browser.get("/api/v1/cases?open_only=false").json()["total"] == 1


def test_a_post_that_is_not_a_complaint_opens_no_case(signed_in: SignIn) -> None:
    browser = signed_in("analyst")
    body = {"id": "thanks-1", "text": "Рахмет әкімдікке, жаңа саябақ өте әдемі болды!"}
    response = post_json(browser, "/api/v1/posts", body)
    assert response.status_code == 201
    assert response.json()["case_id"] is None
    post = browser.get("/api/v1/posts").json()["items"][0]
    assert post["analysis"]["is_complaint"] is False


def test_the_case_page_of_an_analysed_post_renders(signed_in: SignIn) -> None:
    browser = signed_in("analyst")
    body = {
        "id": "appeal-3",
        "text": "Абай даңғылы 12 үйде су жоқ <script>alert(1)</script> тел 87011234567",
        "author": "Айгүл",
    }
    case_id = post_json(browser, "/api/v1/posts", body).json()["case_id"]
    assert case_id is not None
    for username in ("analyst", "head"):
        page = signed_in(username).get(f"/cases/{case_id}")
        assert page.status_code == 200
        assert "<script>" not in page.text
    assert "87011234567" not in signed_in("head").get(f"/cases/{case_id}").text
