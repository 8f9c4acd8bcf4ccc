"""Facebook (Graph API): a Page's posts and every comment under them.

Config: {"page_ids": ["104000000000000"], "comments": true, "lookback_days": 3,
"since_days": 7}. Token: HALYQ_META_TOKEN (a Page access token with pages_read_engagement
and pages_read_user_content).

Post ids ("<page>_<post>") and comment ids are unique across Facebook: the source is "facebook".
Comments are read with filter=stream, so replies come in the same list with their `parent`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from halyq.config import Settings
from halyq.db.types import utcnow
from halyq.sources.connector import Batch
from halyq.sources.connectors.common import (
    Collector,
    Page,
    WindowConfig,
    each_target,
    from_iso,
    make_post,
    parse_config,
    walk,
)
from halyq.sources.connectors.graph import GraphApi

SOURCE = "facebook"
POST_FIELDS = "id,message,created_time,updated_time,permalink_url,from"
COMMENT_FIELDS = "id,message,created_time,from,parent,permalink_url"
PAGE = 50


class FacebookConfig(WindowConfig):
    page_ids: list[str] = Field(min_length=1, description="Facebook Page ids to read.")


def facebook_connector(config: dict[str, Any], settings: Settings) -> FacebookConnector:
    return FacebookConnector(parse_config(FacebookConfig, "facebook", config), settings)


class FacebookConnector:
    kind = "facebook"

    def __init__(self, config: FacebookConfig, settings: Settings) -> None:
        self.config = config
        self.settings = settings

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        api = GraphApi(self.settings, "Facebook")
        state = copy.deepcopy(cursor)
        try:
            yield from each_target(self.config.page_ids, lambda page: self._page(api, page, state))
        finally:
            api.close()

    def check(self) -> str:
        api = GraphApi(self.settings, "Facebook")
        try:
            names = [
                str(api.get(f"/{page}", f"page {page}", fields="name").get("name", page))
                for page in self.config.page_ids
            ]
        finally:
            api.close()
        return "Facebook pages: " + ", ".join(names)

    def _page(self, api: GraphApi, page_id: str, state: dict[str, Any]) -> Iterator[Batch]:
        pages = state.setdefault("pages", {})

        def fetch(after: str | int | None) -> Page:
            path = f"/{page_id}/posts"
            return api.page(path, f"{page_id}/posts", after, fields=POST_FIELDS, limit=PAGE)

        for fresh, feed_state in walk(pages.get(page_id, {}), fetch, self.config, now=utcnow()):
            batch = Collector("facebook", SOURCE)
            for post in fresh:
                self._post(batch, post)
                if self.config.comments and post.get("id"):
                    self._comments(api, batch, str(post["id"]))
            pages[page_id] = feed_state
            yield batch.finish(state)

    def _post(self, batch: Collector, post: dict[str, Any]) -> None:
        def build() -> Any:
            if not (post.get("message") or "").strip():
                return None  # a photo, a shared link or an event without words
            created = from_iso(post["created_time"])
            # updated_time also moves when someone comments: it is when Facebook last saw a change.
            updated = from_iso(post["updated_time"]) if post.get("updated_time") else None
            return make_post(
                source=SOURCE,
                external_id=str(post["id"]),
                text=post["message"],
                created_at=created,
                edited_at=updated if updated and updated > created else None,
                author=(post.get("from") or {}).get("name"),
                url=post.get("permalink_url"),
                raw=post,
            )

        batch.add(str(post.get("id")), build)

    def _comments(self, api: GraphApi, batch: Collector, post_id: str) -> None:
        comments = api.all(
            f"/{post_id}/comments",
            f"{post_id}/comments",
            fields=COMMENT_FIELDS,
            filter="stream",
            limit=100,
        )
        for comment in comments:
            self._comment(batch, comment, post_id)
        batch.thread(post_id, [str(comment.get("id")) for comment in comments])

    def _comment(self, batch: Collector, comment: dict[str, Any], post_id: str) -> None:
        def build() -> Any:
            if not (comment.get("message") or "").strip():
                return None  # a sticker or a picture
            parent = (comment.get("parent") or {}).get("id")
            return make_post(
                source=SOURCE,
                external_id=str(comment["id"]),
                text=comment["message"],
                created_at=from_iso(comment["created_time"]),
                author=(comment.get("from") or {}).get("name"),
                url=comment.get("permalink_url"),
                reply_to=str(parent) if parent else post_id,
                raw=comment,
            )

        batch.add(str(comment.get("id")), build)
