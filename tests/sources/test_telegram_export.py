"""Telegram Desktop exports: the reader on hand-built fixtures shaped as Telegram Desktop 4.x/5.x
writes `result.json`, and `halyq ingest telegram-export` on both databases."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cli import app
from halyq.db.models import Post
from halyq.sources.records import PostIn, Rejected
from halyq.sources.telegram_export import read_export

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
CHANNEL = FIXTURES / "public_channel" / "result.json"
GROUP = FIXTURES / "supergroup" / "result.json"
ACCOUNT = FIXTURES / "account" / "result.json"
GROUP_POSTS = ["1201", "1202", "1203", "1204", "1206", "1207", "1210", "1211", "1214"]


def _read(data: bytes, **options: Any) -> dict[str, PostIn | Rejected]:
    return dict(read_export(io.BytesIO(data), **options))


def _posts(data: bytes, **options: Any) -> dict[str, PostIn]:
    items = _read(data, **options)
    assert not [item for item in items.values() if isinstance(item, Rejected)]
    return {place: item for place, item in items.items() if isinstance(item, PostIn)}


class OneWayStream(io.BytesIO):
    """A pipe: cannot seek, so the reader takes its general path."""

    def seekable(self) -> bool:
        return False


def test_a_public_channel_export_becomes_posts_with_exact_texts() -> None:
    posts = _posts(CHANNEL.read_bytes())
    # create_channel and pin_message are service messages; 5 is a poll and 7 a photo with
    # whitespace for text: neither has anything to read.
    assert list(posts) == ["message 2", "message 3", "message 4", "message 8", "message 9"]
    headline = posts["message 2"]
    assert headline.text == (
        "Қызылордада жылу беру маусымы басталды\n\nҚала әкімдігінің хабарлауынша, 15 қазаннан "
        "бастап 1 200-ден астам көппәтерлі үйге жылу беріледі. Толығырақ: "
        "https://kyzylorda.gov.kz/news/2026-10-15\n\n#Қызылорда #жылу 🔥"
    )
    assert (headline.source, headline.external_id) == ("telegram:1467892345", "2")
    # "date" says 10:00:12, the exporting computer's clock (UTC+5): date_unixtime is the truth.
    assert headline.created_at == datetime(2026, 10, 15, 5, 0, 12, tzinfo=UTC)
    assert headline.url is None  # Telegram does not write the @username into the export
    assert headline.raw["photo"] == "photos/photo_2@15-10-2026_10-00-12.jpg"
    assert "text_entities" not in headline.raw
    # Every entity gives its text, the unknown kinds included.
    assert posts["message 8"].text == (
        "Тұрғындардан хат:\nШұғыла ықшамауданы 12-үйде үш күннен бері ыстық су жоқ.\n"
        "В доме 12 на Шугыле три дня нет горячей воды.\nБайланыс: +7 705 123 45 67 "
        "(ескі нөмір) — редакция тексеріп жатыр, жауап келді ⟨?⟩ 6 қарашада № ЖТ-2026/1187"
    )
    assert posts["message 3"].edited_at == datetime(2026, 11, 2, 12, 5, 31, tzinfo=UTC)
    video = posts["message 4"].raw
    assert (video["media_type"], video["file_name"], video["mime_type"]) == (
        "video_file",
        "IMG_4512.MP4",
        "video/mp4",
    )
    assert posts["message 9"].raw["forwarded_from"] == "Қызылорда облысы әкімдігі"
    assert posts["message 9"].author == "Qyzylorda Online"
    assert posts["message 9"].author_key == "channel1467892345"


def test_a_username_gives_public_posts_their_links() -> None:
    posts = _posts(CHANNEL.read_bytes(), username="qyzylorda_online")
    assert posts["message 4"].url == "https://t.me/qyzylorda_online/4"


def test_a_supergroup_export_keeps_replies_forwards_files_and_authors() -> None:
    posts = _posts(GROUP.read_bytes())
    assert [place.removeprefix("message ") for place in posts] == GROUP_POSTS
    assert posts["message 1202"].reply_to == "1201"
    first, renamed = posts["message 1201"], posts["message 1203"]
    # She renamed herself between the two messages; the key the pseudonym is made of is not
    # the display name.
    assert (first.author, renamed.author) == ("Айгерім Сейітова", "Айгерім С.")
    assert first.author_key == renamed.author_key == "user5550001"
    assert renamed.text == "Дмитрий, жаздым, әлі жауап жоқ. 109-ға да хабарластым.\nЗаявка № 4471"
    assert posts["message 1204"].raw["forwarded_from"] == "Qyzylorda Online"
    assert posts["message 1207"].raw["file_name"] == "Өтініш_Тоқмағамбетов_5.pdf"
    assert posts["message 1210"].text == "Shugylada su joq, kashan beredi? 3 kun boldy"


def test_an_account_export_gives_every_chat_its_own_source() -> None:
    posts = _posts(ACCOUNT.read_bytes())
    assert {(post.source, post.external_id) for post in posts.values()} == {
        ("telegram:7730123", "88410"),
        ("telegram:7730123", "88411"),
        ("telegram:1888777666", "16"),
        ("telegram:1888777666", "17"),
        ("telegram:1467892345", "3"),  # a channel left since, under left_chats
    }
    assert "chat 1888777666 message 17" in posts


@pytest.mark.parametrize("fixture", [CHANNEL, GROUP, ACCOUNT], ids=lambda p: p.parent.name)
def test_a_stream_that_cannot_seek_gives_the_same_posts(fixture: Path) -> None:
    data = fixture.read_bytes()
    assert list(read_export(OneWayStream(data))) == list(read_export(io.BytesIO(data)))


def _export(*messages: dict[str, Any], chat_id: int = 1702345678) -> bytes:
    chat = {"name": "Тест", "type": "public_supergroup", "id": chat_id, "messages": messages}
    return json.dumps(chat, ensure_ascii=False, indent=1).encode()


def _message(number: int, text: Any, at: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "id": number,
        "type": "message",
        "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_unixtime": str(int(at.timestamp())),
        "from": "Ерлан",
        "from_id": "user6120044",
        "text": text,
        **extra,
    }


def test_bad_messages_are_rejected_with_their_id_and_the_rest_goes_on() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    at = now - timedelta(days=3)
    data = _export(
        _message(10, "ұзын " * 1_100_000, at),  # about 5.5 MB
        _message(11, "Ертеңгі жаңалық", now + timedelta(days=2)),
        _message(12, "Күні жоқ", at) | {"date_unixtime": None},
        _message(13, 42, at),
        _message(14, "Сағат 23:00 дейін ертең", now + timedelta(hours=20)),  # clocks differ
        _message(15, ["Жаңа ", {"type": "future_entity_kind", "text": "түр"}, " келді"], at),
    )
    items = dict(read_export(io.BytesIO(data), now=now))
    rejected = {place: str(item) for place, item in items.items() if isinstance(item, Rejected)}
    assert sorted(rejected) == ["message 10", "message 11", "message 12", "message 13"]
    assert "limit is 65,536" in rejected["message 10"]
    assert "in the future" in rejected["message 11"]
    assert "date_unixtime" in rejected["message 12"]
    assert "'text'" in rejected["message 13"]
    kept = items["message 15"]
    assert isinstance(kept, PostIn) and kept.text == "Жаңа түр келді"
    assert isinstance(items["message 14"], PostIn)


def test_a_foreign_json_file_is_not_an_export() -> None:
    for data in (b"[]", b'{"about": "x", "personal_information": {}}', b""):
        [(_, item)] = read_export(io.BytesIO(data))
        assert isinstance(item, Rejected) and item.fatal, data
    [(_, item)] = read_export(io.BytesIO(b"[1, 2]"))
    assert isinstance(item, Rejected) and "not a Telegram Desktop export" in item.message


def _cut_at(data: bytes, marker: bytes) -> int:
    return data.index(marker)


def test_a_break_in_the_json_names_its_byte_and_keeps_what_came_before() -> None:
    data = GROUP.read_bytes()
    spot = _cut_at(data, b'"id": 1206')
    for broken, low, high in (
        (data[:spot], spot, spot),  # cut off: the break is the end of the file
        (data[:spot] + b"@@" + data[spot:], spot, spot + 3),  # garbage
        (data[:spot] + b"\xff" + data[spot:], spot, spot + 2),  # not UTF-8
    ):
        items = list(read_export(io.BytesIO(broken)))
        place, last = items[-1]
        assert isinstance(last, Rejected) and last.fatal
        offset = int(place.removeprefix("byte ").replace(",", ""))
        assert low <= offset <= high, (place, low)
        read = [p.removeprefix("message ") for p, item in items if isinstance(item, PostIn)]
        assert read == GROUP_POSTS[:4]  # 1201-1204: everything before 1206 with text
        assert list(read_export(OneWayStream(broken)))[-1][1] == last  # same on the slow path


# --- through the command, on both databases -----------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path / "var")}


def _ingest(runner: CliRunner, env: dict[str, str], *args: str) -> tuple[int, dict[str, int], str]:
    result = runner.invoke(app, ["ingest", "telegram-export", *args], env=env)
    summary = json.loads(result.stdout.splitlines()[-1]) if result.stdout.strip() else {}
    return result.exit_code, summary, result.stderr


def _stored(sessions: sessionmaker[Session]) -> dict[str, Post]:
    with sessions() as session:
        return {post.external_id: post for post in session.scalars(select(Post))}


def test_an_export_folder_goes_in_once(
    runner: CliRunner, env: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    folder = str(GROUP.parent)
    code, summary, _ = _ingest(runner, env, folder, "--username", "@kyzylorda_chat")
    assert code == 0
    assert summary == {"added": 9, "updated": 0, "unchanged": 0, "rejected": 0}
    code, again, _ = _ingest(runner, env, folder)
    assert (code, again) == (0, {"added": 0, "updated": 0, "unchanged": 9, "rejected": 0})
    posts = _stored(sessions)
    assert sorted(posts) == sorted(GROUP_POSTS)
    first, renamed = posts["1201"], posts["1203"]
    assert first.author_hash == renamed.author_hash and first.author_hash
    assert "user5550001" not in first.author_hash and "Айгерім" not in first.author_hash
    assert renamed.author_name == "Айгерім С."  # kept apart, for analysts
    assert first.url == "https://t.me/kyzylorda_chat/1201"
    assert first.source == "telegram:1702345678" and first.analysed_at is None


def _edited(data: bytes, number: int, text: str, edited_unixtime: int) -> bytes:
    chat = json.loads(data)
    for message in chat["messages"]:
        if message["id"] == number:
            message["text"], message["edited_unixtime"] = text, str(edited_unixtime)
    return json.dumps(chat, ensure_ascii=False).encode()


def test_a_newer_edit_updates_and_an_older_or_equal_one_does_not(
    runner: CliRunner, env: dict[str, str], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    _ingest(runner, env, str(GROUP))
    stored_edit = int(_stored(sessions)["1203"].edited_at.timestamp())  # type: ignore[union-attr]
    data, path = GROUP.read_bytes(), tmp_path / "result.json"
    newer = "Дмитрий, жауап келді: ертең жарық береді"
    path.write_bytes(_edited(data, 1203, newer, stored_edit + 600))
    code, summary, _ = _ingest(runner, env, str(path))
    assert (code, summary["updated"], summary["unchanged"]) == (0, 1, 8)
    post = _stored(sessions)["1203"]
    assert post.text == newer
    assert post.raw["_history"][0]["text"].startswith("Дмитрий, жаздым")
    assert post.edited_at == datetime.fromtimestamp(stored_edit + 600, UTC)
    for stale in (stored_edit, stored_edit + 300):  # an older export, and the same edit again
        path.write_bytes(_edited(data, 1203, f"ескі нұсқа {stale}", stale))
        assert _ingest(runner, env, str(path))[1]["updated"] == 0
    assert _stored(sessions)["1203"].text == newer


def test_a_cut_off_export_keeps_what_came_before_and_exits_1(
    runner: CliRunner, env: dict[str, str], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    data = GROUP.read_bytes()
    cut = tmp_path / "result.json"
    cut.write_bytes(data[: _cut_at(data, b'"id": 1207')])
    code, summary, errors = _ingest(runner, env, str(cut))
    assert code == 1
    assert summary == {"added": 5, "updated": 0, "unchanged": 0, "rejected": 1}
    assert f"byte {cut.stat().st_size:,}" in errors and "ends before the JSON does" in errors
    assert sorted(_stored(sessions)) == sorted(GROUP_POSTS[:5])
    code, summary, _ = _ingest(runner, env, str(GROUP))  # the whole file, next time
    assert (code, summary["added"], summary["unchanged"]) == (0, 4, 5)


def test_rejected_messages_are_named_on_standard_error(
    runner: CliRunner, env: dict[str, str], tmp_path: Path
) -> None:
    at = datetime.now(UTC) - timedelta(days=1)
    path = tmp_path / "result.json"
    path.write_bytes(
        _export(
            _message(1, "Жарық жоқ", at),
            _message(2, "x" * 70_000, at),
            _message(3, "Келешектен", at + timedelta(days=30)),
        )
    )
    code, summary, errors = _ingest(runner, env, str(path))
    assert code == 0 and summary["added"] == 1 and summary["rejected"] == 2
    assert f"{path}: message 2: the text has 70,000 characters" in errors
    assert f"{path}: message 3: field 'date_unixtime' is in the future" in errors


def test_wrong_paths_and_options_store_nothing(
    runner: CliRunner, env: dict[str, str], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    code, _, errors = _ingest(runner, env, str(tmp_path))  # a folder without result.json
    assert code == 2 and "result.json" in errors
    code, _, errors = _ingest(runner, env, str(GROUP), "--username", "not a name!")
    assert code == 2 and "not a public Telegram username" in errors
    code, _, errors = _ingest(runner, env, str(ACCOUNT), "--username", "kyzylorda_chat")
    assert code == 1 and "this export has many" in errors
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"posts": []}', encoding="utf-8")
    code, _, errors = _ingest(runner, env, str(foreign))
    assert code == 1 and "not a Telegram Desktop export" in errors
    assert _stored(sessions) == {}
