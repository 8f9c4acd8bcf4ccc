"""VK through a real local HTTP server that answers like api.vk.com (v5.199), on both databases."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug import Request, Response

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.db.sources import Source
from halyq.sources.registry import add_source
from halyq.sources.runner import run_due_sources, run_source

TOKEN = "vk1.a.secret-token-never-shown"
OWNER = -123
NOW = int(time.time())


class FakeVk:
    """An in-memory VK: walls with posts, comments per post, and errors to inject."""

    def __init__(self) -> None:
        self.walls: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[tuple[int, int], list[dict[str, Any]]] = {}
        self.failures: list[Failure] = []
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.search: dict[str, list[list[dict[str, Any]]]] = {}

    def wall(self, owner: int, count: int, *, text: str = "Көшеде жарық жоқ {n}") -> None:
        self.walls[owner] = [
            {
                "id": n,
                "owner_id": owner,
                "from_id": owner,
                "date": NOW - (count - n) * 60,
                "post_type": "post",
                "text": text.format(n=n),
                "comments": {"count": 0},
            }
            for n in range(count, 0, -1)  # newest first, as VK lists a wall
        ]

    def handle(self, request: Request) -> Response:
        method = request.path.strip("/")
        form = {key: request.form[key] for key in request.form}
        self.calls.append((method, form))
        if form.get("access_token") != TOKEN or form.get("v") != "5.199":
            return _json({"error": {"error_code": 5, "error_msg": "User authorization failed"}})
        injected = self._failure(method, form)
        if isinstance(injected, int):
            return Response("Internal Server Error", status=injected)
        if isinstance(injected, str):
            return Response(injected, status=200, content_type="text/html")
        if injected is not None:
            return _json(injected)
        return _json({"response": getattr(self, method.replace(".", "_"))(form)})

    def fail(self, method: str, answer: Answer, *, times: int = 99, **match: Any) -> None:
        """Answer `answer` (a body, an HTTP status, or HTML) to calls whose form has `match`."""
        self.failures.append(Failure(method, {k: str(v) for k, v in match.items()}, answer, times))

    def _failure(self, method: str, form: dict[str, str]) -> Answer | None:
        for rule in self.failures:
            if rule.method == method and rule.times > 0 and rule.match.items() <= form.items():
                rule.times -= 1
                return rule.answer
        return None

    def wall_get(self, form: dict[str, str]) -> dict[str, Any]:
        owner, offset, count = int(form["owner_id"]), int(form.get("offset", 0)), int(form["count"])
        posts = self.walls[owner]
        return {
            "count": len(posts),
            "items": posts[offset : offset + count],
            "profiles": [{"id": 77, "first_name": "Айгүл", "last_name": "Сейітова"}],
            "groups": [{"id": -owner, "name": "Қызылорда қаласы"}],
        }

    def wall_getComments(self, form: dict[str, str]) -> dict[str, Any]:
        key = (int(form["owner_id"]), int(form["post_id"]))
        offset, count = int(form["offset"]), int(form["count"])
        comments = self.comments.get(key, [])
        if "comment_id" in form:  # one thread's replies
            (parent,) = [c for c in comments if str(c["id"]) == form["comment_id"]]
            comments = parent["thread"]["items"]
        embedded = int(form.get("thread_items_count", 0))
        page = [
            {**c, "thread": {"count": len(c["thread"]["items"]),
                             "items": c["thread"]["items"][:embedded]}} if "thread" in c else c
            for c in comments[offset : offset + count]
        ]  # fmt: skip
        return {
            "count": len(comments),
            "current_level_count": len(comments),
            "items": page,
            "profiles": [{"id": 77, "first_name": "Айгүл", "last_name": "Сейітова"}],
            "groups": [],
        }

    def newsfeed_search(self, form: dict[str, str]) -> dict[str, Any]:
        pages = self.search[form["q"]]
        page = int(form.get("start_from") or 0)
        answer: dict[str, Any] = {"items": pages[page], "count": 1000, "total_count": 1000}
        if page + 1 < len(pages):
            answer["next_from"] = str(page + 1)
        return answer


Answer = dict[str, Any] | int | str


@dataclass
class Failure:
    method: str
    match: dict[str, str]
    answer: Answer
    times: int


def _json(body: Any) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")


@pytest.fixture
def vk(httpserver: HTTPServer) -> Iterator[FakeVk]:
    fake = FakeVk()
    for method in ("wall.get", "wall.getComments", "newsfeed.search"):
        httpserver.expect_request(f"/{method}", method="POST").respond_with_handler(fake.handle)
    yield fake


@pytest.fixture
def settings(db_url: str, tmp_path: Path, httpserver: HTTPServer) -> Settings:
    return Settings(
        database_url=db_url,
        var_dir=tmp_path,
        pseudonym_key="p" * 32,
        vk_token=SecretStr(TOKEN),
        vk_api_url=httpserver.url_for("/"),
        http_retries=2,
        http_backoff=0,
    )


def _add(sessions: sessionmaker[Session], settings: Settings, **config: Any) -> None:
    with session_scope(sessions) as session:
        add_source(session, settings, name="vk-city", kind="vk", config=config)


def _posts(sessions: sessionmaker[Session]) -> dict[str, Post]:
    with sessions() as session:
        return {post.external_id: post for post in session.scalars(select(Post))}


def _source(sessions: sessionmaker[Session]) -> Source:
    with sessions() as session:
        return session.scalars(select(Source)).one()


def test_a_wall_of_three_pages_with_comments_goes_in_once(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 250)
    post = vk.walls[OWNER][0]
    post["comments"] = {"count": 2}
    vk.comments[(OWNER, post["id"])] = [
        {
            "id": 901,
            "from_id": 77,
            "post_id": post["id"],
            "owner_id": OWNER,
            "date": NOW - 30,
            "text": "Су жоқ, Жібек жолы 12",
            "parents_stack": [],
            "thread": {
                "count": 1,
                "items": [
                    {
                        "id": 902,
                        "from_id": OWNER,
                        "post_id": post["id"],
                        "owner_id": OWNER,
                        "date": NOW - 20,
                        "text": "Жөндейміз",
                        "parents_stack": [901],
                        "reply_to_comment": 901,
                    }
                ],
            },
        }
    ]
    _add(sessions, settings, owner_ids=[OWNER])
    first = run_source(sessions, "vk-city", settings)
    assert first.error is None
    assert (first.added, first.rejected) == (252, 0)
    posts = _posts(sessions)
    assert f"{OWNER}_250" in posts and f"{OWNER}_1" in posts
    reply = posts[f"{OWNER}_902"]
    assert reply.reply_to == f"{OWNER}_901"
    assert posts[f"{OWNER}_901"].reply_to == f"{OWNER}_250"
    assert posts[f"{OWNER}_901"].author_name == "Айгүл Сейітова"
    assert posts[f"{OWNER}_250"].author_name == "Қызылорда қаласы"
    assert posts[f"{OWNER}_250"].source == f"vk:{OWNER}"
    assert posts[f"{OWNER}_250"].url == f"https://vk.com/wall{OWNER}_250"
    assert posts[f"{OWNER}_250"].created_at.timestamp() == post["date"]

    again = run_source(sessions, "vk-city", settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 252)
    assert len(_posts(sessions)) == 252


def test_an_edit_and_a_deleted_comment_on_the_second_run(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 3)
    newest = vk.walls[OWNER][0]
    newest["comments"] = {"count": 2}
    comment = {"id": 50, "from_id": 77, "post_id": 3, "owner_id": OWNER, "date": NOW - 5}
    vk.comments[(OWNER, 3)] = [
        {**comment, "text": "Жарық жоқ"},
        {**comment, "id": 51, "text": "Рас"},
    ]
    _add(sessions, settings, owner_ids=[OWNER])
    assert run_source(sessions, "vk-city", settings).added == 5

    vk.walls[OWNER][1] |= {"text": "Көшеде жарық жоқ, Абай 5 (түзетілді)", "edited": NOW - 1}
    vk.comments[(OWNER, 3)][0] = {**comment, "text": "", "deleted": True}
    second = run_source(sessions, "vk-city", settings)
    assert (second.added, second.updated, second.deleted) == (0, 1, 1)
    posts = _posts(sessions)
    edited = posts[f"{OWNER}_2"]
    assert edited.text.endswith("(түзетілді)") and edited.edited_at is not None
    assert edited.edited_at.timestamp() == NOW - 1
    gone = posts[f"{OWNER}_50"]
    assert gone.deleted_at is not None and gone.text == "Жарық жоқ"
    assert posts[f"{OWNER}_51"].deleted_at is None


def test_a_comment_that_vanished_from_a_complete_listing_is_deleted(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 1)
    vk.walls[OWNER][0]["comments"] = {"count": 1}
    vk.comments[(OWNER, 1)] = [
        {"id": 9, "from_id": 77, "post_id": 1, "owner_id": OWNER, "date": NOW, "text": "Иә"}
    ]
    _add(sessions, settings, owner_ids=[OWNER])
    run_source(sessions, "vk-city", settings)
    vk.walls[OWNER][0]["comments"] = {"count": 0}
    assert run_source(sessions, "vk-city", settings).deleted == 1
    assert _posts(sessions)[f"{OWNER}_9"].deleted_at is not None


def test_a_run_failing_on_page_three_resumes_there_and_ends_like_a_clean_run(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 250)
    vk.fail("wall.get", 500, offset=200)
    _add(sessions, settings, owner_ids=[OWNER])
    broken = run_source(sessions, "vk-city", settings)
    assert broken.error == f"VK wall.get owner_id={OWNER} offset=200: HTTP 500 (after 3 attempts)"
    assert broken.added == 200 and len(_posts(sessions)) == 200
    assert not _source(sessions).paused

    vk.failures.clear()
    vk.calls.clear()
    resumed = run_source(sessions, "vk-city", settings)
    assert resumed.error is None and resumed.added == 50
    assert [form["offset"] for method, form in vk.calls if method == "wall.get"] == ["200"]
    assert sorted(_posts(sessions)) == sorted(f"{OWNER}_{n}" for n in range(1, 251))


def test_an_expired_token_pauses_the_source_with_the_reason(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 2)
    _add(sessions, settings, owner_ids=[OWNER])
    expired = settings.model_copy(update={"vk_token": SecretStr("vk1.a.expired")})
    summary = run_source(sessions, "vk-city", expired)
    assert summary.paused
    assert "error 5" in (summary.error or "") and "HALYQ_VK_TOKEN" in (summary.error or "")
    source = _source(sessions)
    assert source.paused and source.last_error == summary.error
    assert "vk1.a" not in (source.last_error or "")
    assert run_due_sources(sessions, settings) == []  # paused: the worker leaves it alone


def test_too_many_requests_per_second_is_retried(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 2)
    too_fast = {"error": {"error_code": 6, "error_msg": "Too many requests per second"}}
    vk.fail("wall.get", too_fast, times=1)
    _add(sessions, settings, owner_ids=[OWNER])
    summary = run_source(sessions, "vk-city", settings)
    assert summary.error is None and summary.added == 2
    assert [method for method, _ in vk.calls] == ["wall.get", "wall.get"]


def test_a_spent_daily_quota_reschedules_hours_later(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 2)
    vk.fail("wall.get", {"error": {"error_code": 29, "error_msg": "Rate limit reached"}})
    _add(sessions, settings, owner_ids=[OWNER])
    summary = run_source(sessions, "vk-city", settings)
    assert "error 29" in (summary.error or "") and not summary.paused
    assert summary.next_run_at is not None
    assert summary.next_run_at.timestamp() - time.time() > 3 * 3600


def test_a_private_wall_is_reported_and_the_others_still_read(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 2)
    closed = {"error": {"error_code": 30, "error_msg": "This profile is private"}}
    vk.fail("wall.get", closed, owner_id=-456)
    _add(sessions, settings, owner_ids=[-456, OWNER])
    summary = run_source(sessions, "vk-city", settings)
    assert summary.added == 2
    assert summary.error is not None and "owner_id=-456" in summary.error
    assert "error 30" in summary.error and "private" in summary.error
    assert not summary.paused


def test_garbage_instead_of_json_names_the_call_and_the_status(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 1)
    vk.fail("wall.get", "<html><body>Bad Gateway</body></html>")
    _add(sessions, settings, owner_ids=[OWNER])
    summary = run_source(sessions, "vk-city", settings)
    assert summary.error == (
        f"VK wall.get owner_id={OWNER} offset=0: HTTP 200 answered text/html, not JSON "
        "('<html><body>Bad Gateway</body></html>'…)"
    )
    assert _posts(sessions) == {}


def test_a_five_megabyte_post_is_rejected_with_its_id_and_the_rest_stored(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 3)
    vk.walls[OWNER][1]["text"] = "ы" * 5_000_000
    del vk.walls[OWNER][2]["date"]
    _add(sessions, settings, owner_ids=[OWNER])
    summary = run_source(sessions, "vk-city", settings)
    assert summary.added == 1 and summary.rejected == 2
    assert any(p.startswith(f"vk {OWNER}_2: field 'text' has 5,000,000") for p in summary.problems)
    assert f"vk {OWNER}_1: field 'date' is missing" in summary.problems
    assert list(_posts(sessions)) == [f"{OWNER}_3"]


def test_news_search_follows_next_from(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    item = {"owner_id": 555, "from_id": 555, "post_type": "post", "comments": {"count": 0}}
    vk.search["Қызылорда"] = [
        [{**item, "id": 3, "date": NOW - 10, "text": "Қызылордада жол жөндеу"}],
        [{**item, "id": 2, "date": NOW - 20, "text": "Кызылорда, нет света"}],
    ]
    _add(sessions, settings, keywords=["Қызылорда"])
    assert run_source(sessions, "vk-city", settings).added == 2
    assert {p.source for p in _posts(sessions).values()} == {"vk:555"}
    searches = [form for method, form in vk.calls if method == "newsfeed.search"]
    assert [form.get("start_from") for form in searches] == [None, "1"]


def test_a_dead_server_is_a_network_error_that_names_the_call_not_the_token(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    dead = settings.model_copy(update={"vk_api_url": "http://127.0.0.1:9/method"})
    _add(sessions, dead, owner_ids=[OWNER])
    summary = run_source(sessions, "vk-city", dead)
    assert summary.error is not None
    assert summary.error.startswith(f"VK wall.get owner_id={OWNER} offset=0: ConnectError")
    assert TOKEN not in summary.error and not summary.paused


def test_check_reports_what_it_found(vk: FakeVk, settings: Settings) -> None:
    from halyq.sources.kinds import FACTORIES

    vk.wall(OWNER, 12)
    vk.search["Қызылорда"] = [[]]
    connector = FACTORIES["vk"]({"owner_ids": [OWNER], "keywords": ["Қызылорда"]}, settings)
    assert connector.check() == (f"VK: wall {OWNER}: 12 posts; search 'Қызылорда': 1,000 posts")


def test_a_thread_longer_than_vk_embeds_is_read_whole(
    vk: FakeVk, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 1)
    vk.walls[OWNER][0]["comments"] = {"count": 13}
    base = {"from_id": 77, "post_id": 1, "owner_id": OWNER, "date": NOW - 5}
    replies = [
        {**base, "id": 100 + n, "text": f"Жауап {n}", "parents_stack": [99]} for n in range(12)
    ]
    vk.comments[(OWNER, 1)] = [{**base, "id": 99, "text": "Сұрақ", "thread": {"items": replies}}]
    _add(sessions, settings, owner_ids=[OWNER])
    assert run_source(sessions, "vk-city", settings).added == 14
    assert _posts(sessions)[f"{OWNER}_111"].reply_to == f"{OWNER}_99"
    threads = [f for m, f in vk.calls if m == "wall.getComments" and "comment_id" in f]
    assert [f["comment_id"] for f in threads] == ["99"]


def test_a_long_retry_after_reschedules_and_a_500_keeps_the_schedule(
    vk: FakeVk, httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    vk.wall(OWNER, 1)
    _add(sessions, settings, owner_ids=[OWNER])
    httpserver.clear_all_handlers()
    httpserver.expect_request("/wall.get").respond_with_response(
        Response("Too Many Requests", status=429, headers={"Retry-After": "120"})
    )
    limited = run_source(sessions, "vk-city", settings)
    assert limited.error == f"VK wall.get owner_id={OWNER} offset=0: HTTP 429"
    assert limited.next_run_at is not None
    assert 100 < limited.next_run_at.timestamp() - time.time() <= 120
    assert len(httpserver.log) == 1  # two minutes is not waited out inside the run

    httpserver.clear_all_handlers()
    httpserver.expect_request("/wall.get").respond_with_response(Response("oops", status=503))
    failed = run_source(sessions, "vk-city", settings)
    assert failed.error == f"VK wall.get owner_id={OWNER} offset=0: HTTP 503 (after 3 attempts)"
    assert failed.next_run_at is not None
    assert 14 * 60 < failed.next_run_at.timestamp() - time.time() <= 15 * 60
