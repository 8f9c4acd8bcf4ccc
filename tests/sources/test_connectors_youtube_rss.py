"""YouTube Data API v3 and RSS/Atom feeds through a real local HTTP server, on both databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
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
from halyq.sources.connectors.youtube import seconds_to_pacific_midnight
from halyq.sources.registry import add_source
from halyq.sources.runner import run_source

KEY = "AIzaSy-secret-youtube-key"
VIDEO = "kzo_news_01"


def iso(minutes_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


@pytest.fixture
def settings(db_url: str, tmp_path: Path, httpserver: HTTPServer) -> Settings:
    return Settings(
        database_url=db_url,
        var_dir=tmp_path,
        pseudonym_key="p" * 32,
        youtube_key=SecretStr(KEY),
        youtube_api_url=httpserver.url_for("/youtube/v3"),
        http_retries=1,
        http_backoff=0,
    )


def _add(sessions: sessionmaker[Session], settings: Settings, kind: str, **config: Any) -> None:
    with session_scope(sessions) as session:
        add_source(session, settings, name=kind, kind=kind, config=config)


def _posts(sessions: sessionmaker[Session]) -> dict[str, Post]:
    with sessions() as session:
        return {post.external_id: post for post in session.scalars(select(Post))}


def comment(comment_id: str, text: str, minutes_ago: float, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "youtube#comment",
        "etag": f"e-{comment_id}",
        "id": comment_id,
        "snippet": {
            "channelId": "UCkzo",
            "videoId": VIDEO,
            "textDisplay": text,
            "textOriginal": text,
            "authorDisplayName": f"@resident{comment_id}",
            "authorChannelId": {"value": f"UC{comment_id}"},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": 0,
            "publishedAt": iso(minutes_ago),
            "updatedAt": iso(minutes_ago),
            **extra,
        },
    }


def thread(top: dict[str, Any], replies: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "kind": "youtube#commentThread",
        "etag": f"t-{top['id']}",
        "id": top["id"],
        "snippet": {
            "channelId": "UCkzo",
            "videoId": VIDEO,
            "topLevelComment": top,
            "canReply": True,
            "totalReplyCount": len(replies),
            "isPublic": True,
        },
        **({"replies": {"comments": replies}} if replies else {}),
    }


class FakeYoutube:
    def __init__(self) -> None:
        self.threads: list[dict[str, Any]] = []
        self.error: tuple[int, dict[str, Any]] | None = None

    def handle(self, request: Request) -> Response:
        if self.error:
            return _json(self.error[1], self.error[0])
        assert request.args["key"] == KEY and request.args["videoId"] == VIDEO
        assert request.args["part"] == "snippet,replies"
        assert request.args["textFormat"] == "plainText"
        start = int(request.args.get("pageToken") or 0)
        size = 2
        answer: dict[str, Any] = {
            "kind": "youtube#commentThreadListResponse",
            "etag": "x",
            "pageInfo": {"totalResults": len(self.threads), "resultsPerPage": size},
            "items": self.threads[start : start + size],
        }
        if start + size < len(self.threads):
            answer["nextPageToken"] = str(start + size)
        return _json(answer)


@pytest.fixture
def youtube(httpserver: HTTPServer) -> FakeYoutube:
    fake = FakeYoutube()
    httpserver.expect_request("/youtube/v3/commentThreads").respond_with_handler(fake.handle)
    return fake


def test_youtube_threads_with_replies_over_pages_then_an_edit_and_a_deleted_reply(
    youtube: FakeYoutube, sessions: sessionmaker[Session], settings: Settings
) -> None:
    reply = comment("Ugx1.r1", "Рахмет, жөндейміз", 1, parentId="Ugx1")
    youtube.threads = [
        thread(comment("Ugx1", "Шұғылада жол бұзылған", 5), [reply]),
        thread(comment("Ugx2", "Нет света на Абая", 6), []),
        thread(comment("Ugx3", "Су жоқ", 7), []),
    ]
    _add(sessions, settings, "youtube", video_ids=[VIDEO])
    summary = run_source(sessions, "youtube", settings)
    assert summary.error is None and summary.added == 4
    posts = _posts(sessions)
    assert posts["Ugx1.r1"].reply_to == "Ugx1" and posts["Ugx1"].reply_to is None
    assert posts["Ugx1"].url == f"https://www.youtube.com/watch?v={VIDEO}&lc=Ugx1"
    assert posts["Ugx2"].author_name == "@residentUgx2"

    edited = comment("Ugx2", "Нет света на Абая 45 уже два дня", 6)
    edited["snippet"]["updatedAt"] = iso(0)
    youtube.threads[1] = thread(edited, [])
    youtube.threads[0] = thread(comment("Ugx1", "Шұғылада жол бұзылған", 5), [])
    again = run_source(sessions, "youtube", settings)
    assert (again.added, again.updated, again.deleted) == (0, 1, 1)
    posts = _posts(sessions)
    assert posts["Ugx2"].text.endswith("два дня") and posts["Ugx2"].edited_at is not None
    assert posts["Ugx1.r1"].deleted_at is not None


def test_youtube_quota_waits_until_midnight_pacific(
    youtube: FakeYoutube, sessions: sessionmaker[Session], settings: Settings
) -> None:
    youtube.error = (
        403,
        {"error": {"code": 403, "message": "The request cannot be completed because you have "
                   "exceeded your quota.", "errors": [{"message": "quota", "domain":
                   "youtube.quota", "reason": "quotaExceeded"}]}},
    )  # fmt: skip
    _add(sessions, settings, "youtube", video_ids=[VIDEO])
    summary = run_source(sessions, "youtube", settings)
    assert summary.error is not None and "quotaExceeded" in summary.error and not summary.paused
    assert summary.next_run_at is not None
    expected = datetime.now(UTC) + timedelta(seconds=seconds_to_pacific_midnight(datetime.now(UTC)))
    assert abs((summary.next_run_at - expected).total_seconds()) < 60
    assert summary.next_run_at.astimezone(
        __import__("zoneinfo").ZoneInfo("America/Los_Angeles")
    ).strftime("%H:%M") in ("00:00", "00:01")


def test_youtube_invalid_key_pauses_the_source(
    youtube: FakeYoutube, sessions: sessionmaker[Session], settings: Settings
) -> None:
    youtube.error = (
        400,
        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                   "errors": [{"message": "API key not valid.", "domain": "global",
                               "reason": "badRequest"}], "status": "INVALID_ARGUMENT",
                   "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}},
    )  # fmt: skip
    _add(sessions, settings, "youtube", video_ids=[VIDEO])
    summary = run_source(sessions, "youtube", settings)
    assert summary.paused and summary.error is not None
    assert "API_KEY_INVALID" in summary.error and "HALYQ_YOUTUBE_KEY" in summary.error
    assert KEY not in summary.error


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Qyzylorda News</title><link>https://kzo.example/</link>
<item><guid>https://kzo.example/n/1</guid><title>Шұғылада жол жөнделеді</title>
<link>https://kzo.example/n/1</link><pubDate>{date}</pubDate>
<description>&lt;p&gt;Жөндеу &lt;b&gt;ертең&lt;/b&gt;
басталады&amp;nbsp;&amp;laquo;тез&amp;raquo;&lt;/p&gt;</description>
</item>
<item><guid>https://kzo.example/n/2</guid><title>В Кызылорде отключат воду</title>
<link>https://kzo.example/n/2</link><pubDate>{date}</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Әкімдік</title>
<id>urn:kzo</id><updated>{updated}</updated>
<entry><id>urn:kzo:1</id><title>Жарық сөнеді</title><updated>{updated}</updated>
<published>{published}</published><link href="https://akimat.example/1"/>
<summary type="html">&lt;i&gt;Абай даңғылы&lt;/i&gt;</summary></entry>
</feed>"""


