"""The appeals mailbox against a real IMAP server on a local port (tests/sources/imap_server.py)."""

from __future__ import annotations

import base64
import socket
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.sources.connector import Batch, SourceError
from halyq.sources.imap import ImapMailbox, html_to_text, imap_source
from halyq.sources.registry import add_source
from halyq.sources.runner import run_source
from halyq.sources.store import store_post
from tests.sources.imap_server import Folder, MailStore, serving

USER, PASSWORD = "otinish@kyzylorda.example", 'pa55 "word"'


def utf8_qp() -> bytes:
    message = EmailMessage()
    message["From"] = "Айгүл Сейітова <Aigul.S@mail.example>"
    message["To"] = USER
    message["Subject"] = "Су жоқ"
    message["Date"] = "Tue, 03 Nov 2026 09:15:00 +0500"
    message["Message-ID"] = "<m1@mail.example>"
    message.set_content("Абай даңғылы 12, екі күннен бері суық су жоқ.\n", cte="quoted-printable")
    return message.as_bytes()


def cp1251_with_attachment() -> bytes:
    body = "Прошу отремонтировать освещение на ул. Айтеке би, 25. Фото во вложении.".encode(
        "cp1251"
    )
    return (
        b"From: =?windows-1251?B?yOLg7SDP5fLw7uI=?= <ivan@mail.example>\r\n"
        b"To: " + USER.encode() + b"\r\n"
        b"Subject: =?windows-1251?B?zvHi5fnl7ejl?=\r\n"
        b"Date: Wed, 04 Nov 2026 08:00:00 +0500\r\n"
        b"Message-ID: <m2@mail.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\n"
        b"Content-Type: text/plain; charset=windows-1251\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + _base64(body) + b"\r\n--b1\r\n"
        b"Content-Type: image/jpeg\r\n"
        b"Content-Disposition: attachment; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE.jpg\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD\r\n"
        b"--b1--\r\n"
    )


def html_only() -> bytes:
    return (
        b"From: resident@mail.example\r\n"
        b"Subject: =?utf-8?B?0K/QvNCwINC90LAg0LTQvtGA0L7Qs9C1?=\r\n"
        b"Date: Thu, 05 Nov 2026 10:00:00 +0500\r\n"
        b"Message-ID: <m3@mail.example>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        + "<html><head><style>p{color:red}</style></head><body><p>Яма на дороге,</p>"
        "<p>ул. Жібек жолы&nbsp;5</p><script>alert(1)</script></body></html>".encode()
    )


def reply() -> bytes:
    message = EmailMessage()
    message["From"] = "aigul.s@mail.example"
    message["Subject"] = "Re: Су жоқ"
    message["Date"] = "Fri, 06 Nov 2026 11:00:00 +0500"
    message["Message-ID"] = "<m4@mail.example>"
    message["In-Reply-To"] = "<reply-from-akimat@kyzylorda.example>"
    message["References"] = "<m1@mail.example> <reply-from-akimat@kyzylorda.example>"
    message.set_content("Рахмет, су келді.", cte="base64")
    return message.as_bytes()


def broken() -> bytes:
    # A declared charset nobody knows, no Date, no Message-ID.
    return (
        b"From: someone@mail.example\r\n"
        b"Subject: Jaryq joq\r\n"
        b"Content-Type: text/plain; charset=x-kazakh-unknown\r\n\r\n"
        b"Korshide jaryq joq \xd0\xb6\xd0\xbe\xd2\x9b\r\n"
    )


def undeclared_cp1251() -> bytes:
    return (
        b"From: old-outlook@mail.example\r\n"
        b"Subject: test\r\n"
        b"Message-ID: <m6@mail.example>\r\n"
        b"Date: Sat, 07 Nov 2026 12:00:00 +0500\r\n\r\n" + "Нет света".encode("cp1251") + b"\r\n"
    )


def empty() -> bytes:
    return b"From: nobody@mail.example\r\nMessage-ID: <m7@mail.example>\r\n\r\n   \r\n"


def _base64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


MESSAGES = [utf8_qp, cp1251_with_attachment, html_only, reply, broken, undeclared_cp1251, empty]


@pytest.fixture
def store() -> MailStore:
    inbox = Folder(uidvalidity=1_700_000_000)
    for make in MESSAGES:
        inbox.add(make())
    return MailStore(users={USER: PASSWORD}, folders={"INBOX": inbox})


@pytest.fixture
def port(store: MailStore) -> Iterator[int]:
    with serving(store) as number:
        yield number


def mailbox(port: int, **options: Any) -> ImapMailbox:
    options.setdefault("security", "none")
    options.setdefault("password", PASSWORD)
    return ImapMailbox(host="127.0.0.1", port=port, username=USER, mailbox="otinish", **options)


