"""HTTP for the live channels: timeouts, retries with backoff and jitter, rate limits, clear errors.

Every failure becomes a SourceError that names the endpoint and the HTTP status, never the
URL itself: platform URLs carry access tokens in their query strings.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from halyq.config import Settings
from halyq.sources.connector import SourceError

# httpx logs every request URL at INFO, and ours carry tokens (VK, Graph, YouTube keys).
logging.getLogger("httpx").setLevel(logging.WARNING)

# A wait the platform asks for up to this long is slept through inside the run; a longer one
# ends the run and reschedules the source (the worker has other sources to serve meanwhile).
MAX_INLINE_WAIT = 60.0
USER_AGENT = "Halyq/0.1 (akimat residents' appeals monitor)"

Params = Mapping[str, str | int | float | None]
_T = TypeVar("_T")


class RateLimited(Exception):
    """Raised by a platform's `check` when its answer says "slow down" (VK error 6, Graph
    code 4, ...); the client waits `wait` seconds (or backs off) and asks again."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


# Reads a decoded answer; raises SourceError (what to report) or RateLimited (wait and retry).
Check = Callable[[httpx.Response, Any], None]


class HttpClient:
    """A sync httpx client for one platform, with the retry policy from Settings."""

    def __init__(
        self,
        settings: Settings,
        *,
        base_url: str = "",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retries = max(settings.http_retries, 0)
        self.backoff = max(settings.http_backoff, 0.0)
        self.sleep = sleep
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=settings.http_timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def get_json(
        self, url: str, params: Params | None = None, *, what: str, check: Check | None = None
    ) -> Any:
        """GET and decode JSON; `what` names the call in errors ("VK wall.get owner_id=-1")."""
        return self.request_json("GET", url, params=params, what=what, check=check)

    def request_json(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        data: Params | None = None,
        what: str,
        check: Check | None = None,
    ) -> Any:
        """One call with retries: network errors, 5xx and 429 back off and try again (honouring
        Retry-After); other statuses go to `check` with the decoded body."""

        def decoded(response: httpx.Response) -> Any:
            body = decode_json(response, what)
            if check is not None:
                check(response, body)
            return body

        def send() -> httpx.Response:
            return self._client.request(method, url, params=_clean(params), data=_clean(data))

        return self._retrying(send, what, decoded)

    def get(
        self, url: str, *, headers: Mapping[str, str] | None = None, what: str
    ) -> httpx.Response:
        """GET with the same retries, answering the raw response (feeds, 304 Not Modified)."""
        return self._retrying(
            lambda: self._client.get(url, headers=dict(headers or {})), what, lambda r: r
        )

    def _retrying(
        self,
        send: Callable[[], httpx.Response],
        what: str,
        accept: Callable[[httpx.Response], _T],
    ) -> _T:
        """`send` until `accept` takes the answer: network errors, 5xx, 429 and a RateLimited
        raised by `accept` wait (Retry-After first, else backoff) and try again."""
        for attempt in range(self.retries + 1):
            try:
                response = send()
            except httpx.TransportError as exc:
                self._wait(attempt, None, f"{what}: {type(exc).__name__} ({exc})", limited=False)
                continue
            if response.status_code == 429 or response.status_code >= 500:
                reason = f"{what}: HTTP {response.status_code}"
                limited = response.status_code == 429
                self._wait(attempt, retry_after(response), reason, limited=limited)
                continue
            try:
                return accept(response)
            except RateLimited as slow_down:
                self._wait(attempt, slow_down.wait, f"{what}: {slow_down}", limited=True)
        raise AssertionError("unreachable: _wait raises on the last attempt")

    def _wait(self, attempt: int, asked: float | None, reason: str, *, limited: bool) -> None:
        """Sleep before the next attempt, or raise SourceError when there is none or the
        platform asked for a wait too long to sit through."""
        delay = asked if asked is not None else self._backoff(attempt)
        if attempt >= self.retries or delay > MAX_INLINE_WAIT:
            # Rate-limited without a stated wait: not sooner than a minute; else the schedule.
            later = (
                asked if asked is not None else (max(delay, MAX_INLINE_WAIT) if limited else None)
            )
            tries = f" (after {attempt + 1} attempts)" if attempt else ""
            raise SourceError(f"{reason}{tries}", retry_after=later)
        self.sleep(delay)

    def _backoff(self, attempt: int) -> float:
        # Exponential with jitter, so several workers hitting one platform do not retry in step.
        return self.backoff * (2.0**attempt) * (0.5 + random.random() / 2)


def decode_json(response: httpx.Response, what: str) -> Any:
    """The JSON body, or SourceError with the status and the start of what came instead."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        start = response.content[:60].decode("utf-8", "replace").strip()
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise SourceError(
            f"{what}: HTTP {response.status_code} answered {kind}, not JSON ({start!r}…)"
        ) from None


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), None if absent or bad."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _clean(params: Params | None) -> dict[str, str | int | float] | None:
    if params is None:
        return None
    return {key: value for key, value in params.items() if value is not None}
