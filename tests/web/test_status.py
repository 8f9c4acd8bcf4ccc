"""The public status page, the answer block of the case page, and an executor's whole path
from a new case to a closed one, by the forms and by the API, with its audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.public import tracking_number
from halyq.db.engine import session_scope
from halyq.db.models import Case, CaseEvent
from tests.web.conftest import csrf_from

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]
PLANTED = (
    "Абай даңғылы 12, пәтер 5: су жоқ! Айгүл Сейітова, +7 701 234 56 78, "
    "ЖСН 900101300126, aigul.s@mail.kz"
)
SECRETS = ("Сейітова", "701 234 56 78", "900101300126", "aigul.s@mail.kz", "пәтер 5")


def answer_block(page: str) -> str:
    return page.split('<section class="answer" id="answer">', 1)[1].split("</section>", 1)[0]


def token_of(sessions: sessionmaker[Session], case_id: int) -> str:
    with session_scope(sessions) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.public_token


def post_json(browser: TestClient, path: str, body: dict[str, Any]) -> Any:
    token = browser.get("/api/v1/me").json()["csrf_token"]
    return browser.post(path, json=body, headers={"X-CSRF-Token": token})


def test_the_status_page_needs_no_sign_in_and_shows_the_public_record(
    client: TestClient, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case(category="roads", department="roads_transport")
    page = client.get(f"/status/{token_of(sessions, case_id)}")
    assert page.status_code == 200
    text = page.text
    assert f"Өтініш №{tracking_number(case_id)}" in text
    assert "Жолдар мен жаяу жүргінші жолдары" in text and "Дороги и тротуары" in text
    assert "Жаңа" in text and "Новое" in text
    assert "Жолаушылар көлігі және автомобиль жолдары бөлімі" in text
    assert "<dd>Абай даңғылы</dd>" in text  # the street, not the house
    assert "Жауап әзірге дайындалуда" in text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_the_lookup_form_finds_a_case_by_its_number(
    client: TestClient, make_case: MakeCase
) -> None:
    case_id = make_case()
    number = tracking_number(case_id)
    form = client.get("/status")
    assert form.status_code == 200 and 'name="number"' in form.text
    found = client.get("/status", params={"number": f"№ {number}"})
    assert found.status_code == 200 and f"Өтініш №{number}" in found.text
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    missing = client.get("/status", params={"number": typo})
    assert (
        missing.status_code == 404 and "табылмады" in missing.text and "не найдено" in missing.text
    )
    assert client.get("/status/not-a-token").status_code == 404


def test_nothing_personal_leaks_onto_the_status_page(
    client: TestClient,
    make_case: MakeCase,
    signed_in: SignIn,
    sessions: sessionmaker[Session],
) -> None:
    rejected = make_case(text=PLANTED, author="Айгүл Сейітова", posts=2)
    answered = make_case(text=PLANTED, author="Айгүл Сейітова")
    analyst = signed_in("analyst")
    why = f"Бұл әкімдіктің құзыреті емес. {PLANTED}"
    moved = post_json(
        analyst, f"/api/v1/cases/{rejected}/transition", {"to": "redirected", "reason": why}
    )
    assert moved.status_code == 200, moved.text
    saved = post_json(
        analyst,
        f"/api/v1/cases/{answered}/answer",
        {"text": f"Құрметті тұрғын! Су берілді. {PLANTED}", "lang": "kk"},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["answer"]["text"].endswith(PLANTED)  # staff see what was written
    for case_id in (rejected, answered):
        page = client.get(f"/status/{token_of(sessions, case_id)}").text
        for secret in SECRETS:
            assert secret not in page, (case_id, secret)
        pseudonyms = {
            post["author"] for post in analyst.get(f"/api/v1/cases/{case_id}").json()["posts"]
        }
        assert "analyst" not in page and not any(p in page for p in pseudonyms)  # nobody named
    redirected = client.get(f"/status/{token_of(sessions, rejected)}").text
    assert "Бұл әкімдіктің құзыреті емес." in redirected and "[телефон]" in redirected
    answer_page = client.get(f"/status/{token_of(sessions, answered)}").text
    assert "Су берілді." in answer_page and "[ЖСН/ИИН]" in answer_page


def test_an_executor_takes_a_case_from_new_to_closed_by_the_forms(
    signed_in: SignIn, make_case: MakeCase, client: TestClient, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    browser = signed_in("water_exec")
    page = browser.get(f"/cases/{case_id}").text
    token = csrf_from(page)
    assert f'action="/cases/{case_id}/answer"' in page and "Құрметті тұрғын!" in page  # draft
    assert '<script src="/static/copy.js"' in page

    def move(to: str) -> Any:
        return browser.post(
            f"/cases/{case_id}/transition",
            data={"to": to, "reason": "", "csrf_token": token},
            follow_redirects=False,
        )

    assert move("assigned").status_code == 303 and move("in_progress").status_code == 303
    refused = move("resolved")
    assert refused.status_code == 409 and "no answer to its residents" in refused.text
    answer = "Құрметті тұрғын! Абай даңғылындағы су құбыры жөнделді, су берілді."
    saved = browser.post(
        f"/cases/{case_id}/answer",
        data={"text": answer, "lang": "kk", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/cases/{case_id}"
    assert move("resolved").status_code == 303 and move("closed").status_code == 303
    with session_scope(sessions) as session:
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        ).all()
        trail = [(e.action, e.to_value, e.actor) for e in events if e.actor != "system"]
    assert trail == [
        ("status", "assigned", "water_exec"),
        ("status", "in_progress", "water_exec"),
        ("answered", "kk", "water_exec"),
        ("status", "resolved", "water_exec"),
        ("status", "closed", "water_exec"),
    ]
    public = client.get(f"/status/{token_of(sessions, case_id)}").text
    assert "Жабылды" in public and "су құбыры жөнделді" in public
    assert public.count('<td data-label="Мәртебе">') == 5  # opened and four changes


def test_an_executor_takes_a_case_from_new_to_closed_by_the_api(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = make_case()
    browser = signed_in("water_exec")
    path = f"/api/v1/cases/{case_id}"
    for status in ("assigned", "in_progress"):
        assert post_json(browser, f"{path}/transition", {"to": status}).status_code == 200
    early = post_json(browser, f"{path}/transition", {"to": "resolved"})
    assert early.status_code == 409 and f"/api/v1/cases/{case_id}/answer" in early.json()["detail"]
    assert post_json(browser, f"{path}/answer", {"text": "  ", "lang": "kk"}).status_code == 422
    assert post_json(browser, f"{path}/answer", {"text": "x", "lang": "en"}).status_code == 422
    template = post_json(browser, f"{path}/answer", {"text": "Мекенжай: {place}", "lang": "ru"})
    assert template.status_code == 422 and "{place}" in template.json()["detail"]
    saved = post_json(browser, f"{path}/answer", {"text": "Вода подана. Спасибо!", "lang": "ru"})
    assert saved.status_code == 200
    body = saved.json()
    assert body["answer"]["lang"] == "ru" and body["answer"]["author"] == "water_exec"
    assert body["tracking_number"] == tracking_number(case_id)
    # On the address residents reach (HALYQ_PUBLIC_URL), not the request's host.
    assert body["status_url"].startswith("http://127.0.0.1:8000/status/")
    for status in ("resolved", "closed"):
        assert post_json(browser, f"{path}/transition", {"to": status}).status_code == 200
    final = browser.get(path).json()
    assert final["status"] == "closed" and final["answer"]["text"] == "Вода подана. Спасибо!"
    assert [e["action"] for e in final["events"]][-5:] == [
        "status",
        "status",
        "answered",
        "status",
        "status",
    ]


def test_who_may_answer(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case()
    answer = {"text": "Жөнделді.", "lang": "kk"}
    path = f"/api/v1/cases/{case_id}/answer"
    assert post_json(signed_in("head"), path, answer).status_code == 403
    assert post_json(signed_in("roads_exec"), path, answer).status_code == 404
    assert post_json(signed_in("analyst"), path, answer).status_code == 200
    no_token = signed_in("admin").post(path, json=answer)
    assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]
    head_page = signed_in("head").get(f"/cases/{case_id}").text
    assert "Жөнделді." in head_page and f'action="/cases/{case_id}/answer"' not in head_page


def test_social_posts_get_a_reply_to_paste_and_no_pretend_posting(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    case_id = make_case(posts=2)
    analyst = signed_in("analyst")
    post_json(
        analyst,
        f"/api/v1/cases/{case_id}/answer",
        {"text": "Су берілді. Сұрақтар: 8 701 234 56 78", "lang": "kk"},
    )
    page = analyst.get(f"/cases/{case_id}").text
    panel = answer_block(page)
    assert 'data-copy="reply-text"' in panel
    reply = panel.split('<pre id="reply-text">', 1)[1].split("</pre>", 1)[0]
    assert "Су берілді." in reply and "[телефон]" in reply and "701 234" not in reply
    assert "/status/" in reply
    assert panel.count('href="https://t.me/kyzylorda_chat/') == 2  # the original posts
    assert "қолмен қойыңыз" in panel  # the channel cannot take replies: paste by hand
    assert f'action="/cases/{case_id}/reply"' not in panel
    executor_panel = answer_block(signed_in("water_exec").get(f"/cases/{case_id}").text)
    assert 'id="reply-text"' in executor_panel and "https://t.me/" not in executor_panel
    token = csrf_from(page)
    tried = analyst.post(f"/cases/{case_id}/reply", data={"csrf_token": token})
    assert tried.status_code == 409 and "not supported" in tried.text
    events = analyst.get(f"/api/v1/cases/{case_id}").json()["events"]
    assert "replied" not in {event["action"] for event in events}


def test_the_copy_script_is_served_under_the_pages_policy(client: TestClient) -> None:
    script = client.get("/static/copy.js")
    assert script.status_code == 200 and "navigator.clipboard" in script.text
