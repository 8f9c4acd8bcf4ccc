"""YouTube Data API v3: comment threads under chosen videos, or under every video of a channel.

Config: {"video_ids": ["dQw4w9WgXcQ"], "channel_ids": ["UC..."], "lookback_days": 3,
"since_days": 7}. Key: HALYQ_YOUTUBE_KEY (an API key with the YouTube Data API enabled).

Each top-level comment and each reply is a post; comment ids are unique across YouTube, so
the source is "youtube". A day's quota (10,000 units; one list call costs 1) ends at midnight
Pacific time: a `quotaExceeded` answer reschedules the source for then.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from pydantic import Field

from halyq.config import Settings
from halyq.db.types import utcnow
from halyq.sources.connector import Batch, SourceError
from halyq.sources.connectors.common import (
    Collector,
    Page,
    Unreadable,
    WindowConfig,
    each_target,
    from_iso,
    make_post,
    parse_config,
    require_secret,
    walk,
)
from halyq.sources.http import HttpClient, Params, RateLimited

SOURCE = "youtube"
PACIFIC = ZoneInfo("America/Los_Angeles")
QUOTA_SPENT = frozenset({"quotaExceeded", "dailyLimitExceeded"})
SLOW_DOWN = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
BAD_KEY = frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "accessNotConfigured"})
TARGET_GONE = frozenset({"commentsDisabled", "videoNotFound", "channelNotFound", "forbidden"})


class YoutubeConfig(WindowConfig):
    video_ids: list[str] = Field(default_factory=list, description="Videos to read.")
    channel_ids: list[str] = Field(default_factory=list, description="Channels: all videos.")


def youtube_connector(config: dict[str, Any], settings: Settings) -> YoutubeConnector:
    parsed = parse_config(YoutubeConfig, "youtube", config)
    if not parsed.video_ids and not parsed.channel_ids:
        raise ValueError("youtube config: give video_ids or channel_ids")
    return YoutubeConnector(parsed, settings)


class YoutubeConnector:
    kind = "youtube"

    def __init__(self, config: YoutubeConfig, settings: Settings) -> None:
        self.config = config
        self.settings = settings

    def _targets(self) -> list[tuple[str, str]]:
        return [("videoId", video) for video in self.config.video_ids] + [
            ("allThreadsRelatedToChannelId", channel) for channel in self.config.channel_ids
        ]

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        key = require_secret(self.settings.youtube_key, "HALYQ_YOUTUBE_KEY", "YouTube")
        client = HttpClient(self.settings, base_url=self.settings.youtube_api_url)
        state = copy.deepcopy(cursor)
        try:
            yield from each_target(
                self._targets(), lambda target: self._threads(client, key, target, state)
            )
        finally:
            client.close()

    def check(self) -> str:
        key = require_secret(self.settings.youtube_key, "HALYQ_YOUTUBE_KEY", "YouTube")
        client = HttpClient(self.settings, base_url=self.settings.youtube_api_url)
        found = []
        try:
            for by, target in self._targets():
                answer = _list(client, key, by, target, None, limit=1)
                total = (answer.get("pageInfo") or {}).get("totalResults", 0)
                found.append(f"{target}: {total:,} comment threads")
        finally:
            client.close()
        return "YouTube " + "; ".join(found)

    def _threads(
        self, client: HttpClient, key: str, target: tuple[str, str], state: dict[str, Any]
    ) -> Iterator[Batch]:
        by, value = target
        feeds = state.setdefault("threads", {})

        def fetch(token: str | int | None) -> Page:
            answer = _list(client, key, by, value, str(token) if token else None, limit=100)
            items = [item for item in answer.get("items") or [] if isinstance(item, dict)]
            return Page(
                items=[(_time(item), item) for item in items],
                next=answer.get("nextPageToken") or None,
            )

        for fresh, feed_state in walk(feeds.get(value, {}), fetch, self.config, now=utcnow()):
            batch = Collector("youtube", SOURCE)
            for thread in fresh:
                self._thread(client, key, batch, thread)
            feeds[value] = feed_state
            yield batch.finish(state)

    def _thread(
        self, client: HttpClient, key: str, batch: Collector, thread: dict[str, Any]
    ) -> None:
        snippet = thread.get("snippet") or {}
        top = snippet.get("topLevelComment") or {}
        top_id = str(top.get("id") or thread.get("id"))
        self._comment(batch, top, None)
        replies = [
            r for r in (thread.get("replies") or {}).get("comments") or [] if isinstance(r, dict)
        ]
        if len(replies) < int(snippet.get("totalReplyCount", 0)):  # YouTube embeds up to five
            replies = _replies(client, key, top_id)
        for reply in replies:
            parent = (reply.get("snippet") or {}).get("parentId") or top_id
            self._comment(batch, reply, str(parent))
        batch.thread(top_id, [str(reply.get("id")) for reply in replies])

    def _comment(self, batch: Collector, comment: dict[str, Any], parent: str | None) -> None:
        def build() -> Any:
            about = comment["snippet"]
            created = from_iso(about["publishedAt"])
            updated = from_iso(about["updatedAt"]) if about.get("updatedAt") else None
            video = about.get("videoId")
            return make_post(
                source=SOURCE,
                external_id=str(comment["id"]),
                text=about.get("textOriginal") or about["textDisplay"],
                created_at=created,
                edited_at=updated if updated and updated > created else None,
                author=about.get("authorDisplayName"),
                url=f"https://www.youtube.com/watch?v={video}&lc={comment['id']}"
                if video
                else None,
                reply_to=parent,
                raw=comment,
            )

        batch.add(str(comment.get("id")), build)


def _list(
    client: HttpClient, key: str, by: str, value: str, token: str | None, *, limit: int
) -> dict[str, Any]:
    what = f"YouTube commentThreads.list {by}={value}"
    params: Params = {
        "part": "snippet,replies",
        by: value,
        "maxResults": limit,
        "order": "time",
        "textFormat": "plainText",
        "pageToken": token,
        "key": key,
    }
    answer = client.get_json(
        "/commentThreads",
        params,
        what=what,
        check=lambda response, body: _check(what, response, body),
    )
    if not isinstance(answer, dict):
        raise SourceError(f"{what}: HTTP 200 but the answer is not a JSON object")
    return answer


def _replies(client: HttpClient, key: str, parent: str) -> list[dict[str, Any]]:
    """Every reply to one top-level comment (comments.list?parentId=), page by page."""
    what = f"YouTube comments.list parentId={parent}"
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        params: Params = {"part": "snippet", "parentId": parent, "maxResults": 100,
                          "textFormat": "plainText", "pageToken": token, "key": key}  # fmt: skip
        answer = client.get_json(
            "/comments",
            params,
            what=what,
            check=lambda response, body: _check(what, response, body),
        )
        if not isinstance(answer, dict):
            raise SourceError(f"{what}: HTTP 200 but the answer is not a JSON object")
        found += [item for item in answer.get("items") or [] if isinstance(item, dict)]
        token = answer.get("nextPageToken") or None
        if token is None:
            return found


def _check(what: str, response: httpx.Response, body: Any) -> None:
    """YouTube's {"error": {"code", "message", "errors": [{"reason"}], "details"}}."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        if response.status_code >= 400:
            raise SourceError(f"{what}: HTTP {response.status_code}")
        return
    reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
    reasons |= {str(d.get("reason")) for d in error.get("details") or [] if isinstance(d, dict)}
    why = "/".join(sorted(reasons))
    said = f"{what}: HTTP {response.status_code} {why} ({error.get('message', '')})"
    if reasons & QUOTA_SPENT:
        wait = seconds_to_pacific_midnight(utcnow())
        raise SourceError(
            f"{said}: the day's quota is spent; next try after midnight Pacific time",
            retry_after=wait,
        )
    if reasons & SLOW_DOWN:
        raise RateLimited(said)
    if reasons & BAD_KEY:
        raise SourceError(
            f"{said}: check HALYQ_YOUTUBE_KEY and that the YouTube Data API is enabled for it",
            fatal=True,
        )
    if reasons & TARGET_GONE or response.status_code == 404:
        raise Unreadable(said)
    raise SourceError(said)


def seconds_to_pacific_midnight(now: datetime) -> float:
    """When YouTube's daily quota starts again: the next midnight in California."""
    local = now.astimezone(PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=PACIFIC)
    return (midnight - now).total_seconds()


def _time(thread: dict[str, Any]) -> float | None:
    top = (thread.get("snippet") or {}).get("topLevelComment") or {}
    try:
        return from_iso((top.get("snippet") or {}).get("publishedAt")).timestamp()
    except (TypeError, ValueError):
        return None
