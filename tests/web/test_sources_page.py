"""The sources page (who sees it, pause/resume with CSRF) and deleted posts in /api/v1/posts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.db.sources import Source, SourceRun
from tests.web.conftest import add_post, csrf_from

NOW = datetime.now(UTC)


def _sources(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        vk = Source(
            name="vk-akimat", kind="vk", config={"owner_ids": [-1]}, cursor={},
            schedule_minutes=15, posts_added=120, last_success_at=NOW - timedelta(hours=1),
            last_error="VK wall.get owner_id=-1 offset=0: HTTP 500 <script>x</script>",
            last_error_at=NOW - timedelta(minutes=5),
        )  # fmt: skip
        rss = Source(name="news", kind="rss", config={"feeds": []}, cursor={}, paused=True)
        session.add_all([vk, rss])
        session.flush()
        session.add(SourceRun(source_id=vk.id, started_at=NOW, added=7, problems=[]))


def test_readers_see_every_source_with_its_state_and_todays_posts(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    _sources(sessions)
    page = signed_in("analyst").get("/sources")
    assert page.status_code == 200
    html = page.text
    assert "vk-akimat" in html and "news" in html and "Тоқтатылған" in html
    assert "HTTP 500 &lt;script&gt;" in html and "<script>x" not in html
    start = html.index('<td data-label="Атауы">vk-akimat')
    row = html[start : html.index("</tr>", start)]
    assert ">7</td>" in row and "120" in row and "Қате" in row
    assert "/pause" not in html  # only an admin may pause
    assert signed_in("head").get("/sources").status_code == 200


def test_executors_may_not_see_sources(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    _sources(sessions)
    assert signed_in("water_exec").get("/sources").status_code == 403


def test_an_admin_pauses_and_resumes_with_the_csrf_token_only(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    _sources(sessions)
    admin = signed_in("admin")
    token = csrf_from(admin.get("/sources").text)
    refused = admin.post("/sources/vk-akimat/pause", data={}, follow_redirects=False)
    assert refused.status_code == 403
    done = admin.post(
        "/sources/vk-akimat/pause", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/sources"
    resumed = admin.post("/sources/news/resume", data={"csrf_token": token}, follow_redirects=False)
    assert resumed.status_code == 303
    with sessions() as session:
        state = {s.name: s.paused for s in session.scalars(select(Source))}
    assert state == {"vk-akimat": True, "news": False}
    assert admin.post("/sources/nope/pause", data={"csrf_token": token}).status_code == 404


def test_analysts_and_heads_may_not_pause(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session]
) -> None:
    _sources(sessions)
    for username in ("analyst", "head"):
        browser = signed_in(username)
        token = csrf_from(browser.get("/sources").text)
        answer = browser.post("/sources/vk-akimat/pause", data={"csrf_token": token})
        assert answer.status_code == 403
    with sessions() as session:
        assert not session.scalars(select(Source).where(Source.name == "vk-akimat")).one().paused


def test_deleted_posts_are_left_out_of_the_posts_api_unless_asked(
    signed_in: Callable[[str], TestClient], sessions: sessionmaker[Session], settings: Settings
) -> None:
    with session_scope(sessions) as session:
        kept = add_post(session, text="Су жоқ").external_id
        gone = add_post(session, text="Жарық жоқ")
        gone.deleted_at = NOW
        gone_id = gone.external_id
    analyst = signed_in("analyst")
    listed = analyst.get("/api/v1/posts").json()
    assert [item["external_id"] for item in listed["items"]] == [kept] and listed["total"] == 1
    everything = analyst.get("/api/v1/posts", params={"include_deleted": "true"}).json()
    assert sorted(item["external_id"] for item in everything["items"]) == sorted([kept, gone_id])
    marked = {item["external_id"]: item["deleted_at"] is not None for item in everything["items"]}
    assert marked == {kept: False, gone_id: True}
    with sessions() as session:
        assert session.scalar(select(Post.text).where(Post.external_id == gone_id)) == "Жарық жоқ"
