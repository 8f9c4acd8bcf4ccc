"""The appeals mailbox over IMAP: each new message becomes a post of source `email:<mailbox>`.

The cursor is the folder's UIDVALIDITY and the last UID stored. When the server changes
UIDVALIDITY (the folder was rebuilt, the server migrated), the old UIDs mean nothing: the run
starts again from the first message and relies on idempotent storage, because a post's id is
the message's Message-ID (or, for a message without one, a digest of its sender, date, subject
and text), never its UID.

Messages are read with BODY.PEEK[] on a folder opened read-only (EXAMINE), so Halyq never marks
an appeal as read in the mailbox the office works from. Attachments are listed by name in
`raw`; their content is never stored.
"""

from __future__ import annotations

import hashlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Any, Literal

from bs4 import BeautifulSoup
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import (
    MailboxFolderSelectError,
    MailboxLoginError,
    UnexpectedCommandStatusError,
)
from imap_tools.mailbox import BaseMailBox
from pydantic import BaseModel, ConfigDict, Field

from halyq.config import Settings
from halyq.sources.connector import Batch, SourceError
from halyq.sources.connectors.common import parse_config
from halyq.sources.records import MAX_TEXT_CHARS, PostIn

log = logging.getLogger(__name__)

SECURITY = {"tls": 993, "starttls": 143, "none": 143}  # → the protocol's default port
DEFAULT_BATCH = 50
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


