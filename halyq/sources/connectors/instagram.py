"""Instagram (Graph API): an Instagram professional account's media and their comments, and
recent media under hashtags.

Config: {"user_id": "17841400000000000", "hashtags": ["кызылорда"], "comments": true,
"lookback_days": 3, "since_days": 7}. Token: HALYQ_META_TOKEN (a long-lived token with
instagram_basic, instagram_manage_comments; hashtag search needs the account's user_id).

Media and comment ids are unique across Instagram, so every post's source is "instagram".
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
    Unreadable,
    WindowConfig,
    each_target,
    from_iso,
    make_post,
    parse_config,
    walk,
)
from halyq.sources.connectors.graph import GraphApi

SOURCE = "instagram"
MEDIA_FIELDS = "id,caption,timestamp,permalink,username,comments_count"
HASHTAG_MEDIA_FIELDS = "id,caption,timestamp,permalink,comments_count"
REPLY_FIELDS = "id,text,timestamp,username"
COMMENT_FIELDS = f"id,text,timestamp,username,replies{{{REPLY_FIELDS}}}"
PAGE = 50


class InstagramConfig(WindowConfig):
    user_id: str = Field(description="The Instagram professional account's id (ig-user-id).")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags, without '#'.")
    own_media: bool = Field(True, description="Read the account's own media and comments.")


def instagram_connector(config: dict[str, Any], settings: Settings) -> InstagramConnector:
    return InstagramConnector(parse_config(InstagramConfig, "instagram", config), settings)


class InstagramConnector:
    kind = "instagram"

    def __init__(self, config: InstagramConfig, settings: Settings) -> None:
        self.config = config
        self.settings = settings

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        api = GraphApi(self.settings, "Instagram")
        state = copy.deepcopy(cursor)
        targets = ([None] if self.config.own_media else []) + [
            tag.lstrip("#") for tag in self.config.hashtags
        ]
        try:
            yield from each_target(targets, lambda tag: self._feed(api, tag, state))
        finally:
            api.close()

    def check(self) -> str:
        api = GraphApi(self.settings, "Instagram")
        try:
            account = api.get(
                f"/{self.config.user_id}", f"account {self.config.user_id}",
                fields="username,media_count",
            )  # fmt: skip
        finally:
            api.close()
        return f"Instagram @{account.get('username', '?')}: {account.get('media_count', 0):,} media"

    def _feed(self, api: GraphApi, tag: str | None, state: dict[str, Any]) -> Iterator[Batch]:
        """The account's media (tag None) or a hashtag's recent media, page by page."""
        feeds = state.setdefault("feeds", {})
        key = f"#{tag}" if tag else "media"
        path, what, params = self._listing(api, tag, state)

        def fetch(after: str | int | None) -> Page:
            return api.page(path, what, after, limit=PAGE, **params)

        for fresh, feed_state in walk(feeds.get(key, {}), fetch, self.config, now=utcnow()):
            batch = Collector("instagram", SOURCE)
            for media in fresh:
                self._media(batch, media)
                # Comments can be read under the account's own media only.
                if self.config.comments and tag is None and media.get("id"):
                    self._comments(api, batch, media)
            feeds[key] = feed_state
            yield batch.finish(state)

    def _listing(
        self, api: GraphApi, tag: str | None, state: dict[str, Any]
    ) -> tuple[str, str, dict[str, str]]:
        """Path, label and parameters of the listing to walk."""
        user = self.config.user_id
        if tag is None:
            return f"/{user}/media", f"{user}/media", {"fields": MEDIA_FIELDS}
        known = state.setdefault("hashtag_ids", {})
        if tag not in known:
            answer = api.get(
                "/ig_hashtag_search", f"ig_hashtag_search q={tag!r}",
                user_id=self.config.user_id, q=tag,
            )  # fmt: skip
            found = answer.get("data") or []
            if not found or not isinstance(found[0], dict) or not found[0].get("id"):
                raise Unreadable(f"Instagram ig_hashtag_search q={tag!r}: no such hashtag")
            known[tag] = str(found[0]["id"])
        params = {"fields": HASHTAG_MEDIA_FIELDS, "user_id": user}
        return f"/{known[tag]}/recent_media", f"#{tag} recent_media", params

    def _media(self, batch: Collector, media: dict[str, Any]) -> None:
        def build() -> Any:
            if not (media.get("caption") or "").strip():
                return None  # a picture without words
            return make_post(
                source=SOURCE,
                external_id=str(media["id"]),
                text=media["caption"],
                created_at=from_iso(media["timestamp"]),
                author=media.get("username"),
                url=media.get("permalink"),
                raw=media,
            )

        batch.add(str(media.get("id")), build)

    def _comments(self, api: GraphApi, batch: Collector, media: dict[str, Any]) -> None:
        media_id = str(media["id"])
        if media.get("comments_count") == 0:
            batch.thread(media_id, [])  # none left: any stored comment was deleted
            return
        comments = api.all(
            f"/{media_id}/comments", f"{media_id}/comments", fields=COMMENT_FIELDS, limit=PAGE
        )
        listed: list[str] = []
        for comment in comments:
            comment_id = str(comment.get("id"))
            replies = comment.get("replies") or {}
            embedded = [reply for reply in replies.get("data") or [] if isinstance(reply, dict)]
            if (replies.get("paging") or {}).get("next"):  # more than Instagram embeds
                embedded = api.all(
                    f"/{comment_id}/replies", f"{comment_id}/replies",
                    fields=REPLY_FIELDS, limit=PAGE,
                )  # fmt: skip
            for one, parent in [(comment, media_id), *((reply, comment_id) for reply in embedded)]:
                listed.append(str(one.get("id")))
                self._comment(batch, one, parent, media.get("permalink"))
        batch.thread(media_id, listed)

    def _comment(
        self, batch: Collector, comment: dict[str, Any], parent: str, permalink: str | None
    ) -> None:
        def build() -> Any:
            return make_post(
                source=SOURCE,
                external_id=str(comment["id"]),
                text=comment["text"],
                created_at=from_iso(comment["timestamp"]),
                author=comment.get("username"),
                url=permalink,
                reply_to=parent,
                raw=comment,
            )

        batch.add(str(comment.get("id")), build)