def test_rss_and_atom_with_conditional_requests(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    date = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    etag = '"v1"'

    def rss(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        return Response(
            RSS.format(date=date), content_type="application/rss+xml", headers={"ETag": etag}
        )

    atom = {"updated": iso(10), "published": iso(60)}
    httpserver.expect_request("/rss").respond_with_handler(rss)
    httpserver.expect_request("/atom").respond_with_handler(
        lambda r: Response(ATOM.format(**atom), content_type="application/atom+xml")
    )
    _add(sessions, settings, "rss", feeds=[httpserver.url_for("/rss"), httpserver.url_for("/atom")])
    summary = run_source(sessions, "rss", settings)
    assert summary.error is None and summary.added == 3
    posts = _posts(sessions)
    first = posts["https://kzo.example/n/1"]
    assert first.text == "Шұғылада жол жөнделеді\n\nЖөндеу ертең басталады «тез»"
    assert first.source == "rss:localhost:" + str(httpserver.port)
    assert posts["urn:kzo:1"].text == "Жарық сөнеді\n\nАбай даңғылы"
    assert posts["urn:kzo:1"].edited_at is not None

    again = run_source(sessions, "rss", settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)  # RSS answered 304
    rss_calls = [r for r, _ in httpserver.log if r.path == "/rss"]
    assert rss_calls[-1].headers.get("If-None-Match") == etag


def test_an_html_page_instead_of_a_feed_is_reported_and_other_feeds_still_read(
    httpserver: HTTPServer, sessions: sessionmaker[Session], settings: Settings
) -> None:
    httpserver.expect_request("/broken").respond_with_data(
        "<html><body><h1>Сайт жөнделуде</h1></body></html>", content_type="text/html"
    )
    httpserver.expect_request("/gone").respond_with_data("not found", status=404)
    date = format_datetime(datetime.now(UTC), usegmt=True)
    httpserver.expect_request("/rss").respond_with_data(
        RSS.format(date=date), content_type="application/rss+xml"
    )
    feeds = [httpserver.url_for(path) for path in ("/broken", "/gone", "/rss")]
    _add(sessions, settings, "rss", feeds=feeds)
    summary = run_source(sessions, "rss", settings)
    assert summary.added == 2
    assert summary.error is not None
    assert f"RSS {feeds[0]}: HTTP 200 answered text/html, not a feed" in summary.error
    assert f"RSS {feeds[1]}: HTTP 404" in summary.error


def test_youtube_replies_beyond_the_five_embedded_are_read_with_comments_list(
    youtube: FakeYoutube,
    httpserver: HTTPServer,
    sessions: sessionmaker[Session],
    settings: Settings,
) -> None:
    replies = [comment(f"Ugx9.r{n}", f"Жауап {n}", 1, parentId="Ugx9") for n in range(7)]
    full = thread(comment("Ugx9", "Сұрақ", 3), replies)
    full["replies"]["comments"] = replies[:5]
    youtube.threads = [full]

    def comments_list(request: Request) -> Response:
        assert request.args["parentId"] == "Ugx9" and request.args["key"] == KEY
        start = int(request.args.get("pageToken") or 0)
        answer: dict[str, Any] = {"items": replies[start : start + 4]}
        if start + 4 < len(replies):
            answer["nextPageToken"] = str(start + 4)
        return _json(answer)

    httpserver.expect_request("/youtube/v3/comments").respond_with_handler(comments_list)
    _add(sessions, settings, "youtube", video_ids=[VIDEO])
    assert run_source(sessions, "youtube", settings).added == 8
    assert _posts(sessions)["Ugx9.r6"].reply_to == "Ugx9"