def fetch(box: ImapMailbox, cursor: dict[str, Any] | None = None) -> list[Batch]:
    return list(box.fetch(cursor or {}))


def by_id(batches: list[Batch]) -> dict[str, Any]:
    return {post.external_id: post for batch in batches for post in batch.posts}


def test_each_message_becomes_a_post_with_subject_and_text(port: int) -> None:
    posts = by_id(fetch(mailbox(port)))
    first = posts["m1@mail.example"]
    assert first.source == "email:otinish"
    assert first.text == "Су жоқ\n\nАбай даңғылы 12, екі күннен бері суық су жоқ."
    assert first.author == "aigul.s@mail.example"  # the address only, lower-cased
    assert first.created_at is not None and first.created_at.isoformat() == (
        "2026-11-03T09:15:00+05:00"
    )
    assert first.raw["uid"] == 1 and first.raw["uidvalidity"] == 1_700_000_000


def test_cp1251_base64_and_attachments_by_name_only(port: int) -> None:
    post = by_id(fetch(mailbox(port)))["m2@mail.example"]
    assert post.text.startswith("Освещение\n\nПрошу отремонтировать освещение на ул. Айтеке би")
    assert post.raw["attachments"] == ["фото.jpg"]
    assert "/9j/" not in repr(post.raw)  # the file itself is never kept
    assert post.raw["notes"] == []


def test_html_only_mail_is_read_as_text_without_scripts(port: int) -> None:
    post = by_id(fetch(mailbox(port)))["m3@mail.example"]
    assert post.text == "Яма на дороге\n\nЯма на дороге,\nул. Жібек жолы 5"
    assert post.raw["body_from"] == "text/html"
    assert html_to_text("<p>a<script>x()</script></p><style>p{}</style>") == "a"


def test_replies_are_threaded_to_the_parent_message_id(port: int) -> None:
    post = by_id(fetch(mailbox(port)))["m4@mail.example"]
    assert post.reply_to == "reply-from-akimat@kyzylorda.example"
    assert post.raw["references"] == ["m1@mail.example", "reply-from-akimat@kyzylorda.example"]


def test_bad_charsets_are_decoded_with_a_note_and_nothing_else_is_lost(port: int) -> None:
    batches = fetch(mailbox(port))
    posts = by_id(batches)
    assert len(posts) == 6
    odd = next(p for p in posts.values() if p.raw["message_id"] is None)
    assert odd.external_id.startswith("sha256:") and odd.created_at is None
    assert odd.text == "Jaryq joq\n\nKorshide jaryq joq жоқ"
    assert odd.raw["notes"] == [
        "unknown charset 'x-kazakh-unknown': decoded as UTF-8 with replacements",
        "no Date header: the time of receipt is used",
    ]
    guessed = posts["m6@mail.example"]
    assert guessed.text == "test\n\nНет света"
    assert guessed.raw["notes"] == ["no charset declared and not UTF-8: decoded as CP1251"]
    assert [r for b in batches for r in b.rejected] == [
        f"IMAP 127.0.0.1:{port} INBOX UID 7: Message-ID <m7@mail.example>: no subject and no text"
    ]


def test_the_mailbox_is_only_read_never_marked(port: int, store: MailStore) -> None:
    fetch(mailbox(port))
    commands = [c.split(" ", 1)[1] for c in store.commands]
    assert any(c.startswith('EXAMINE "INBOX"') for c in commands)
    fetches = [c for c in commands if c.upper().startswith("UID FETCH")]
    assert fetches and all("BODY.PEEK[]" in c for c in fetches)
    assert not any(c.upper().startswith(("SELECT", "STORE", "UID STORE")) for c in commands)


def test_batches_resume_from_the_last_uid(port: int, store: MailStore) -> None:
    batches = fetch(mailbox(port, batch_size=3))
    assert [b.cursor["last_uid"] for b in batches] == [3, 6, 7]
    assert {b.cursor["uidvalidity"] for b in batches} == {1_700_000_000}
    # Nothing new: "UID 8:*" still matches UID 7 on a real server; it is not read again.
    assert fetch(mailbox(port), batches[-1].cursor) == []
    store.folders["INBOX"].add(reply().replace(b"m4@mail.example", b"m8@mail.example"))
    again = fetch(mailbox(port), batches[-1].cursor)
    assert list(by_id(again)) == ["m8@mail.example"]
    assert again[-1].cursor["last_uid"] == 8
    # Resuming from a middle batch reads only the rest.
    assert len(by_id(fetch(mailbox(port), batches[0].cursor))) == 4


