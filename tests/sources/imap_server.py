"""A small IMAP4rev1 server for tests, in a thread: what Halyq's mailbox client sends, no more.

No maintained pure-Python IMAP server fits a test: pymap's last release is from 2024 and
pulls its own SASL and proxy stacks. This one answers CAPABILITY, NOOP, STARTTLS, LOGIN,
SELECT/EXAMINE (with UIDVALIDITY), UID SEARCH, UID FETCH (BODY[] / BODY.PEEK[], UID, FLAGS,
RFC822.SIZE) and LOGOUT, over plain TCP, STARTTLS or implicit TLS. Like real servers, "UID n:*"
with n above the highest UID still matches the highest message (RFC 3501, 6.4.8).
"""

from __future__ import annotations

import re
import socketserver
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Folder:
    uidvalidity: int
    messages: list[tuple[int, bytes]] = field(default_factory=list)  # (uid, RFC 822 bytes)

    def add(self, raw: bytes) -> int:
        uid = (self.messages[-1][0] if self.messages else 0) + 1
        self.messages.append((uid, raw))
        return uid


@dataclass
class MailStore:
    users: dict[str, str]
    folders: dict[str, Folder]
    commands: list[str] = field(default_factory=list)  # every command line received, in order
    tls: ssl.SSLContext | None = None  # for STARTTLS and implicit TLS
    implicit_tls: bool = False


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, store: MailStore) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.store = store


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def setup(self) -> None:
        if self.server.store.implicit_tls and self.server.store.tls:
            self.request = self.server.store.tls.wrap_socket(self.request, server_side=True)
        super().setup()
        self.folder: Folder | None = None
        self.user: str | None = None

    def handle(self) -> None:
        self.send(b"* OK [CAPABILITY IMAP4rev1] Halyq test IMAP ready")
        while line := self.rfile.readline():
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            self.server.store.commands.append(re.sub(r"(?i)^(\S+ LOGIN \S+) .*", r"\1 ***", text))
            tag, _, rest = text.partition(" ")
            command, _, args = rest.partition(" ")
            if not self.answer(tag, command.upper(), args):
                return

    def answer(self, tag: str, command: str, args: str) -> bool:
        if command == "LOGOUT":
            self.send(b"* BYE logging out")
            self.ok(tag, "LOGOUT completed")
            return False
        if command == "CAPABILITY":
            starttls = " STARTTLS" if self.server.store.tls else ""
            self.send(f"* CAPABILITY IMAP4rev1{starttls} AUTH=PLAIN".encode())
            self.ok(tag, "CAPABILITY completed")
        elif command == "NOOP":
            self.ok(tag, "NOOP completed")
        elif command == "STARTTLS" and self.server.store.tls:
            self.ok(tag, "begin TLS")
            self.request = self.server.store.tls.wrap_socket(self.request, server_side=True)
            self.rfile = self.request.makefile("rb")
            self.wfile = self.request.makefile("wb", buffering=0)
        elif command == "LOGIN":
            self.login(tag, args)
        elif command in ("SELECT", "EXAMINE") and self.user:
            self.select(tag, command, args)
        elif command == "UID" and self.folder is not None:
            self.uid(tag, args)
        else:
            self.send(f"{tag} BAD {command} not understood here".encode())
        return True

    def login(self, tag: str, args: str) -> None:
        words = [w.replace('\\"', '"').replace("\\\\", "\\") for w in _words(args)]
        if len(words) == 2 and self.server.store.users.get(words[0]) == words[1]:
            self.user = words[0]
            self.ok(tag, "LOGIN completed")
        else:
            self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials".encode())

    def select(self, tag: str, command: str, args: str) -> None:
        name = _words(args)[0]
        folder = self.server.store.folders.get(name)
        if folder is None:
            self.send(f"{tag} NO [NONEXISTENT] no mailbox {name}".encode())
            return
        self.folder = folder
        uidnext = (folder.messages[-1][0] if folder.messages else 0) + 1
        for line in (
            f"* {len(folder.messages)} EXISTS",
            "* 0 RECENT",
            "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)",
            f"* OK [UIDVALIDITY {folder.uidvalidity}] UIDs valid",
            f"* OK [UIDNEXT {uidnext}] predicted next UID",
        ):
            self.send(line.encode())
        mode = "READ-ONLY" if command == "EXAMINE" else "READ-WRITE"
        self.ok(tag, f"[{mode}] {command} completed")

    def uid(self, tag: str, args: str) -> None:
        assert self.folder is not None
        sub, _, rest = args.partition(" ")
        if sub.upper() == "SEARCH":
            criteria = re.sub(r"(?i)^CHARSET \S+ ", "", rest)
            match = re.fullmatch(r"(?i)(?:UID )?(\S+)", criteria.strip())
            wanted = _matching(self.folder, match.group(1) if match else "")
            self.send(("* SEARCH " + " ".join(str(uid) for uid, _ in wanted)).rstrip().encode())
            self.ok(tag, "UID SEARCH completed")
        elif sub.upper() == "FETCH":
            uid_set, _, _items = rest.partition(" ")
            for uid, raw in _matching(self.folder, uid_set):
                number = [u for u, _ in self.folder.messages].index(uid) + 1
                head = f"* {number} FETCH (UID {uid} FLAGS () RFC822.SIZE {len(raw)} BODY[] "
                self.wfile.write(head.encode() + b"{%d}\r\n" % len(raw) + raw + b")\r\n")
            self.ok(tag, "UID FETCH completed")
        else:
            self.send(f"{tag} BAD UID {sub} not supported".encode())

    def send(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def ok(self, tag: str, text: str) -> None:
        self.send(f"{tag} OK {text}".encode())


def _words(args: str) -> list[str]:
    return [q or a for q, a in re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', args)]


def _matching(folder: Folder, uid_set: str) -> list[tuple[int, bytes]]:
    """Messages whose UID is in an IMAP set like "3", "1:*", "4,7,9" or "5:2"."""
    highest = folder.messages[-1][0] if folder.messages else 0
    wanted: set[int] = set()
    for part in filter(None, uid_set.split(",")):
        low, _, high = part.partition(":")
        first = highest if low == "*" else int(low)
        last = first if not high else highest if high == "*" else int(high)
        wanted.update(range(min(first, last), max(first, last) + 1))
    return [(uid, raw) for uid, raw in folder.messages if uid in wanted]


@contextmanager
def serving(store: MailStore) -> Iterator[int]:
    """Serve `store` on a free local port for the duration of the block; yields the port."""
    server = _Server(store)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
