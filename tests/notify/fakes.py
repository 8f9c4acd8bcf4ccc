"""Real local stand-ins for the outside world: a Telegram Bot API server and an SMTP server.

Both listen on 127.0.0.1 in a thread and record what they were sent; the Bot API can be told
to answer a chat with 429 (retry after N seconds) or 403 (the bot is blocked).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller


@dataclass
class FakeBotApi:
    """Answers /bot<TOKEN>/sendMessage (and getMe) like the Bot API; records each message."""

    token: str = "123456:TEST-token"
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # chat ids answered with 403
    rate_limited: dict[str, int] = field(default_factory=dict)  # chat id → retry_after
    url: str = ""

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls.append(method)
        if method == "getMe":
            user = {"id": 1, "is_bot": True, "first_name": "Halyq", "username": "halyq_bot"}
            return 200, {"ok": True, "result": user}
        if method != "sendMessage":
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        chat = str(params.get("chat_id"))
        if chat in self.blocked:
            return 403, {"ok": False, "error_code": 403,
                         "description": "Forbidden: bot was blocked by the user"}  # fmt: skip
        if chat in self.rate_limited:
            wait = self.rate_limited[chat]
            return 429, {"ok": False, "error_code": 429,
                         "description": f"Too Many Requests: retry after {wait}",
                         "parameters": {"retry_after": wait}}  # fmt: skip
        self.sent.append({"chat_id": chat, "text": params.get("text")})
        message = {
            "message_id": len(self.sent),
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "private"},
            "text": params.get("text"),
        }
        return 200, {"ok": True, "result": message}


@contextmanager
def running_bot_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            prefix = f"/bot{fake.token}/"
            if not self.path.startswith(prefix):
                self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            status, answer = fake.answer(self.path[len(prefix) :], _params(self.headers, body))
            self._reply(status, answer)

        def _reply(self, status: int, answer: dict[str, Any]) -> None:
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def _params(headers: Any, body: bytes) -> dict[str, Any]:
    kind = headers.get("Content-Type", "")
    if kind.startswith("application/json"):
        return dict(json.loads(body or b"{}"))
    if kind.startswith("multipart/form-data"):
        message = message_from_bytes(
            b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body, policy=policy.HTTP
        )
        return {
            part.get_param("name", header="content-disposition"): part.get_content()
            for part in message.iter_parts()
        }
    return {key: values[0] for key, values in parse_qs(body.decode()).items()}


@dataclass
class FakeMailbox:
    """What the local SMTP server received: one parsed message per recipient list."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # addresses answered with 550
    port: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


@contextmanager
def running_smtp() -> Iterator[FakeMailbox]:
    mailbox = FakeMailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        mailbox.port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