def store_all(sessions: sessionmaker[Session], batches: list[Batch]) -> list[str]:
    with session_scope(sessions) as session:
        return [
            store_post(session, post, pseudonym_key="k" * 32)[0]
            for batch in batches
            for post in batch.posts
        ]


def test_a_new_uidvalidity_reads_again_and_stores_nothing_twice(
    port: int, store: MailStore, sessions: sessionmaker[Session]
) -> None:
    first = fetch(mailbox(port))
    assert store_all(sessions, first).count("added") == 6
    # The server rebuilt the folder: new UIDVALIDITY, the same messages under new UIDs.
    old = store.folders["INBOX"]
    rebuilt = Folder(uidvalidity=1_800_000_000)
    for _uid, raw in reversed(old.messages):
        rebuilt.add(raw)
    store.folders["INBOX"] = rebuilt
    second = fetch(mailbox(port), first[-1].cursor)
    assert len(by_id(second)) == 6 and second[-1].cursor["uidvalidity"] == 1_800_000_000
    assert set(store_all(sessions, second)) == {"unchanged"}
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 6
        reply_row = session.scalars(select(Post).where(Post.external_id == "m4@mail.example")).one()
        assert reply_row.author_name == "aigul.s@mail.example" and reply_row.author_hash


def test_a_refused_login_is_fatal_and_names_the_setting(port: int) -> None:
    with pytest.raises(SourceError, match="HALYQ_IMAP_PASSWORD") as raised:
        fetch(mailbox(port, password="wrong"))
    assert raised.value.fatal


def test_a_missing_folder_is_fatal(port: int) -> None:
    with pytest.raises(SourceError, match="Өтініштер") as raised:
        fetch(mailbox(port, folder="Өтініштер"))
    assert raised.value.fatal


def test_an_unreachable_server_is_a_retryable_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    with pytest.raises(SourceError, match=f"127.0.0.1:{free}.*cannot connect") as raised:
        fetch(mailbox(free))
    assert not raised.value.fatal


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def tls_store(store: MailStore, authority: trustme.CA, *, implicit: bool) -> MailStore:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    store.tls, store.implicit_tls = context, implicit
    return store


@pytest.mark.parametrize(("security", "implicit"), [("tls", True), ("starttls", False)])
def test_tls_and_starttls_with_the_configured_ca(
    store: MailStore, authority: trustme.CA, tmp_path: Path, security: str, implicit: bool
) -> None:
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    with serving(tls_store(store, authority, implicit=implicit)) as port:
        box = mailbox(port, security=security, ca_file=str(ca_file))
        assert len(by_id(fetch(box))) == 6
        assert box.check() == (
            f"imap {USER} at 127.0.0.1 INBOX: 7 messages (UIDVALIDITY 1700000000)"
        )
        # Without the CA the certificate is not trusted: an admin must act.
        with pytest.raises(SourceError, match="certificate") as raised:
            fetch(mailbox(port, security=security))
        assert raised.value.fatal
    if security == "starttls":
        assert any(c.endswith("STARTTLS") for c in store.commands)


def test_the_builder_checks_the_config_and_takes_the_password_from_settings(
    tmp_path: Path,
) -> None:
    config = {"host": "imap.example.kz", "username": USER, "security": "starttls"}
    box = imap_source(config, Settings(var_dir=tmp_path, imap_password="s3cret-mailbox"))
    assert (box.port, box.source, box.password) == (143, f"email:{USER}", "s3cret-mailbox")
    unset = imap_source(config, Settings(var_dir=tmp_path, imap_password=None))
    with pytest.raises(SourceError, match="HALYQ_IMAP_PASSWORD") as raised:
        fetch(unset)
    assert raised.value.fatal
    for bad, field in [({"username": USER}, "host"), ({**config, "security": "ssl3"}, "security"),
                       ({**config, "password": "x"}, "password")]:  # fmt: skip
        with pytest.raises(ValueError, match=f"imap config: {field}"):
            imap_source(bad, Settings(var_dir=tmp_path))


def test_the_runner_stores_the_mailbox_once(
    port: int, sessions: sessionmaker[Session], db_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=db_url, var_dir=tmp_path, imap_password=PASSWORD)
    config = {"host": "127.0.0.1", "port": port, "security": "none", "username": USER}
    with session_scope(sessions) as session:
        add_source(session, settings, name="otinish", kind="imap", config=config)
    first = run_source(sessions, "otinish", settings)
    second = run_source(sessions, "otinish", settings)
    assert (first.error, first.added, first.rejected) == (None, 6, 1)
    assert (second.error, second.added, second.rejected) == (None, 0, 0)
    with session_scope(sessions) as session:
        sources = session.scalars(select(Post.source).distinct()).all()
    assert sources == [f"email:{USER}"]
