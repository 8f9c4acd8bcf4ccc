"""Telegram live against recorded Telethon objects: never the network, never a mock of Halyq.

`RecordedTelegram` stands in for TelegramClient. It keeps each message as the bytes Telegram
sends (TL serialisation) and answers with objects decoded from them by Telethon's own reader,
finished with Telethon's own `_finish_init`, as the real client does.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from telethon import errors, utils
from telethon._updates import EntityCache
from telethon.extensions import BinaryReader
from telethon.tl import types
from typer.testing import CliRunner

from halyq.cli import app
from halyq.config import Settings
from halyq.db.engine import session_scope
from halyq.db.models import Post
from halyq.sources import kinds
from halyq.sources.connector import Batch, SourceError
from halyq.sources.records import PostIn
from halyq.sources.registry import add_source
from halyq.sources.runner import run_source
from halyq.sources.store import store_post
from halyq.sources.telegram_export import read_export
from halyq.sources.telegram_live import TelegramLive, telegram_source
from halyq.sources.telegram_messages import post_from_message

START = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)
NEWS = types.Channel(
    id=1234567890,
    title="Қызылорда жаңалықтары",
    photo=types.ChatPhotoEmpty(),
    date=START,
    broadcast=True,
    access_hash=111,
    username="kyzylorda_news",
)
CHAT = types.Channel(
    id=1987654321,
    title="Қызылорда чаты",
    photo=types.ChatPhotoEmpty(),
    date=START,
    megagroup=True,
    access_hash=222,
    username="kzo_chat",
)
AIGUL = types.User(id=501, first_name="Айгүл", last_name="Сейітова", access_hash=1)
IVAN = types.User(id=502, first_name="Иван", access_hash=2)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def news_history() -> list[Any]:
    peer = types.PeerChannel(NEWS.id)
    return [
        types.MessageService(
            id=1, peer_id=peer, date=at(0), action=types.MessageActionChannelCreate("Жаңалықтар")
        ),
        types.Message(
            id=2,
            peer_id=peer,
            date=at(1),
            message="Абай даңғылында жөндеу жұмыстары басталды.",
            post=True,
            post_author="Баспасөз қызметі",
        ),
        types.Message(
            id=3, peer_id=peer, date=at(2), message="", post=True, media=_photo()
        ),  # a photo without caption: no post
        types.Message(
            id=4,
            peer_id=peer,
            date=at(3),
            message="Жарық сөнеді: Шұғыла шағын ауданы, 10:00–14:00",
            post=True,
            media=_photo(),
        ),
    ]


def chat_history() -> list[Any]:
    peer = types.PeerChannel(CHAT.id)
    return [
        types.Message(
            id=10,
            peer_id=peer,
            date=at(5),
            message="Суық су жоқ, Абай 12, екі күн болды!",
            from_id=types.PeerUser(AIGUL.id),
        ),
        types.Message(
            id=11,
            peer_id=peer,
            date=at(6),
            message="У нас тоже нет воды с утра",
            from_id=types.PeerUser(IVAN.id),
            reply_to=types.MessageReplyHeader(reply_to_msg_id=10),
            edit_date=at(7),
        ),
        types.Message(
            id=12,
            peer_id=peer,
            date=at(8),
            message="Акимат ответил: бригада выехала",
            from_id=types.PeerUser(IVAN.id),
            fwd_from=types.MessageFwdHeader(date=at(4), from_name="Әкімдік"),
        ),
        types.Message(
            id=13,
            peer_id=peer,
            date=at(9),
            message="",
            from_id=types.PeerUser(AIGUL.id),
            media=_document("audio/ogg", types.DocumentAttributeAudio(duration=4, voice=True)),
        ),  # a voice message: no text, no post
        types.Message(
            id=14,
            peer_id=peer,
            date=at(10),
            message="Өтініш көшірмесі",
            from_id=types.PeerUser(AIGUL.id),
            media=_document("application/pdf", types.DocumentAttributeFilename("otinish.pdf")),
        ),
    ]


def _photo() -> types.MessageMediaPhoto:
    return types.MessageMediaPhoto(photo=types.PhotoEmpty(id=77))


def _document(mime: str, attribute: Any) -> types.MessageMediaDocument:
    document = types.Document(
        id=88,
        access_hash=3,
        file_reference=b"",
        date=START,
        mime_type=mime,
        size=2048,
        dc_id=2,
        attributes=[attribute],
    )
    return types.MessageMediaDocument(document=document)


class RecordedTelegram:
    """Answers like TelegramClient from recorded chats; `fail` queues errors for next calls."""

    def __init__(self, chats: dict[int, tuple[Any, list[Any]]], *, authorized: bool = True):
        self.entities = {
            utils.get_peer_id(e): e for e in [AIGUL, IVAN] + [c for c, _ in chats.values()]
        }
        self.recorded = {chat.id: {m.id: bytes(m) for m in ms} for chat, ms in chats.values()}
        self.chats = {chat.id: chat for chat, _ in chats.values()}
        self.authorized = authorized
        self.fail: list[BaseException | None] = []  # None: this call succeeds
        self.calls: list[str] = []
        self._self_id = None
        self._mb_entity_cache = EntityCache()

    # -- what the tests change between runs
    def post(self, chat: Any, message: Any) -> None:
        self.recorded[chat.id][message.id] = bytes(message)

    def delete(self, chat: Any, message_id: int) -> None:
        del self.recorded[chat.id][message_id]

    # -- the TelegramClient methods the connector uses
    async def connect(self) -> None:
        self._maybe_fail("connect")

    async def is_user_authorized(self) -> bool:
        return self.authorized

    async def sign_in(self, *, bot_token: str) -> None:
        self.calls.append(f"sign_in {bot_token}")
        self.authorized = True

    async def disconnect(self) -> None:
        self.calls.append("disconnect")

    async def get_entity(self, chat: str | int) -> Any:
        self._maybe_fail("get_entity")
        for entity in self.chats.values():
            if chat in (entity.username, entity.id):
                return entity
        raise errors.UsernameNotOccupiedError(request=None)

    async def iter_messages(
        self, entity: Any, *, min_id: int, reverse: bool, limit: int
    ) -> AsyncIterator[Any]:
        self._maybe_fail("iter_messages")
        assert reverse, "the connector reads oldest first"
        ids = sorted(i for i in self.recorded[entity.id] if i > min_id)[:limit]
        for message_id in ids:
            yield self._answer(entity, message_id)

    async def get_messages(self, entity: Any, *, ids: list[int]) -> list[Any]:
        self._maybe_fail("get_messages")
        self.calls.append(f"get_messages {ids[0]}..{ids[-1]}")
        return [self._answer(entity, i) if i in self.recorded[entity.id] else None for i in ids]

    def _answer(self, entity: Any, message_id: int) -> Any:
        message = BinaryReader(self.recorded[entity.id][message_id]).tgread_object()
        message._finish_init(self, self.entities, None)
        return message

    def _maybe_fail(self, call: str) -> None:
        self.calls.append(call)
        error = self.fail.pop(0) if self.fail else None
        if error is not None:
            raise error


@pytest.fixture
def telegram() -> RecordedTelegram:
    return RecordedTelegram({1: (NEWS, news_history()), 2: (CHAT, chat_history())})


def connector(telegram: RecordedTelegram, **options: Any) -> TelegramLive:
    options.setdefault("chats", ["kyzylorda_news", "kzo_chat"])
    options.setdefault("pause", 0)
    return TelegramLive(client_factory=lambda: telegram, **options)


def run(source: TelegramLive, cursor: dict[str, Any] | None = None) -> list[Batch]:
    return list(source.fetch(cursor or {}))


def posts(batches: list[Batch]) -> list[Any]:
    return [post for batch in batches for post in batch.posts]


def test_first_run_maps_each_message_like_the_desktop_export(telegram: RecordedTelegram) -> None:
    batches = run(connector(telegram))
    got = {(p.source, p.external_id): p for p in posts(batches)}
    assert sorted(got) == [
        ("telegram:1234567890", "2"),
        ("telegram:1234567890", "4"),
        ("telegram:1987654321", "10"),
        ("telegram:1987654321", "11"),
        ("telegram:1987654321", "12"),
        ("telegram:1987654321", "14"),
    ]  # the service message, the bare photo and the voice message are not posts
    reply = got["telegram:1987654321", "11"]
    assert (reply.text, reply.author, reply.reply_to) == (
        "У нас тоже нет воды с утра",
        "Иван",
        "10",
    )
    assert reply.created_at == at(6) and reply.edited_at == at(7)
    assert reply.author_key == reply.raw["from_id"] == "user502"
    assert reply.raw["edited_unixtime"] == str(int(at(7).timestamp()))
    first = got["telegram:1987654321", "10"]
    assert first.author == "Айгүл Сейітова" and first.url == "https://t.me/kzo_chat/10"
    assert got["telegram:1987654321", "12"].raw["forwarded_from"] == "Әкімдік"
    assert got["telegram:1987654321", "14"].raw["file_name"] == "otinish.pdf"
    channel_post = got["telegram:1234567890", "2"]
    assert (channel_post.author, channel_post.raw["from_id"]) == (
        "Қызылорда жаңалықтары",
        "channel1234567890",
    )
    assert channel_post.raw["author"] == "Баспасөз қызметі"
    assert "photo" in got["telegram:1234567890", "4"].raw


def test_the_source_is_the_exports_bare_chat_id_not_telethons_marked_id() -> None:
    # Telethon's "marked" id of a channel is -100<id>; the Desktop export's result.json says
    # <id>. Both must name the same source, or an export and a live feed count twice.
    message = chat_history()[0]
    assert utils.get_peer_id(types.PeerChannel(CHAT.id)) == -1001987654321
    post = post_from_message(message, CHAT)
    assert post is not None and post.source == "telegram:1987654321"


def test_media_are_kept_as_kinds_and_names_like_the_export() -> None:
    def with_media(media: Any) -> dict[str, Any]:
        message = types.Message(
            id=20, peer_id=types.PeerChannel(CHAT.id), date=at(0), message="қараңыз", media=media
        )
        post = post_from_message(message, CHAT)
        assert post is not None
        return {k: v for k, v in post.raw.items() if k in ("photo", "media_type", "file_name")}

    voice = types.DocumentAttributeAudio(duration=3, voice=True)
    gif = [types.DocumentAttributeVideo(duration=1, w=1, h=1), types.DocumentAttributeAnimated()]
    assert with_media(_document("audio/ogg", voice)) == {"media_type": "voice_message"}
    assert with_media(_document("video/mp4", gif[0])) == {"media_type": "video_file"}
    animated = _document("video/mp4", gif[0])
    animated.document.attributes = gif
    assert with_media(animated) == {"media_type": "animation"}
    assert with_media(_photo()) == {"photo": "(not downloaded)"}
    assert with_media(types.MessageMediaGeo(geo=types.GeoPointEmpty())) == {
        "media_type": "location"
    }


def test_batches_carry_the_cursor_to_resume_from(telegram: RecordedTelegram) -> None:
    batches = run(connector(telegram, batch_size=2))
    news = [b for b in batches if b.source == "telegram:1234567890"]
    assert [[p.external_id for p in b.posts] for b in news] == [["2"], ["4"]]
    assert [b.cursor["chats"]["kyzylorda_news"]["last_id"] for b in news] == [2, 4]
    # Resuming from the first batch's cursor reads only what came after it.
    resumed = run(connector(telegram, batch_size=2, chats=["kyzylorda_news"]), news[0].cursor)
    assert [p.external_id for p in posts(resumed)] == ["4"]


def test_a_second_run_reads_only_new_messages(telegram: RecordedTelegram) -> None:
    first = run(connector(telegram))
    telegram.post(
        CHAT,
        types.Message(
            id=15,
            peer_id=types.PeerChannel(CHAT.id),
            date=at(20),
            message="Су келді, рахмет!",
            from_id=types.PeerUser(AIGUL.id),
        ),
    )
    second = run(connector(telegram), first[-1].cursor)
    # 11 was edited before the first run: the recheck sends it again, the store keeps it once.
    assert sorted(p.external_id for p in posts(second)) == ["11", "15"]
    assert second[-1].cursor["chats"]["kzo_chat"]["last_id"] == 15


def test_edits_and_deletions_of_recent_messages_are_seen(telegram: RecordedTelegram) -> None:
    cursor = run(connector(telegram))[-1].cursor
    peer = types.PeerChannel(CHAT.id)
    telegram.post(
        CHAT,
        types.Message(
            id=10,
            peer_id=peer,
            date=at(5),
            message="Суық су жоқ, Абай 12, үш күн болды!",
            from_id=types.PeerUser(AIGUL.id),
            edit_date=at(30),
        ),
    )
    telegram.delete(CHAT, 12)
    telegram.delete(CHAT, 13)  # never stored (a voice message): not ours to report
    batches = run(connector(telegram, chats=["kzo_chat"]), cursor)
    recheck = batches[0]
    assert recheck.source == "telegram:1987654321"
    assert recheck.deleted == ["12"]
    edited = {p.external_id: p for p in recheck.posts}
    assert edited["10"].text.endswith("үш күн болды!") and edited["10"].edited_at == at(30)
    assert recheck.cursor["chats"]["kzo_chat"]["recent"] == [10, 11, 14]
    # Reported once: the next run no longer asks for 12.
    again = run(connector(telegram, chats=["kzo_chat"]), recheck.cursor)
    assert again[0].deleted == []


def test_the_recheck_window_keeps_the_last_n_stored_ids(telegram: RecordedTelegram) -> None:
    batches = run(connector(telegram, chats=["kzo_chat"], recheck=2))
    assert batches[-1].cursor["chats"]["kzo_chat"]["recent"] == [12, 14]
    off = run(connector(telegram, chats=["kzo_chat"], recheck=0))
    assert off[-1].cursor["chats"]["kzo_chat"]["recent"] == []


def test_flood_wait_becomes_a_source_error_with_retry_after(telegram: RecordedTelegram) -> None:
    telegram.fail = [errors.FloodWaitError(request=None, capture=420)]
    with pytest.raises(SourceError) as raised:
        run(connector(telegram))
    assert raised.value.retry_after == 420 and not raised.value.fatal
    assert "420" in str(raised.value)


def test_connection_errors_are_retried_then_reported(telegram: RecordedTelegram) -> None:
    telegram.fail = [ConnectionError("reset"), ConnectionError("reset")]
    assert len(posts(run(connector(telegram)))) == 6
    telegram.fail = [ConnectionError("reset")] * 3
    with pytest.raises(SourceError, match="unreachable after 3 attempts") as raised:
        run(connector(telegram))
    assert not raised.value.fatal and raised.value.retry_after is None


@pytest.mark.parametrize(
    "error",
    [
        errors.AuthKeyUnregisteredError(request=None),
        errors.SessionRevokedError(request=None),
        errors.UserDeactivatedBanError(request=None),
    ],
)
def test_a_dead_session_is_fatal(telegram: RecordedTelegram, error: Exception) -> None:
    telegram.fail = [None, error]  # connects, then the first request is refused
    with pytest.raises(SourceError, match="halyq telegram login") as raised:
        run(connector(telegram))
    assert raised.value.fatal
    assert "disconnect" in telegram.calls


def test_a_session_never_signed_in_is_fatal(telegram: RecordedTelegram) -> None:
    telegram.authorized = False
    with pytest.raises(SourceError, match="not signed in") as raised:
        run(connector(telegram))
    assert raised.value.fatal


def test_one_unreachable_chat_does_not_stop_the_others(telegram: RecordedTelegram) -> None:
    batches = run(connector(telegram, chats=["closed_chat", "kzo_chat"]))
    assert len(posts(batches)) == 4
    assert batches[-1].rejected == [
        "chat closed_chat: UsernameNotOccupiedError: The username is not in use by anyone else "
        "yet (caused by NoneType)"
    ]
    with pytest.raises(SourceError, match="closed_chat") as raised:
        run(connector(telegram, chats=["closed_chat"]))
    assert raised.value.fatal


def test_a_bot_reads_by_message_id_until_a_batch_is_missing(telegram: RecordedTelegram) -> None:
    telegram.authorized = False
    peer = types.PeerChannel(NEWS.id)
    telegram.delete(NEWS, 3)  # a gap inside a batch does not stop the read
    telegram.post(NEWS, types.Message(id=6, peer_id=peer, date=at(60), message="Жаңа хабар"))
    source = connector(telegram, chats=["kyzylorda_news"], bot_token="123:abc", batch_size=2)
    batches = run(source)
    assert "sign_in 123:abc" in telegram.calls
    assert [p.external_id for p in posts(batches)] == ["2", "4", "6"]
    assert "iter_messages" not in telegram.calls  # bots may not read history
    assert batches[-1].cursor["chats"]["kyzylorda_news"]["last_id"] == 6
    assert telegram.calls[-2] == "get_messages 7..8"  # a whole batch missing: the end


def test_a_text_over_the_limit_is_rejected_with_its_message_id(
    telegram: RecordedTelegram,
) -> None:
    telegram.post(
        CHAT,
        types.Message(id=16, peer_id=types.PeerChannel(CHAT.id), date=at(40), message="ы" * 70_000),
    )
    batches = run(connector(telegram, chats=["kzo_chat"]))
    assert [r for b in batches for r in b.rejected] == [
        "chat kzo_chat message 16: text has 70,000 characters; the limit is 65,536"
    ]
    assert batches[-1].cursor["chats"]["kzo_chat"]["last_id"] == 16


def test_check_names_every_chat(telegram: RecordedTelegram) -> None:
    assert connector(telegram).check() == (
        "chat kyzylorda_news: Қызылорда жаңалықтары (id 1234567890); "
        "chat kzo_chat: Қызылорда чаты (id 1987654321)"
    )
    partly = connector(telegram, chats=["kzo_chat", "closed_chat"]).check()
    assert (
        partly.startswith("chat kzo_chat: ") and "chat closed_chat: UsernameNotOccupied" in partly
    )
    with pytest.raises(SourceError, match="closed_chat") as raised:
        connector(telegram, chats=["closed_chat"]).check()
    assert raised.value.fatal


def test_the_builder_checks_the_config_and_leaves_credentials_to_the_run(
    tmp_path: Any,
) -> None:
    bare = Settings(var_dir=tmp_path, telegram_api_id=None, telegram_api_hash=None)
    source = telegram_source({"chats": ["@kzo_chat", 1234567890], "recheck": 50}, bare)
    assert (source.chats, source.recheck, source.bot_token) == (["kzo_chat", 1234567890], 50, None)
    with pytest.raises(SourceError, match="HALYQ_TELEGRAM_API_ID") as raised:
        run(source)
    assert raised.value.fatal
    for bad, field in [({"chats": "kzo_chat"}, "chats"), ({"chats": []}, "chats"),
                       ({"chats": ["a"], "chat_ids": [1]}, "chat_ids")]:  # fmt: skip
        with pytest.raises(ValueError, match=f"telegram config: {field}"):
            telegram_source(bad, bare)


def store(sessions: sessionmaker[Session], batches: Iterator[Batch] | list[Batch]) -> list[str]:
    results = []
    with session_scope(sessions) as session:
        for batch in batches:
            for post in batch.posts:
                results.append(store_post(session, post, pseudonym_key="k" * 32)[0])
    return results


def test_stored_twice_the_feed_adds_nothing_and_an_edit_updates(
    telegram: RecordedTelegram, sessions: sessionmaker[Session]
) -> None:
    first = run(connector(telegram))
    assert store(sessions, first).count("added") == 6
    telegram.post(
        CHAT,
        types.Message(
            id=11,
            peer_id=types.PeerChannel(CHAT.id),
            date=at(6),
            message="У нас тоже нет воды с утра, Абай 14",
            from_id=types.PeerUser(IVAN.id),
            edit_date=at(31),
        ),
    )
    second = run(connector(telegram), first[-1].cursor)
    assert store(sessions, second) == ["updated"]
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 6
        row = session.scalars(select(Post).where(Post.external_id == "11")).one()
        assert row.text.endswith("Абай 14")
        assert [h["text"] for h in row.raw["_history"]] == ["У нас тоже нет воды с утра"]


def test_ids_are_unique_per_chat_only(telegram: RecordedTelegram) -> None:
    # The same message id in two chats is two posts: the source tells them apart.
    peer = types.PeerChannel(NEWS.id)
    telegram.post(NEWS, types.Message(id=10, peer_id=peer, date=at(50), message="Жаңалық"))
    keys = [(p.source, p.external_id) for p in posts(run(connector(telegram)))]
    assert keys.count(("telegram:1234567890", "10")) == 1
    assert keys.count(("telegram:1987654321", "10")) == 1
    assert len(keys) == len(set(keys))


def test_the_runner_stores_a_chat_once_and_marks_deletions(
    telegram: RecordedTelegram,
    sessions: sessionmaker[Session],
    db_url: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def recorded(config: dict[str, Any], settings: Settings) -> TelegramLive:
        source = telegram_source(config, settings)
        source.client_factory = lambda: telegram  # the registry's builder, a recorded client
        return source

    monkeypatch.setitem(kinds.FACTORIES, "telegram", recorded)
    settings = Settings(database_url=db_url, var_dir=tmp_path, pseudonym_key="p" * 32)
    with session_scope(sessions) as session:
        add_source(session, settings, name="kzo", kind="telegram", config={"chats": ["kzo_chat"]})
    first = run_source(sessions, "kzo", settings)
    second = run_source(sessions, "kzo", settings)
    assert (first.error, first.added) == (None, 4)
    assert (second.error, second.added, second.updated, second.deleted) == (None, 0, 0, 0)
    telegram.delete(CHAT, 12)
    third = run_source(sessions, "kzo", settings)
    assert (third.added, third.deleted) == (0, 1)
    with session_scope(sessions) as session:
        gone = session.scalars(select(Post).where(Post.external_id == "12")).one()
        assert gone.deleted_at is not None
        assert session.scalar(select(func.count()).select_from(Post)) == 4


def test_an_export_and_the_live_feed_of_one_chat_store_each_message_once(
    telegram: RecordedTelegram, sessions: sessionmaker[Session]
) -> None:
    def unix(moment: datetime) -> str:
        return str(int(moment.timestamp()))

    export = {
        "name": CHAT.title,
        "type": "public_supergroup",
        "id": CHAT.id,  # Telegram Desktop writes the bare id
        "messages": [
            {"id": 10, "type": "message", "date": "2026-11-03T09:05:00",
             "date_unixtime": unix(at(5)), "from": "Айгүл Сейітова", "from_id": "user501",
             "text": "Суық су жоқ, Абай 12, екі күн болды!"},
            {"id": 11, "type": "message", "date": "2026-11-03T09:06:00",
             "date_unixtime": unix(at(6)), "edited": "2026-11-03T09:07:00",
             "edited_unixtime": unix(at(7)), "from": "Иван", "from_id": "user502",
             "reply_to_message_id": 10,
             "text": [{"type": "plain", "text": "У нас тоже нет воды"}, " с утра"]},
        ],
    }  # fmt: skip
    exported = [
        post
        for _place, post in read_export(io.BytesIO(json.dumps(export).encode()))
        if isinstance(post, PostIn)
    ]
    assert len(exported) == 2
    with session_scope(sessions) as session:
        for post in exported:
            store_post(session, post, pseudonym_key="k" * 32)
    live = run(connector(telegram, chats=["kzo_chat"]))
    assert store(sessions, live) == ["unchanged", "unchanged", "added", "added"]
    with session_scope(sessions) as session:
        rows = session.scalars(select(Post).order_by(Post.external_id)).all()
        assert [(r.source, r.external_id) for r in rows] == [
            ("telegram:1987654321", str(number)) for number in (10, 11, 12, 14)
        ]
        authors = {r.external_id: r.author_hash for r in rows}
    # Айгүл wrote 10 (in the export) and 14 (live only): one pseudonym, one resident.
    assert authors["10"] == authors["14"] and authors["11"] == authors["12"] != authors["10"]


def test_telegram_login_without_the_app_credentials_says_where_to_get_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.delenv("HALYQ_TELEGRAM_API_ID", raising=False)
    monkeypatch.delenv("HALYQ_TELEGRAM_API_HASH", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the working folder
    result = CliRunner().invoke(app, ["telegram", "login"])
    assert result.exit_code == 2
    assert "HALYQ_TELEGRAM_API_ID" in result.output and "my.telegram.org" in result.output
