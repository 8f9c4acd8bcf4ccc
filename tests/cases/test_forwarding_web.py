"""Forwarding over the JSON API and from the case page; the letter's download and its hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from io import BytesIO
from typing import Any

from docx import Document

from tests.web import conftest as web
from tests.web.conftest import TestClient, csrf_from

# The web tests' fixtures: an app on the test database with one account per role.
settings, password_hashes, app = web.settings, web.password_hashes, web.app
signed_in, make_case = web.signed_in, web.make_case

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]
SECRET = "Айгүл Сейітова 87011234567"


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def police_case(make_case: MakeCase) -> int:
    return make_case(
        department="police", category="public_order", text=f"Төбелес, {SECRET}",
        redacted="Төбелес, [аты-жөні] [телефон]",
    )  # fmt: skip


def test_an_analyst_forwards_and_the_letter_downloads_with_its_hash(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = police_case(make_case)
    analyst = signed_in("analyst")
    response = post_json(analyst, f"/api/v1/cases/{case_id}/forward", {"reason": "полиция ісі"})
    assert response.status_code == 200, response.text
    out = response.json()
    assert (out["status"], out["department_code"]) == ("forwarded", "police")
    text = analyst.get(out["letter_txt"])
    assert text.status_code == 200 and "attachment" in text.headers["content-disposition"]
    assert hashlib.sha256(text.content).hexdigest() == out["letter_sha256"]
    assert text.headers["x-letter-sha256"] == out["letter_sha256"]
    assert "Полиция басқармасы" in text.text and SECRET not in text.text
    docx = signed_in("head").get(out["letter_docx"])
    assert docx.status_code == 200 and docx.headers["content-type"].endswith("document")
    paragraphs = [p.text for p in Document(BytesIO(docx.content)).paragraphs]
    assert "О направлении обращения по компетенции" in paragraphs
    events = analyst.get(f"/api/v1/cases/{case_id}").json()["events"]
    assert events[-1]["details"]["letter_sha256"] == out["letter_sha256"]
    assert signed_in("water_exec").get(out["letter_txt"]).status_code == 403


def test_forwarding_is_refused_with_the_reason(signed_in: SignIn, make_case: MakeCase) -> None:
    water = make_case()
    analyst = signed_in("analyst")
    refused = post_json(analyst, f"/api/v1/cases/{water}/forward", {"reason": "x"})
    assert refused.status_code == 422 and "not a body outside" in refused.json()["detail"]
    executor = post_json(signed_in("water_exec"), f"/api/v1/cases/{water}/forward",
                         {"reason": "x", "department": "ecology"})  # fmt: skip
    assert executor.status_code == 403
    to_ecology = post_json(analyst, f"/api/v1/cases/{water}/forward",
                           {"reason": "өзен ластанды", "department": "ecology"})  # fmt: skip
    assert to_ecology.json()["department_code"] == "ecology"
    again = post_json(analyst, f"/api/v1/cases/{water}/forward", {"reason": "x"})
    assert again.status_code == 409
    no_token = analyst.post(f"/api/v1/cases/{water}/forward", json={"reason": "x"})
    assert no_token.status_code == 403
    assert analyst.get(f"/api/v1/cases/{make_case()}/letter").status_code == 404


def test_the_case_page_forwards_and_links_the_letter(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = police_case(make_case)
    analyst = signed_in("analyst")
    page = analyst.get(f"/cases/{case_id}").text
    assert f'action="/cases/{case_id}/forward"' in page and "Экология департаменті" in page
    form = {"csrf_token": csrf_from(page), "department": "police", "reason": "полиция ісі"}
    done = analyst.post(f"/cases/{case_id}/forward", data=form, follow_redirects=False)
    assert done.status_code == 303
    page = analyst.get(f"/cases/{case_id}").text
    assert f"/api/v1/cases/{case_id}/letter?format=docx" in page
    assert f'action="/cases/{case_id}/forward"' not in page
    head_page = signed_in("head").get(f"/cases/{case_id}").text
    assert "letter?format=docx" in head_page and "/forward" not in head_page


def test_a_refused_form_shows_the_page_with_why(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = police_case(make_case)
    analyst = signed_in("analyst")
    token = csrf_from(analyst.get(f"/cases/{case_id}").text)
    refused = analyst.post(
        f"/cases/{case_id}/forward", data={"csrf_token": token, "department": "police"}
    )
    assert refused.status_code == 422 and "forwarding needs a reason" in refused.text
