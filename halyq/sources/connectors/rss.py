"""RSS and Atom feeds of local news sites, read with conditional requests.

Config: {"feeds": ["https://kyzylorda-news.kz/rss"]}. No credentials.

feedparser reads both formats (and their broken variants); we give it the bytes httpx fetched,
so our timeouts and retries apply and the ETag / Last-Modified of each feed are kept in the
cursor: an unchanged feed answers 304 and costs nothing. A post is an entry: its id (guid,
else link), title and summary as text. Source: "rss:<host>".
"""

from __future__ import annotations

import copy
import re
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from halyq.config import Settings
from halyq.sources.connector import Batch
from halyq.sources.connectors.common import (
    Collector,
    Unreadable,
    each_target,
    make_post,
    parse_config,
)
from halyq.sources.http import HttpClient

SPACES = re.compile(r"\s+")
RAW_FIELDS = ("id", "title", "link", "summary", "published", "updated", "author")


class RssConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feeds: list[AnyHttpUrl] = Field(min_length=1, description="Feed addresses (http or https).")


def rss_connector(config: dict[str, Any], settings: Settings) -> RssConnector:
    return RssConnector(parse_config(RssConfig, "rss", config), settings)


class RssConnector:
    kind = "rss"

    def __init__(self, config: RssConfig, settings: Settings) -> None:
        self.feeds = [str(url) for url in config.feeds]
        self.settings = settings

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        client = HttpClient(self.settings)
        state = copy.deepcopy(cursor)
        try:
            yield from each_target(self.feeds, lambda url: self._feed(client, url, state))
        finally:
            client.close()

    def check(self) -> str:
        client = HttpClient(self.settings)
        found = []
        try:
            for url in self.feeds:
                parsed = _parse(client.get(url, what=f"RSS {url}"), url)
                title = parsed.feed.get("title") or urlsplit(url).netloc
                found.append(f"{title}: {len(parsed.entries)} entries")
        finally:
            client.close()
        return "RSS: " + "; ".join(found)

    def _feed(self, client: HttpClient, url: str, state: dict[str, Any]) -> Iterator[Batch]:
        feeds = state.setdefault("feeds", {})
        known = feeds.get(url, {})
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("modified"):
            headers["If-Modified-Since"] = known["modified"]
        response = client.get(url, headers=headers, what=f"RSS {url}")
        if response.status_code == 304:
            return
        parsed = _parse(response, url)
        source = f"rss:{urlsplit(url).netloc}"
        batch = Collector("rss", source)
        for entry in parsed.entries:
            entry_id = str(entry.get("id") or entry.get("link") or "")
            batch.add(entry_id or "(no id)", partial(_post, source, entry_id, entry))
        feeds[url] = {
            "etag": response.headers.get("etag"),
            "modified": response.headers.get("last-modified"),
        }
        yield batch.finish(state)


def _parse(response: Any, url: str) -> Any:
    """The parsed feed; Unreadable when the answer is an error or not a feed at all."""
    if response.status_code >= 400:
        raise Unreadable(f"RSS {url}: HTTP {response.status_code}")
    parsed = feedparser.parse(
        response.content,
        response_headers={"content-type": response.headers.get("content-type", "")},
    )
    if not parsed.get("version") and not parsed.entries:
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        why = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise Unreadable(
            f"RSS {url}: HTTP {response.status_code} answered {kind}, not a feed ({why})"
        )
    return parsed


def _post(source: str, entry_id: str, entry: Any) -> Any:
    title = _plain(entry.get("title") or "")
    body = _plain(_longest_text(entry))
    text = f"{title}\n\n{body}" if title and body and body != title else (title or body)
    published = _moment(entry.get("published_parsed"))
    # dict.get: feedparser's own get() answers `published` for a missing `updated`, with a warning.
    updated = _moment(dict.get(entry, "updated_parsed"))
    return make_post(
        source=source,
        external_id=entry_id,
        text=text,
        created_at=published or updated,
        edited_at=updated if published and updated and updated > published else None,
        author=entry.get("author") or None,
        url=entry.get("link") or None,
        raw={key: dict.get(entry, key) for key in RAW_FIELDS},
    )


def _longest_text(entry: Any) -> str:
    """The summary, or the full content when the feed gives it (content:encoded, Atom content)."""
    texts = [str(entry.get("summary") or "")]
    texts += [str(part.get("value") or "") for part in entry.get("content") or []]
    return max(texts, key=len)


def _plain(html: str) -> str:
    # BeautifulSoup, not a regex: feeds carry broken markup and entities (&laquo;, &#1179;).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)  # a bare URL as summary
        soup = BeautifulSoup(html, "html.parser")
    return SPACES.sub(" ", soup.get_text(" ")).strip()


def _moment(parsed: time.struct_time | None) -> datetime | None:
    """feedparser's times are struct_time in UTC."""
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None
