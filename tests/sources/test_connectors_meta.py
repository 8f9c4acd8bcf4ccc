"""Instagram and Facebook through a local server answering like graph.facebook.com."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
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
from halyq.sources.runner import run_source

TOKEN = "EAAG-secret-meta-token"
IG_USER = "17841400000000001"
PAGE_ID = "104000000000001"


def graph_time(minutes_ago: int) -> str:
    """Graph writes times as 2026-11-02T09:00:00+0000."""
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def paged(items: list[dict[str, Any]], request: Request, size: int) -> dict[str, Any]:
    """A Graph edge: {"data": [...], "paging": {"cursors": {...}, "next": ...}}."""
    start = int(request.args.get("after") or 0)
    answer: dict[str, Any] = {"data": items[start : start + size]}
    cursors = {"before": str(start), "after": str(start + size)}
    answer["paging"] = {"cursors": cursors}
    if start + size < len(items):
        answer["paging"]["next"] = f"https://graph.facebook.com/v21.0/next?after={start + size}"
    return answer


OAUTH_EXPIRED = {
    "error": {
        "message": "Error validating access token: Session has expired on Friday, 27-Nov-26.",
        "type": "OAuthException",
        "code": 190,
        "error_subcode": 463,
        "fbtrace_id": "AbCdEf",
    }
}


@pytest.fixture
def settings(db_url: str, tmp_path: Path, httpserver: HTTPServer) -> Settings:
    return Settings(
        database_url=db_url,
        var_dir=tmp_path,
        pseudonym_key="p" * 32,
        meta_token=SecretStr(TOKEN),
        graph_api_url=httpserver.url_for("/v21.0"),
        http_retries=2,
        http_backoff=0,
    )


def serve(httpserver: HTTPServer, path: str, handler: Callable[[Request], Response]) -> None:
    def checked(request: Request) -> Response:
        if request.args.get("access_token") != TOKEN:
            return _json(OAUTH_EXPIRED, status=400)
        return handler(request)

    httpserver.expect_request(f"/v21.0{path}").respond_with_handler(checked)


def _add(sessions: sessionmaker[Session], settings: Settings, kind: str, **config: Any) -> None:
    with session_scope(sessions) as session:
        add_source(session, settings, name=kind, kind=kind, config=config)


def _posts(sessions: sessionmaker[Session]) -> dict[str, Post]:
    with sessions() as session:
        return {post.external_id: post for post in session.scalars(select(Post))}


class FakeInstagram:
    def __init__(self, count: int) -> None:
        self.media = [
            {
                "id": f"1790{n:04d}",
                "caption": f"Әкімдік жаңалығы {n}",
                "timestamp": graph_time(n),
                "permalink": f"https://www.instagram.com/p/C{n}/",
                "username": "kyzylorda_akimat",
                "comments_count": 0,
            }
            for n in range(count)
        ]
        self.comments: dict[str, list[dict[str, Any]]] = {}

    def install(self, httpserver: HTTPServer) -> None:
        serve(httpserver, f"/{IG_USER}/media", lambda r: _json(paged(self.media, r, 2)))
        for media_id in self.comments:
            serve(
                httpserver,
                f"/{media_id}/comments",
                lambda r, media_id=media_id: _json(paged(self.comments[media_id], r, 50)),
            )


def test_instagram_media_and_comments_in_pages_then_an_edit_and_a_deletion(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    ig = FakeInstagram(5)
    first = ig.media[0]
    first["comments_count"] = 2
    reply = {
        "id": "1801",
        "text": "Жауап береміз",
        "timestamp": graph_time(1),
        "username": "akimat",
    }
    ig.comments[first["id"]] = [
        {
            "id": "1800",
            "text": "Неге Абай көшесінде жарық жоқ?",
            "timestamp": graph_time(2),
            "username": "aigul_kzo",
            "replies": {"data": [reply]},
        },
        {"id": "1802", "text": "Иә, қараңғы", "timestamp": graph_time(3), "username": "b"},
    ]
    ig.install(httpserver)
    _add(sessions, settings, "instagram", user_id=IG_USER)
    summary = run_source(sessions, "instagram", settings)
    assert summary.error is None and summary.added == 8
    posts = _posts(sessions)
    assert posts["1800"].reply_to == first["id"] and posts["1801"].reply_to == "1800"
    assert posts["1800"].source == "instagram" and posts["1800"].author_name == "aigul_kzo"
    assert posts[first["id"]].url == "https://www.instagram.com/p/C0/"

    first["caption"] = "Әкімдік жаңалығы 0 (толықтырылды)"
    ig.comments[first["id"]].pop()  # the resident deleted "Иә, қараңғы"
    again = run_source(sessions, "instagram", settings)
    assert (again.added, again.updated, again.deleted) == (0, 1, 1)
    posts = _posts(sessions)
    assert posts[first["id"]].text.endswith("(толықтырылды)")
    assert posts["1802"].deleted_at is not None and posts["1802"].text == "Иә, қараңғы"
    assert posts["1800"].deleted_at is None and posts["1801"].deleted_at is None


def test_instagram_hashtag_search_then_recent_media(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    found = {"data": [{"id": "17843853986012965"}]}
    serve(httpserver, "/ig_hashtag_search", lambda r: _json(found))
    media = [{"id": "1795", "caption": "#кызылорда жол жабық", "timestamp": graph_time(5)}]
    serve(httpserver, "/17843853986012965/recent_media", lambda r: _json(paged(media, r, 50)))
    _add(sessions, settings, "instagram", user_id=IG_USER, hashtags=["#кызылорда"], own_media=False)
    summary = run_source(sessions, "instagram", settings)
    assert summary.error is None and list(_posts(sessions)) == ["1795"]
    searched = [r for r, _ in httpserver.log if r.path.endswith("/ig_hashtag_search")]
    assert searched[0].args["q"] == "кызылорда" and searched[0].args["user_id"] == IG_USER
    run_source(sessions, "instagram", settings)  # the hashtag's id is kept in the cursor
    assert len([r for r, _ in httpserver.log if r.path.endswith("/ig_hashtag_search")]) == 1


def test_an_expired_meta_token_pauses_with_a_clear_message(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    FakeInstagram(1).install(httpserver)
    _add(sessions, settings, "instagram", user_id=IG_USER)
    stale = settings.model_copy(update={"meta_token": SecretStr("EAAG-old")})
    summary = run_source(sessions, "instagram", stale)
    assert summary.paused
    assert summary.error is not None
    assert "OAuthException 190/463" in summary.error and "HALYQ_META_TOKEN" in summary.error
    assert "EAAG" not in summary.error


def test_a_rate_limit_waits_as_long_as_the_usage_header_says(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    usage = {IG_USER: [{"type": "instagram", "call_count": 100, "total_cputime": 12,
                        "total_time": 15, "estimated_time_to_regain_access": 20}]}  # fmt: skip
    limited = {"error": {"message": "Application request limit reached", "type": "OAuthException",
                         "code": 80002}}  # fmt: skip
    headers = {"X-Business-Use-Case-Usage": json.dumps(usage)}
    serve(httpserver, f"/{IG_USER}/media", lambda r: _json(limited, 400, headers))
    _add(sessions, settings, "instagram", user_id=IG_USER)
    summary = run_source(sessions, "instagram", settings)
    assert summary.error is not None and "80002" in summary.error and not summary.paused
    with sessions() as session:
        source = session.scalars(select(Source)).one()
        assert source.next_run_at is not None and source.last_run_at is not None
        wait = (source.next_run_at - source.last_run_at).total_seconds()
    assert 19 * 60 < wait < 21 * 60


def test_a_429_with_retry_after_is_waited_out_then_read(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    ig = FakeInstagram(1)
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "1"})])
    serve(
        httpserver,
        f"/{IG_USER}/media",
        lambda r: next(answers, None) or _json(paged(ig.media, r, 2)),
    )
    _add(sessions, settings, "instagram", user_id=IG_USER)
    summary = run_source(sessions, "instagram", settings)
    assert summary.error is None and summary.added == 1


def test_facebook_page_posts_and_stream_comments(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    post_id = f"{PAGE_ID}_5001"
    posts = [
        {
            "id": post_id,
            "message": "Құрметті тұрғындар! Ертең Жібек жолы көшесінде су болмайды.",
            "created_time": graph_time(60),
            "updated_time": graph_time(60),
            "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/5001",
            "from": {"name": "Қызылорда қаласының әкімдігі", "id": PAGE_ID},
        },
        {"id": f"{PAGE_ID}_5000", "created_time": graph_time(90)},  # a photo without words
    ]
    comments = [
        {"id": "5001_1", "message": "Қанша уақытқа?", "created_time": graph_time(30),
         "from": {"name": "Ержан", "id": "1"}},
        {"id": "5001_2", "message": "Кешке дейін", "created_time": graph_time(20),
         "from": {"name": "Әкімдік", "id": PAGE_ID}, "parent": {"id": "5001_1"}},
    ]  # fmt: skip
    serve(httpserver, f"/{PAGE_ID}/posts", lambda r: _json(paged(posts, r, 1)))
    serve(httpserver, f"/{post_id}/comments", lambda r: _json(paged(comments, r, 1)))
    serve(httpserver, f"/{PAGE_ID}_5000/comments", lambda r: _json({"data": []}))
    _add(sessions, settings, "facebook", page_ids=[PAGE_ID])
    summary = run_source(sessions, "facebook", settings)
    assert summary.error is None and summary.added == 3
    stored = _posts(sessions)
    assert stored["5001_2"].reply_to == "5001_1" and stored["5001_1"].reply_to == post_id
    assert stored[post_id].author_name == "Қызылорда қаласының әкімдігі"
    asked = [r for r, _ in httpserver.log if r.path.endswith(f"{post_id}/comments")]
    assert asked[0].args["filter"] == "stream"

    posts[0] |= {
        "message": posts[0]["message"] + " Түзету: 10:00-ден",
        "updated_time": graph_time(0),
    }
    comments.pop(1)
    again = run_source(sessions, "facebook", settings)
    assert (again.added, again.updated, again.deleted) == (0, 1, 1)
    stored = _posts(sessions)
    assert stored[post_id].edited_at is not None
    assert stored["5001_2"].deleted_at is not None


def test_a_missing_page_is_reported_and_a_5mb_message_rejected(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    message = "Unsupported get request. Object with ID '999' does not exist"
    missing = {"error": {"message": message, "type": "GraphMethodException", "code": 100,
                         "error_subcode": 33}}  # fmt: skip
    serve(httpserver, "/999/posts", lambda r: _json(missing, 400))
    huge = [{"id": f"{PAGE_ID}_1", "message": "x" * 5_000_000, "created_time": graph_time(1)}]
    serve(httpserver, f"/{PAGE_ID}/posts", lambda r: _json(paged(huge, r, 5)))
    serve(httpserver, f"/{PAGE_ID}_1/comments", lambda r: _json({"data": []}))
    _add(sessions, settings, "facebook", page_ids=["999", PAGE_ID])
    summary = run_source(sessions, "facebook", settings)
    assert summary.error is not None
    assert summary.error.startswith("Facebook 999/posts: HTTP 400, GraphMethodException 100/33")
    assert summary.rejected == 1 and summary.problems[0].startswith(f"facebook {PAGE_ID}_1: ")
    assert "5,000,000" in summary.problems[0]


def test_instagram_replies_beyond_the_embedded_page_are_read(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    ig = FakeInstagram(1)
    media_id = ig.media[0]["id"]
    ig.media[0]["comments_count"] = 1
    replies = [
        {"id": f"19{n}", "text": f"Жауап {n}", "timestamp": graph_time(1), "username": "r"}
        for n in range(4)
    ]
    first_page = {"data": replies[:2], "paging": {"cursors": {"after": "2"}, "next": "https://x"}}
    ig.comments[media_id] = [
        {"id": "1800", "text": "Сұрақ", "timestamp": graph_time(2), "replies": first_page}
    ]
    ig.install(httpserver)
    serve(httpserver, "/1800/replies", lambda r: _json(paged(replies, r, 3)))
    _add(sessions, settings, "instagram", user_id=IG_USER)
    assert run_source(sessions, "instagram", settings).added == 6
    assert _posts(sessions)["193"].reply_to == "1800"
