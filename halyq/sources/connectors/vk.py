"""VK (API v5.199): community and user walls with their comments, and news search by keywords.

Config: {"owner_ids": [-12345], "keywords": ["Қызылорда"], "comments": true,
"lookback_days": 3, "since_days": 7}. Token: HALYQ_VK_TOKEN (a user token: newsfeed.search
needs one; a community or service token reads walls only).

Ids: a post is "<owner_id>_<post_id>", a comment "<owner_id>_<comment_id>" (VK numbers posts
and comments of one wall in one sequence). Source: "vk:<owner_id>". VK answers errors with
HTTP 200 and {"error": {"error_code", "error_msg"}}.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

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
    from_epoch,
    make_post,
    parse_config,
    require_secret,
    walk,
)
from halyq.sources.http import HttpClient, RateLimited

API_VERSION = "5.199"
PAGE = 100  # wall.get and wall.getComments allow at most 100
SEARCH_PAGE = 200  # newsfeed.search allows at most 200
TOKEN_INVALID = 5
TOO_MANY_PER_SECOND = 6
INTERNAL_ERROR = 10
FLOOD_CONTROL = 9
RATE_LIMIT_REACHED = 29  # the method's daily quota
OWNER_CLOSED = {15: "access denied", 18: "page deleted or banned", 30: "profile is private"}
DAY = 24 * 3600.0


class VkConfig(WindowConfig):
    owner_ids: list[int] = Field(default_factory=list, description="Walls: -N is community N.")
    keywords: list[str] = Field(default_factory=list, description="newsfeed.search queries.")


def vk_connector(config: dict[str, Any], settings: Settings) -> VkConnector:
    parsed = parse_config(VkConfig, "vk", config)
    if not parsed.owner_ids and not parsed.keywords:
        raise ValueError("vk config: give owner_ids (walls) or keywords (news search)")
    return VkConnector(parsed, settings)


class VkConnector:
    kind = "vk"

    def __init__(self, config: VkConfig, settings: Settings) -> None:
        self.config = config
        self.settings = settings

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        token = require_secret(self.settings.vk_token, "HALYQ_VK_TOKEN", "VK")
        api = VkApi(HttpClient(self.settings, base_url=self.settings.vk_api_url), token)
        state = copy.deepcopy(cursor)
        try:
            targets: list[int | str] = [*self.config.owner_ids, *self.config.keywords]
            yield from each_target(
                targets,
                lambda target: (
                    self._wall(api, target, state)
                    if isinstance(target, int)
                    else self._search(api, target, state)
                ),
            )
        finally:
            api.close()

    def check(self) -> str:
        token = require_secret(self.settings.vk_token, "HALYQ_VK_TOKEN", "VK")
        api = VkApi(HttpClient(self.settings, base_url=self.settings.vk_api_url), token)
        found = []
        try:
            for owner in self.config.owner_ids:
                answer = api.call("wall.get", f"owner_id={owner}", owner_id=owner, count=1)
                found.append(f"wall {owner}: {answer.get('count', 0):,} posts")
            for keyword in self.config.keywords:
                answer = api.call("newsfeed.search", f"q={keyword!r}", q=keyword, count=1)
                found.append(f"search {keyword!r}: {answer.get('total_count', 0):,} posts")
        finally:
            api.close()
        return "VK: " + "; ".join(found)

    def _wall(self, api: VkApi, owner: int, state: dict[str, Any]) -> Iterator[Batch]:
        walls = state.setdefault("walls", {})
        source = f"vk:{owner}"

        def fetch(offset: str | int | None) -> Page:
            start = int(offset or 0)
            answer = api.call(
                "wall.get", f"owner_id={owner} offset={start}",
                owner_id=owner, offset=start, count=PAGE, extended=1,
            )  # fmt: skip
            items = answer.get("items") or []
            names = _names(answer)
            following = start + len(items)
            return Page(
                items=[(_time(item), (item, names)) for item in items],
                next=following if items and following < int(answer.get("count", 0)) else None,
                pinned={index for index, item in enumerate(items) if item.get("is_pinned")},
            )

        for fresh, feed_state in walk(walls.get(str(owner), {}), fetch, self.config, now=utcnow()):
            batch = Collector("vk", source)
            for item, names in fresh:
                self._post(batch, source, owner, item, names)
                if not self.config.comments or "id" not in item:
                    continue
                if _comment_count(item):
                    self._comments(api, batch, source, owner, item)
                else:  # none left: any stored comment of this post was deleted
                    batch.thread(f"{owner}_{item['id']}", [])
            walls[str(owner)] = feed_state
            yield batch.finish(state)

    def _post(
        self, batch: Collector, source: str, owner: int, item: dict[str, Any], names: Names
    ) -> None:
        external_id = f"{owner}_{item.get('id')}"

        def build() -> Any:
            text = item["text"] or _repost_text(item)
            if not text.strip():
                return None  # a photo or a video without words: nothing to read
            return make_post(
                source=source,
                external_id=external_id,
                text=text,
                created_at=from_epoch(item["date"]),
                edited_at=from_epoch(item["edited"]) if item.get("edited") else None,
                author=names(item.get("from_id")),
                url=f"https://vk.com/wall{external_id}",
                raw=item,
            )

        batch.add(external_id, build)

    def _comments(
        self, api: VkApi, batch: Collector, source: str, owner: int, post: dict[str, Any]
    ) -> None:
        """Every comment of a post, with every reply (threads longer than VK embeds are read
        on their own); the full list then tells which stored comments are gone."""
        post_id = f"{owner}_{post['id']}"
        listed: list[str] = []
        for comments, names in _pages(api, owner, post["id"]):
            for comment in comments:
                self._comment(batch, source, owner, post_id, comment, names, listed)
                thread = comment.get("thread") or {}
                replies: list[tuple[dict[str, Any], Names]] = [
                    (reply, names) for reply in thread.get("items") or []
                ]
                if len(replies) < int(thread.get("count", 0)):
                    replies = [
                        (reply, more)
                        for page, more in _pages(api, owner, post["id"], comment.get("id"))
                        for reply in page
                    ]
                for reply, who in replies:
                    self._comment(batch, source, owner, post_id, reply, who, listed)
        batch.thread(post_id, listed)

    def _comment(
        self,
        batch: Collector,
        source: str,
        owner: int,
        post_id: str,
        comment: dict[str, Any],
        names: Names,
        listed: list[str],
    ) -> None:
        external_id = f"{owner}_{comment.get('id')}"
        if comment.get("deleted"):
            batch.deleted(external_id)
            return
        listed.append(external_id)
        parent = comment.get("reply_to_comment") or (comment.get("parents_stack") or [None])[-1]

        def build() -> Any:
            return make_post(
                source=source,
                external_id=external_id,
                text=comment["text"],
                created_at=from_epoch(comment["date"]),
                author=names(comment.get("from_id")),
                url=f"https://vk.com/wall{post_id}?reply={comment['id']}",
                reply_to=f"{owner}_{parent}" if parent else post_id,
                raw=comment,
            )

        if (comment.get("text") or "").strip() or "text" not in comment:
            batch.add(external_id, build)

    def _search(self, api: VkApi, keyword: str, state: dict[str, Any]) -> Iterator[Batch]:
        searches = state.setdefault("search", {})

        def fetch(start_from: str | int | None) -> Page:
            answer = api.call(
                "newsfeed.search", f"q={keyword!r}",
                q=keyword, count=SEARCH_PAGE, extended=1, start_from=start_from,
            )  # fmt: skip
            names = _names(answer)
            items = answer.get("items") or []
            return Page(
                items=[(_time(item), (item, names)) for item in items],
                next=answer.get("next_from") or None,
            )

        for fresh, feed_state in walk(searches.get(keyword, {}), fetch, self.config, now=utcnow()):
            batch = Collector("vk")
            for item, names in fresh:
                owner = item.get("owner_id")
                self._post(batch, f"vk:{owner}", owner, item, names)
            searches[keyword] = feed_state
            yield batch.finish(state)


Names = Callable[[Any], str | None]


def _pages(
    api: VkApi, owner: int, post_id: Any, thread: Any = None
) -> Iterator[tuple[list[dict[str, Any]], Names]]:
    """wall.getComments page by page: a post's comments, or one thread's replies."""
    offset = 0
    while True:
        where = f"owner_id={owner} post_id={post_id}" + (f" comment_id={thread}" if thread else "")
        answer = api.call(
            "wall.getComments", f"{where} offset={offset}",
            owner_id=owner, post_id=post_id, comment_id=thread, offset=offset, count=PAGE,
            sort="asc", thread_items_count=0 if thread else 10, extended=1,
        )  # fmt: skip
        items = [item for item in answer.get("items") or [] if isinstance(item, dict)]
        yield items, _names(answer)
        offset += len(items)
        total = int(answer.get("current_level_count", answer.get("count", 0)))
        if not items or offset >= total:
            return


class VkApi:
    """VK methods over POST (the token goes in the body, not in a logged URL)."""

    def __init__(self, client: HttpClient, token: str) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, where: str, **params: Any) -> dict[str, Any]:
        what = f"VK {method} {where}"
        body = self.client.request_json(
            "POST", f"/{method}", data={**params, "access_token": self.token, "v": API_VERSION},
            what=what, check=lambda _response, answer: _check(what, answer),
        )  # fmt: skip
        response = body.get("response") if isinstance(body, dict) else None
        if not isinstance(response, dict):
            raise SourceError(f"{what}: HTTP 200 but no 'response' object in the answer")
        return response

    def close(self) -> None:
        self.client.close()


def _check(what: str, answer: Any) -> None:
    """Turn VK's {"error": ...} into the right exception."""
    error = answer.get("error") if isinstance(answer, dict) else None
    if not isinstance(error, dict):
        return
    code, message = error.get("error_code"), error.get("error_msg", "")
    said = f"{what}: error {code} ({message})"
    if code == TOKEN_INVALID:
        raise SourceError(
            f"{said}: the token in HALYQ_VK_TOKEN is invalid or expired; get a new one",
            fatal=True,
        )
    if code in (TOO_MANY_PER_SECOND, INTERNAL_ERROR):
        raise RateLimited(said)
    if code in (RATE_LIMIT_REACHED, FLOOD_CONTROL):
        raise SourceError(f"{said}: VK's quota is spent; trying again later", retry_after=DAY / 4)
    if code in OWNER_CLOSED:
        raise Unreadable(
            f"{said}: {OWNER_CLOSED[code]}; remove this wall from the source's config "
            "or ask its owner for access"
        )
    raise SourceError(said)


def _names(answer: dict[str, Any]) -> Names:
    """from_id → a display name from the answer's profiles (people) and groups (-id)."""
    known: dict[int, str] = {}
    for person in answer.get("profiles") or []:
        name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
        known[person.get("id")] = name
    for group in answer.get("groups") or []:
        known[-int(group.get("id", 0))] = group.get("name", "")
    return lambda from_id: known.get(from_id) or (str(from_id) if from_id else None)


def _time(item: dict[str, Any]) -> float | None:
    date = item.get("date")
    return float(date) if isinstance(date, int | float) and not isinstance(date, bool) else None


def _comment_count(item: dict[str, Any]) -> int:
    comments = item.get("comments")
    return int(comments.get("count", 0)) if isinstance(comments, dict) else 0


def _repost_text(item: dict[str, Any]) -> str:
    copies = item.get("copy_history") or []
    return str(copies[0].get("text") or "") if copies else ""
