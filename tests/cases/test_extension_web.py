"""The appeal extension over the JSON API and from the case page, and the late list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.models import Case
from halyq.db.notices import CaseExtension
from tests.web import conftest as web
from tests.web.conftest import TestClient, csrf_from

# The web tests' fixtures: an app on the test database with one account per role.
settings, password_hashes, app = web.settings, web.password_hashes, web.app
signed_in, make_case = web.signed_in, web.make_case

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]
Db = sessionmaker[Session]


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def appeal(make_case: MakeCase, sessions: Db, **options: Any) -> int:
    case_id = make_case(due_in=timedelta(days=20), **options)
    with sessions.begin() as session:
        session.execute(update(Case).where(Case.id == case_id).values(track="appeal"))
    return case_id


def test_an_executor_extends_once_and_records_the_notice(
    signed_in: SignIn, make_case: MakeCase, sessions: Db
) -> None:
    case_id = appeal(make_case, sessions)
    executor = signed_in("water_exec")
    extended = post_json(executor, f"/api/v1/cases/{case_id}/extend", {"reason": "тексеру"})
    assert extended.status_code == 200, extended.text
    out = extended.json()
    assert out["extended_due_at"] > out["original_due_at"] and out["noticed_at"] is None
    assert out["notice_late"] is False
    again = post_json(executor, f"/api/v1/cases/{case_id}/extend", {"reason": "тағы"})
    assert again.status_code == 409 and "one extension only" in again.json()["detail"]
    told = post_json(executor, f"/api/v1/cases/{case_id}/extension/notice", {"channel": "sms"})
    assert told.json()["notice_channel"] == "sms" and told.json()["noticed_at"]
    fax = post_json(executor, f"/api/v1/cases/{case_id}/extension/notice", {"channel": "fax"})
    assert fax.status_code == 422
    detail = executor.get(f"/api/v1/cases/{case_id}").json()
    assert detail["due_at"].startswith(out["extended_due_at"][:10])
    assert executor.get(f"/api/v1/cases/{case_id}/extension").status_code == 200


def test_refusals_say_why(signed_in: SignIn, make_case: MakeCase, sessions: Db) -> None:
    signal = make_case()
    executor = signed_in("water_exec")
    refused = post_json(executor, f"/api/v1/cases/{signal}/extend", {"reason": "x"})
    assert refused.status_code == 422 and "only APC appeals" in refused.json()["detail"]
    case_id = appeal(make_case, sessions)
    far = (datetime.now(UTC) + timedelta(days=120)).date().isoformat()
    too_far = post_json(executor, f"/api/v1/cases/{case_id}/extend", {"reason": "x", "until": far})
    assert too_far.status_code == 422 and "at most two months" in too_far.json()["detail"]
    head = post_json(signed_in("head"), f"/api/v1/cases/{case_id}/extend", {"reason": "x"})
    assert head.status_code == 403
    other = post_json(signed_in("roads_exec"), f"/api/v1/cases/{case_id}/extend", {"reason": "x"})
    assert other.status_code == 404
    assert executor.get(f"/api/v1/cases/{case_id}/extension").status_code == 404


def test_the_case_page_extends_and_records_the_notice(
    signed_in: SignIn, make_case: MakeCase, sessions: Db
) -> None:
    case_id = appeal(make_case, sessions)
    executor = signed_in("water_exec")
    page = executor.get(f"/cases/{case_id}").text
    assert f'action="/cases/{case_id}/extend"' in page
    token = csrf_from(page)
    form = {"csrf_token": token, "until": "", "reason": "сараптама"}
    assert executor.post(f"/cases/{case_id}/extend", data=form).status_code == 200
    page = executor.get(f"/cases/{case_id}").text
    assert "Срок продлён" in page and "Известить заявителя до" in page
    assert f'action="/cases/{case_id}/extend"' not in page
    notice = {"csrf_token": token, "channel": "phone", "at": ""}
    assert executor.post(f"/cases/{case_id}/extension/notice", data=notice).status_code == 200
    page = executor.get(f"/cases/{case_id}").text
    assert "Заявитель извещён" in page and "/extension/notice" not in page
    bad = {"csrf_token": token, "until": "31.12.2026", "reason": "x"}
    assert "is not a date" in executor.post(f"/cases/{case_id}/extend", data=bad).text


def test_late_notices_and_redirects_are_listed_per_department(
    signed_in: SignIn, make_case: MakeCase, sessions: Db
) -> None:
    water = appeal(make_case, sessions)
    police = appeal(make_case, sessions, department="police", category="public_order")
    long_ago = datetime.now(UTC) - timedelta(days=10)
    with sessions.begin() as session:
        case = session.get(Case, water)
        assert case is not None
        session.add(
            CaseExtension(
                case_id=water, extended_at=long_ago, extended_by="water_exec", reason="x",
                original_due_at=case.due_at, extended_due_at=case.due_at + timedelta(days=9),
                notice_due_at=long_ago + timedelta(days=3),
            )
        )  # fmt: skip
        session.execute(
            update(Case).where(Case.id == police).values(respond_by=long_ago + timedelta(days=3))
        )
    late = signed_in("analyst").get("/api/v1/appeals/late").json()
    assert [e["case_id"] for e in late["notice_overdue"]] == [water]
    assert late["notice_overdue"][0]["notice_late"] is True
    assert late["redirect_overdue"] == [police]
    own = signed_in("roads_exec").get("/api/v1/appeals/late").json()
    assert own == {"notice_overdue": [], "redirect_overdue": []}
    assert date.fromisoformat(late["notice_overdue"][0]["notice_due_at"][:10]) < date.today()