class ImapMailbox:
    """The `imap` source kind: one folder of one mailbox."""

    kind = "imap"

    def __init__(
        self,
        *,
        host: str,
        username: str,
        password: str | None,
        port: int | None = None,
        security: str = "tls",
        folder: str = "INBOX",
        mailbox: str | None = None,
        batch_size: int = DEFAULT_BATCH,
        ca_file: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        if security not in SECURITY:
            raise SourceError(
                f"imap 'security' must be one of {sorted(SECURITY)}, not {security!r}", fatal=True
            )
        self.host, self.username, self.password = host, username, password
        self.port = port or SECURITY[security]
        self.security, self.folder, self.timeout = security, folder, timeout
        self.batch_size, self.ca_file = batch_size, ca_file
        self.source = f"email:{mailbox or username}"

    def check(self) -> str:
        """'imap appeals@… at imap.example.kz INBOX: 12 messages (UIDVALIDITY 1700000000)'."""
        with self._session() as box:
            validity = self._select(box)
            count = len(self._uids(box, 0))
        return (
            f"imap {self.username} at {self.host} {self.folder}: {count} messages "
            f"(UIDVALIDITY {validity})"
        )

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        """Batches of new messages, oldest UID first; cursor {"uidvalidity", "last_uid"}."""
        with self._session() as box:
            validity = self._select(box)
            last_uid = int(cursor.get("last_uid", 0))
            if cursor.get("uidvalidity") not in (None, validity):
                log.warning(
                    "%s: UIDVALIDITY changed from %s to %s; reading the folder again "
                    "(stored messages are kept once by Message-ID)",
                    self.source,
                    cursor.get("uidvalidity"),
                    validity,
                )
                last_uid = 0
            uids = self._uids(box, last_uid)
            for start in range(0, len(uids), self.batch_size):
                chunk = uids[start : start + self.batch_size]
                yield self._batch(box, chunk, validity)

    def _batch(self, box: BaseMailBox, uids: list[int], validity: int) -> Batch:
        batch = Batch(source=self.source, cursor={"uidvalidity": validity, "last_uid": uids[-1]})
        try:
            fetched = {
                int(message.uid or 0): message.obj
                for message in box.fetch(
                    uid_list=[str(u) for u in uids], mark_seen=False, bulk=True
                )
            }
        except (OSError, imaplib.IMAP4.error, UnexpectedCommandStatusError) as exc:
            raise SourceError(
                f"{self._where()}: fetching UIDs {uids[0]}–{uids[-1]} failed: {exc}"
            ) from exc
        for uid in uids:
            message = fetched.get(uid)
            if message is None:
                batch.rejected.append(f"{self._where()} UID {uid}: the server sent no message")
                continue
            try:
                batch.posts.append(
                    post_from_email(message, source=self.source, uid=uid, validity=validity)
                )
            except ValueError as exc:
                batch.rejected.append(f"{self._where()} UID {uid}: {exc}")
            except (LookupError, TypeError, AttributeError) as exc:  # mail too broken to parse
                batch.rejected.append(
                    f"{self._where()} UID {uid}: cannot be read ({type(exc).__name__}: {exc})"
                )
        return batch

    def _uids(self, box: BaseMailBox, after: int) -> list[int]:
        try:
            found = box.uids(f"UID {after + 1}:*", charset=None)
        except (OSError, imaplib.IMAP4.error, UnexpectedCommandStatusError) as exc:
            raise SourceError(f"{self._where()}: UID SEARCH failed: {exc}") from exc
        # "UID n:*" also matches the highest message when n is above every UID (RFC 3501).
        return sorted(uid for uid in map(int, found) if uid > after)

    def _select(self, box: BaseMailBox) -> int:
        try:
            box.folder.set(self.folder, readonly=True)
        except MailboxFolderSelectError as exc:
            raise SourceError(
                f"{self._where()}: cannot open the folder: {exc}", fatal=True
            ) from exc
        _typ, data = box.client.response("UIDVALIDITY")
        if not data or data[0] is None:
            raise SourceError(f"{self._where()}: the server sent no UIDVALIDITY", fatal=True)
        return int(data[0])

    @contextmanager
    def _session(self) -> Iterator[BaseMailBox]:
        if self.password is None:
            raise SourceError(
                "imap: HALYQ_IMAP_PASSWORD is not set; an admin must add it", fatal=True
            )
        try:
            box = self._connect()
            box.login(self.username, self.password, initial_folder=None)
        except MailboxLoginError as exc:
            raise SourceError(
                f"{self._where()}: the server refused the login for {self.username}; check "
                "HALYQ_IMAP_PASSWORD",
                fatal=True,
            ) from exc
        except ssl.SSLCertVerificationError as exc:
            raise SourceError(
                f"{self._where()}: TLS certificate not trusted: {exc}", fatal=True
            ) from exc
        except (OSError, imaplib.IMAP4.error, UnexpectedCommandStatusError) as exc:
            raise SourceError(f"{self._where()}: cannot connect: {exc!r}") from exc
        try:
            yield box
        finally:
            try:
                box.logout()
            except (OSError, imaplib.IMAP4.error, UnexpectedCommandStatusError):
                log.debug("%s: logout failed", self._where(), exc_info=True)

    def _connect(self) -> BaseMailBox:
        if self.security == "none":
            return MailBoxUnencrypted(self.host, self.port, timeout=self.timeout)
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.security == "starttls":
            return MailBoxStartTls(self.host, self.port, timeout=self.timeout, ssl_context=context)
        return MailBox(self.host, self.port, timeout=self.timeout, ssl_context=context)

    def _where(self) -> str:
        return f"IMAP {self.host}:{self.port} {self.folder}"


def post_from_email(message: Message, *, source: str, uid: int, validity: int) -> PostIn:
    """One e-mail as a post: subject and text, the sender's address as author, threaded by
    In-Reply-To/References. Raises ValueError (naming the Message-ID) for a message with no
    text at all or a text over the limit."""
    notes: list[str] = []
    subject = _header(message, "Subject", notes)
    body, attachments, body_from = _body(message, notes)
    text = "\n\n".join(part for part in (subject, body) if part)
    message_id = _message_ids(message.get("Message-ID"))[:1]
    sender = parseaddr(_header(message, "From", notes))[1].lower() or None
    where = f"Message-ID <{message_id[0]}>" if message_id else "a message without Message-ID"
    if not text:
        raise ValueError(f"{where}: no subject and no text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"{where}: text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )
    created_at = _date(message, notes)
    external_id = message_id[0] if message_id else _digest(sender, created_at, text)
    raw = {
        "uid": uid,
        "uidvalidity": validity,
        "message_id": message_id[0] if message_id else None,
        "from": sender,
        "to": [address for _name, address in getaddresses(message.get_all("To", []))],
        "subject": subject,
        "date": message.get("Date"),
        "in_reply_to": _message_ids(message.get("In-Reply-To")),
        "references": _message_ids(message.get("References")),
        "attachments": attachments,
        "body_from": body_from,
        "notes": notes,
    }
    return PostIn(
        source=source,
        external_id=external_id[:255],
        text=text,
        created_at=created_at,
        author=sender,
        reply_to=_parent(message),
        raw=raw,
    )


def _parent(message: Message) -> str | None:
    """The Message-ID replied to: In-Reply-To, else the last of References."""
    parents = (
        _message_ids(message.get("In-Reply-To")) or _message_ids(message.get("References"))[-1:]
    )
    return parents[0][:255] if parents else None


def _message_ids(value: Any) -> list[str]:
    return MESSAGE_ID.findall(str(value)) if value else []


def _header(message: Message, name: str, notes: list[str]) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except (LookupError, UnicodeError, ValueError) as exc:
        notes.append(f"{name}: undecodable encoded words ({exc}); kept as sent")
        return " ".join(str(value).split())


def _date(message: Message, notes: list[str]) -> datetime | None:
    value = message.get("Date")
    if not value:
        notes.append("no Date header: the time of receipt is used")
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        notes.append(
            f"Date header not understood ({str(value)[:60]!r}): the time of receipt is used"
        )
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _body(message: Message, notes: list[str]) -> tuple[str, list[str], str | None]:
    """(text, attachment names, "text/plain" | "text/html" | None)."""
    plain: str | None = None
    html: str | None = None
    attachments: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name or part.get_content_disposition() == "attachment":
            attachments.append(_decoded_name(name) if name else "(no name)")
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _decoded_text(part, notes)
        elif kind == "text/html" and html is None:
            html = _decoded_text(part, notes)
    if plain is not None and plain.strip():
        return plain.strip(), attachments, "text/plain"
    if html is not None:
        return html_to_text(html), attachments, "text/html"
    return "", attachments, None


def _decoded_name(name: str) -> str:
    try:
        return str(make_header(decode_header(name)))
    except (LookupError, UnicodeError, ValueError):
        return name


def _decoded_text(part: Message, notes: list[str]) -> str:
    """The part's text in its declared charset; without one, UTF-8 or else CP1251. What cannot
    be decoded is replaced (U+FFFD) and a note says so."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    declared = part.get_content_charset()
    if declared:
        try:
            return data.decode(declared)
        except LookupError:
            notes.append(f"unknown charset {declared!r}: decoded as UTF-8 with replacements")
            return data.decode("utf-8", "replace")
        except UnicodeDecodeError as exc:
            notes.append(
                f"text is not valid {declared} (byte {exc.start}): decoded with replacements"
            )
            return data.decode(declared, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append("no charset declared and not UTF-8: decoded as CP1251")
        return data.decode("cp1251", "replace")


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, one block a line; scripts and styles dropped."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "head", "title"]):
        hidden.decompose()
    lines = (" ".join(line.split()) for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def _digest(sender: str | None, created_at: datetime | None, text: str) -> str:
    # Stable across UIDVALIDITY changes, unlike a UID: the same message gives the same id.
    material = f"{sender}\x00{created_at.isoformat() if created_at else ''}\x00{text}"
    return "sha256:" + hashlib.sha256(material.encode()).hexdigest()[:40]


class ImapConfig(BaseModel):
    """An `imap` source's config; the password is HALYQ_IMAP_PASSWORD, never stored here."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field(min_length=1)
    username: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    security: Literal["tls", "starttls", "none"] = "tls"
    folder: str = "INBOX"
    mailbox: str | None = Field(None, description="The name in `email:<mailbox>`.")
    ca_file: str | None = Field(None, description="CA bundle for a server with its own CA.")
    batch_size: int = Field(DEFAULT_BATCH, ge=1, le=500)


def imap_source(config: dict[str, Any], settings: Settings) -> ImapMailbox:
    """The registry's builder: the mailbox from the source's config (ValueError names a bad
    field); the password from HALYQ_IMAP_PASSWORD, checked when the source runs."""
    parsed = parse_config(ImapConfig, "imap", config)
    password = settings.imap_password.get_secret_value() if settings.imap_password else None
    return ImapMailbox(**parsed.model_dump(), password=password or None)
