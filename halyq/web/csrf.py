"""CSRF protection: every unsafe request must carry the token kept in the signed session.

Forms send it in a hidden `csrf_token` field; JSON clients in an `X-CSRF-Token` header (they
read it from GET /api/v1/me). SameSite=Lax cookies already stop most cross-site posts; the
token also covers old browsers and same-site attackers. Checked before routing, so no route
can forget it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import MutableMapping
from typing import Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = b"x-csrf-token"
FORM_TYPES = (b"application/x-www-form-urlencoded", b"multipart/form-data")
MULTIPART = b"multipart/form-data"
# A login or filter form is a few hundred bytes; refuse to buffer megabytes to find a token.
# An upload (multipart) is read only up to its token part, which our forms put first, and
# then streamed on untouched: a 20 MB document is never held here.
MAX_FORM_BYTES = 1_000_000
# Clients that prove who they are with a key in the request, never a cookie (Open311's
# api_key): a forged cross-site request has no key, so there is nothing for it to ride on.
KEY_AUTH_PREFIXES = ("/open311/",)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's token, created on first use."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def token_matches(session: MutableMapping[str, Any], supplied: str | None) -> bool:
    expected = session.get(SESSION_KEY)
    if not isinstance(expected, str) or not supplied:
        return False
    return secrets.compare_digest(expected.encode(), supplied.encode())


class CSRFMiddleware:
    """Answers 403 to POST/PUT/PATCH/DELETE without the session's token; must sit inside
    Starlette's SessionMiddleware (which fills scope["session"])."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(KEY_AUTH_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        supplied = headers.get(HEADER, b"").decode("latin-1") or None
        content_type = headers.get(b"content-type", b"")
        if supplied is None and content_type.startswith(MULTIPART):
            supplied, prefix, ended = await _multipart_token(content_type, receive)
            receive = _replay(prefix, then=None if ended else receive, more=not ended)
        elif supplied is None and content_type.startswith(FORM_TYPES):
            body = await _read_body(receive)
            if body is None:
                await _refuse(scope, send, 413, "form too large")
                return
            supplied = await _form_token(scope, body)
            receive = _replay(body, then=receive)
        if not token_matches(scope.get("session", {}), supplied):
            await _refuse(scope, send, 403, "CSRF token missing or wrong; reload the page")
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _multipart_token(content_type: bytes, receive: Receive) -> tuple[str | None, bytes, bool]:
    """Read a multipart body only as far as its csrf_token part (at most MAX_FORM_BYTES).

    Returns the token (None if absent, malformed or too far in), the bytes read, and whether
    they were the whole body. Parsed with python-multipart's streaming parser, the same one
    Starlette uses for the route, so both read the form alike.
    """
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    found: dict[str, bytes] = {}
    state = {"field": b"", "name": b"", "data": b"", "header": b""}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        if state["header"].lower() == b"content-disposition":
            state["field"] += data[start:end]

    def on_header_end() -> None:
        if state["field"]:
            state["name"] = parse_options_header(state["field"])[1].get(b"name", b"")
        state["header"] = state["field"] = b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["name"] == FORM_FIELD.encode():
            state["data"] += data[start:end]

    def on_part_end() -> None:
        if state["name"] == FORM_FIELD.encode():
            found["token"] = state["data"]
        state["name"] = state["data"] = b""

    chunks: list[bytes] = []
    size, ended = 0, False
    if not boundary:
        return None, b"", False
    parser = MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    while "token" not in found and size <= MAX_FORM_BYTES:
        message = await receive()
        if message["type"] == "http.disconnect":
            ended = True
            break
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        try:
            parser.write(chunk)
        except MultipartParseError:  # a malformed body has no token either
            break
        if not message.get("more_body", False):
            ended = True
            break
    token = found.get("token")
    return (token.decode("utf-8", "replace") if token else None), b"".join(chunks), ended


def _replay(body: bytes, then: Receive | None = None, *, more: bool = False) -> Receive:
    """A receive() that hands the already-read body over once more, then waits on `then`
    (with `more`, the read part is followed by the rest of the stream from `then`)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


async def _form_token(scope: Scope, body: bytes) -> str | None:
    request = Request(scope, _replay(body))
    try:
        async with request.form() as form:
            value = form.get(FORM_FIELD)
    except (HTTPException, MultiPartException):  # a malformed form has no token either
        return None
    return value if isinstance(value, str) else None


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    if scope["path"].startswith("/api/"):
        body, media = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, media = message.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
