"""Meta's Graph API, shared by the Instagram and Facebook connectors: calls, paging, errors.

Errors come as {"error": {"message", "type", "code", "error_subcode", "is_transient"}}:
190 is an expired or revoked token (an admin must act), 4/17/32/613 and 80001–80014 are rate
limits, whose wait the X-Business-Use-Case-Usage and X-App-Usage headers tell.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from halyq.config import Settings
from halyq.sources.connector import SourceError
from halyq.sources.connectors.common import Page, Unreadable, from_iso, require_secret
from halyq.sources.http import HttpClient, Params, RateLimited

TOKEN_EXPIRED = 190
RATE_LIMITS = frozenset({4, 17, 32, 613, *range(80001, 80015)})
PERMISSION = frozenset({10, *range(200, 300)})
NO_SUCH_OBJECT = 100
HOUR = 3600.0


class GraphApi:
    """GET /{node}/{edge} with the token from HALYQ_META_TOKEN."""

    def __init__(self, settings: Settings, platform: str) -> None:
        self.platform = platform
        self.token = require_secret(settings.meta_token, "HALYQ_META_TOKEN", platform)
        self.client = HttpClient(settings, base_url=settings.graph_api_url)

    def get(self, path: str, what: str, **params: str | int | None) -> dict[str, Any]:
        label = f"{self.platform} {what}"
        query: Params = {**params, "access_token": self.token}
        answer = self.client.get_json(
            path, query, what=label, check=lambda response, body: _check(label, response, body)
        )
        if not isinstance(answer, dict):
            raise SourceError(f"{label}: HTTP 200 but the answer is not a JSON object")
        return answer

    def page(self, path: str, what: str, after: str | int | None, **params: str | int) -> Page:
        """One page of an edge, newest first; items are (time, item) by `timestamp` (Instagram)
        or `created_time` (Facebook)."""
        answer = self.get(path, what, after=str(after) if after else None, **params)
        items = answer.get("data") or []
        return Page(items=[(_time(item), item) for item in items], next=next_page(answer))

    def all(self, path: str, what: str, **params: str | int) -> list[dict[str, Any]]:
        """Every item of a (small) edge, following the pages: a post's comments."""
        found: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            answer = self.get(path, what, after=after, **params)
            found += [item for item in answer.get("data") or [] if isinstance(item, dict)]
            after = next_page(answer)
            if after is None:
                return found

    def close(self) -> None:
        self.client.close()


def next_page(answer: dict[str, Any]) -> str | None:
    """The `after` cursor when Graph says there is a next page (`paging.next`), else None."""
    paging = answer.get("paging") or {}
    if not paging.get("next"):
        return None
    after = (paging.get("cursors") or {}).get("after")
    return str(after) if after else None


def _time(item: Any) -> float | None:
    if not isinstance(item, dict):
        return None
    value = item.get("timestamp") or item.get("created_time")
    try:
        return from_iso(value).timestamp()
    except (TypeError, ValueError):
        return None


def _check(what: str, response: httpx.Response, body: Any) -> None:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        if response.status_code >= 400:
            raise SourceError(f"{what}: HTTP {response.status_code}")
        return
    code, subcode = error.get("code"), error.get("error_subcode")
    said = (
        f"{what}: HTTP {response.status_code}, {error.get('type', 'error')} {code}"
        f"{f'/{subcode}' if subcode else ''} ({error.get('message', '')})"
    )
    if code == TOKEN_EXPIRED:
        raise SourceError(
            f"{said}: the token in HALYQ_META_TOKEN has expired or was revoked; "
            "make a new long-lived token",
            fatal=True,
        )
    if code in RATE_LIMITS:
        raise RateLimited(said, wait=usage_wait(response))
    if error.get("is_transient"):
        raise RateLimited(said)
    if code in PERMISSION:
        raise SourceError(f"{said}: the token lacks this permission", fatal=True)
    if code == NO_SUCH_OBJECT:
        raise Unreadable(f"{said}: check the id in the source's config")
    raise SourceError(said)


def usage_wait(response: httpx.Response) -> float | None:
    """Seconds until Meta lets us call again, from its usage headers; None when unsaid.

    X-Business-Use-Case-Usage: {"<id>": [{"type", "call_count", "total_cputime", "total_time",
    "estimated_time_to_regain_access" (minutes)}]}; X-App-Usage: {"call_count", ...} in
    percent of the hourly allowance.
    """
    minutes = 0.0
    business = _header_json(response, "x-business-use-case-usage")
    if isinstance(business, dict):
        for entries in business.values():
            for entry in entries if isinstance(entries, list) else []:
                regain = (
                    entry.get("estimated_time_to_regain_access") if isinstance(entry, dict) else 0
                )
                if isinstance(regain, int | float):
                    minutes = max(minutes, float(regain))
    if minutes:
        return minutes * 60
    app = _header_json(response, "x-app-usage")
    if isinstance(app, dict) and any(
        isinstance(value, int | float) and value >= 100 for value in app.values()
    ):
        return HOUR  # the app's allowance is a rolling hour
    return None


def _header_json(response: httpx.Response, name: str) -> Any:
    try:
        return json.loads(response.headers.get(name, "null"))
    except json.JSONDecodeError:
        return None
