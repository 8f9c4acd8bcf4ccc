"""The public appeal form, driven through the app in-process on both databases."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile
from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Case, CasePost, Post
from halyq.pipeline import process_pending
from halyq.web.app import create_app
from tests.web.conftest import csrf_from

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

COMPLAINT = "Абай даңғылы 12 үйде үш күннен бері суық су жоқ, көмектесіңіздер!"
NUMBER = re.compile(r'class="tracking">([A-Z0-9-]+)<')


def submit(browser: TestClient, **fields: str) -> httpx.Response:
    form = {
        "text": COMPLAINT,
        "consent": "yes",
        "csrf_token": csrf_from(browser.get("/appeal").text),
    }
    form.update(fields)
    return browser.post("/appeal", data=form, follow_redirects=False)


def webform_posts(sessions: sessionmaker[Session]) -> list[Post]:
    with session_scope(sessions) as session:
        rows = session.scalars(select(Post).where(Post.source == "webform")).all()
        session.expunge_all()
        return list(rows)


def test_the_form_is_public_bilingual_and_has_no_inline_script(client: TestClient) -> None:
    page = client.get("/appeal")
    assert page.status_code == 200
    assert "Әкімдікке өтініш" in page.text and "Обращение в акимат" in page.text
    assert "Дербес деректер және оларды қорғау туралы" in page.text
    assert "<script" not in page.text and "style=" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'name="website"' in page.text  # the honeypot, inside a hidden block


def test_an_appeal_is_stored_once_with_a_receipt_and_the_worker_analyses_it(
    client: TestClient, sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    response = submit(client, place="Абай даңғылы, 12", contact="8 (701) 234-56-78")
    assert (response.status_code, response.headers["location"]) == (303, "/appeal/received")
    receipt = client.get("/appeal/received")
    number = NUMBER.search(receipt.text)
    assert receipt.status_code == 200 and number
    assert "15 жұмыс күні" in receipt.text
    [post] = webform_posts(sessions)
    assert post.external_id == number.group(1)
    assert post.text == f"{COMPLAINT}\n\nАбай даңғылы, 12"
    assert post.raw["contact"] == "+77012345678" and post.raw["consent"] is True
    assert post.author_hash and post.author_name == "+77012345678"
    # Shown once: a second look (the next person at a shared computer) finds the form.
    again = client.get("/appeal/received", follow_redirects=False)
    assert (again.status_code, again.headers["location"]) == (303, "/appeal")
    assert process_pending(sessions, profile).analysed == 1
    with session_scope(sessions) as session:
        stored = session.get(Post, post.id)
        assert stored is not None and stored.analysis is not None
        case = session.scalars(
            select(Case)
            .join(CasePost, CasePost.case_id == Case.id)
            .where(CasePost.post_id == post.id)
        ).one()
        assert case.track == "appeal"  # a formal appeal: the APC's deadlines, not a signal's


def test_two_appeals_get_two_different_numbers(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    numbers = set()
    for _ in range(2):
        submit(client)
        match = NUMBER.search(client.get("/appeal/received").text)
        assert match
        numbers.add(match.group(1))
    assert len(numbers) == 2 and {p.external_id for p in webform_posts(sessions)} == numbers


def test_script_in_the_text_is_stored_as_text_and_escaped_on_output(
    client: TestClient,
    sessions: sessionmaker[Session],
    profile: CityProfile,
    signed_in: Callable[[str], TestClient],
) -> None:
    hostile = f'<script>alert("x")</script> {COMPLAINT}'
    # Without consent the form comes back with the text in it, escaped.
    refused = submit(client, text=hostile, consent="")
    assert refused.status_code == 422
    assert "<script>alert" not in refused.text and "&lt;script&gt;alert" in refused.text
    assert submit(client, text=hostile).status_code == 303
    [post] = webform_posts(sessions)
    assert post.text == hostile  # stored as the resident wrote it
    process_pending(sessions, profile)
    with session_scope(sessions) as session:
        case_id = session.scalar(select(CasePost.case_id).where(CasePost.post_id == post.id))
    page = signed_in("analyst").get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "   "}, "Напишите текст обращения."),
        ({"text": "ы" * 65_537}, "Текст слишком длинный: 65,537 знаков, не больше 65,536."),
        ({"consent": ""}, "Отметьте согласие на обработку персональных данных."),
        ({"contact": "call me maybe"}, "Укажите для связи телефон"),
        ({"place": "к" * 256}, "Адрес слишком длинный"),
    ],
)
def test_bad_input_is_refused_with_a_bilingual_message_and_nothing_stored(
    client: TestClient, sessions: sessionmaker[Session], fields: dict[str, str], message: str
) -> None:
    response = submit(client, **fields)
    assert response.status_code == 422
    assert message in response.text
    assert webform_posts(sessions) == []


def test_the_honeypot_stores_nothing(client: TestClient, sessions: sessionmaker[Session]) -> None:
    response = submit(client, website="http://spam.example")
    assert response.status_code == 303
    assert client.get("/appeal/received", follow_redirects=False).headers["location"] == "/appeal"
    assert webform_posts(sessions) == []


def test_without_the_csrf_token_the_form_is_refused(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    client.get("/appeal")
    response = client.post("/appeal", data={"text": COMPLAINT, "consent": "yes"})
    assert response.status_code == 403
    other = TestClient(client.app)  # a page from another site has no session at all
    forged = other.post("/appeal", data={"text": COMPLAINT, "consent": "yes", "csrf_token": "x"})
    assert forged.status_code == 403
    assert webform_posts(sessions) == []


@pytest.fixture
def strict_app(settings: Settings, tmp_path: Path) -> Iterator[FastAPI]:
    yield create_app(settings.model_copy(update={"appeal_limit": 2}))


def test_one_address_may_send_only_so_many_appeals_an_hour(
    strict_app: FastAPI, sessions: sessionmaker[Session]
) -> None:
    with TestClient(strict_app) as browser:
        assert [submit(browser).status_code for _ in range(2)] == [303, 303]
        limited = submit(browser)
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
        assert "Попробуйте снова через" in limited.text
    assert len(webform_posts(sessions)) == 2


def test_invalid_submissions_do_not_use_up_the_limit(strict_app: FastAPI) -> None:
    with TestClient(strict_app) as browser:
        statuses: list[Any] = [submit(browser, text="").status_code for _ in range(3)]
        statuses.append(submit(browser).status_code)
    assert statuses == [422, 422, 422, 303]
