"""Telegram live: public channels and groups read over MTProto with Telethon.

Each run reads every configured chat's messages after the last id in the cursor, oldest first,
`batch_size` at a time; each batch carries the cursor to resume from. Posts come out exactly
as the Telegram Desktop export importer makes them (`source` "telegram:<chat id>", `id` the
message id), so an export and a live feed of the same chat store each message once.

Edits and deletions: each run also asks again for the last `recheck` messages it stored in a
chat. A message Telegram now answers with an edit date goes out again (the store updates an
edited text and keeps the old one); a message Telegram answers "not found" for is reported
deleted. Only ids this connector stored are asked for, so a gap in the numbering (service
messages, messages never seen, basic groups whose ids are shared with other chats) is never
mistaken for a deletion.

Telethon is async; `fetch` is a plain generator that drives one private event loop for the
whole run. The client comes from a factory, so tests hand in a stand-in that answers with
recorded Telethon message objects.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr
from telethon import errors
from telethon.tl import types

from halyq.config import Settings
from halyq.sources.connector import Batch, SourceError
from halyq.sources.connectors.common import parse_config
from halyq.sources.telegram_messages import post_from_message, title

log = logging.getLogger(__name__)

DEFAULT_BATCH = 100  # Telegram's own page size for messages.getHistory
DEFAULT_RECHECK = 200
ATTEMPTS = 3  # connection failures tolerated per request before the run gives up
# Retrying cannot help these: the session or token is dead, or the app's id is wrong.
FATAL = (
    errors.UnauthorizedError,
    errors.AuthKeyError,
    errors.AccessTokenExpiredError,
    errors.AccessTokenInvalidError,
    errors.ApiIdInvalidError,
)
# One chat is out of reach (private, renamed, banned); the others are still read.
CHAT_GONE = (
    errors.ChannelPrivateError,
    errors.ChannelInvalidError,
    errors.ChannelBannedError,
    errors.UsernameNotOccupiedError,
    errors.UsernameInvalidError,
    errors.ChatAdminRequiredError,
    ValueError,  # Telethon's "Cannot find any entity corresponding to ..."
)
TRANSIENT = (OSError, errors.ServerError)  # OSError covers ConnectionError and TimeoutError

ClientFactory = Callable[[], Any]  # → an unconnected TelegramClient (or a stand-in)


class _ChatUnavailable(Exception):
    pass


class TelegramLive:
    """The `telegram` source kind: config {"chats": ["kyzylorda_news", 1234567890, ...]}."""

    kind = "telegram"

    def __init__(
        self,
        chats: Sequence[str | int],
        *,
        client_factory: ClientFactory,
        bot_token: str | None = None,
        batch_size: int = DEFAULT_BATCH,
        recheck: int = DEFAULT_RECHECK,
        pause: float = 2.0,
    ) -> None:
        if not chats:
            raise SourceError("a telegram source needs at least one chat in 'chats'", fatal=True)
        self.chats = list(chats)
        self.client_factory = client_factory
        self.bot_token = bot_token
        self.batch_size = batch_size
        self.recheck = recheck
        self.pause = pause

    def check(self) -> str:
        """Sign in and find every chat: 'chat @kyzylorda_news: Қызылорда жаңалықтары (id …)'."""
        with asyncio.Runner() as runner:
            client = runner.run(self._call(self._connect, "connecting"))
            try:
                found, missing = [], []
                for chat in self.chats:
                    try:
                        entity = runner.run(self._entity(client, chat))
                    except _ChatUnavailable as exc:
                        missing.append(str(exc))
                        continue
                    found.append(f"chat {chat}: {title(entity)} (id {entity.id})")
            finally:
                runner.run(client.disconnect())
        if not found:
            raise SourceError("; ".join(missing), fatal=True)
        return "; ".join(found + missing)

    def fetch(self, cursor: dict[str, Any]) -> Iterator[Batch]:
        """Batches of new, edited and deleted messages, chat by chat; see the module notes.

        cursor: {"chats": {"<chat as configured>": {"last_id": 5310, "recent": [5101, ...]}}}
        """
        chats: dict[str, dict[str, Any]] = {
            key: {"last_id": int(value["last_id"]), "recent": list(value.get("recent", []))}
            for key, value in dict(cursor.get("chats", {})).items()
        }
        with asyncio.Runner() as runner:
            client = runner.run(self._call(self._connect, "connecting"))
            try:
                unavailable = []
                for chat in self.chats:
                    try:
                        yield from self._read_chat(runner, client, chat, chats)
                    except _ChatUnavailable as exc:
                        unavailable.append(str(exc))
                if unavailable and len(unavailable) == len(self.chats):
                    raise SourceError("; ".join(unavailable), fatal=True)
                if unavailable:
                    yield Batch(rejected=unavailable, cursor=_cursor(chats))
            finally:
                runner.run(client.disconnect())

    def _read_chat(
        self, runner: asyncio.Runner, client: Any, chat: str | int, chats: dict[str, Any]
    ) -> Iterator[Batch]:
        entity = runner.run(self._entity(client, chat))
        state = chats.setdefault(str(chat), {"last_id": 0, "recent": []})
        source = f"telegram:{entity.id}"
        if state["recent"]:
            yield self._recheck(runner, client, entity, state, chats)
        while True:
            messages, more = runner.run(
                self._call(lambda: self._after(client, entity, state["last_id"]), f"chat {chat}")
            )
            if not messages:
                return
            batch = Batch(source=source)
            for message in messages:
                _add(batch, message, entity, chat)
            state["last_id"] = max(state["last_id"], *(message.id for message in messages))
            stored = [int(post.external_id) for post in batch.posts]
            recent = sorted({*state["recent"], *stored})
            state["recent"] = recent[len(recent) - self.recheck :] if self.recheck else []
            batch.cursor = _cursor(chats)
            yield batch
            if not more:
                return

    def _recheck(
        self,
        runner: asyncio.Runner,
        client: Any,
        entity: Any,
        state: dict[str, Any],
        chats: dict[str, Any],
    ) -> Batch:
        ids = list(state["recent"])
        found = runner.run(
            self._call(lambda: client.get_messages(entity, ids=ids), f"chat {entity.id}")
        )
        batch = Batch(source=f"telegram:{entity.id}")
        for wanted, message in zip(ids, found, strict=True):
            if message is None:
                batch.deleted.append(str(wanted))
            elif getattr(message, "edit_date", None) is not None:
                _add(batch, message, entity, entity.id)
        state["recent"] = [wanted for wanted in ids if str(wanted) not in batch.deleted]
        batch.cursor = _cursor(chats)
        return batch

    async def _after(self, client: Any, entity: Any, last_id: int) -> tuple[list[Any], bool]:
        """Up to a batch of messages after `last_id`, and whether more may follow."""
        if self.bot_token:
            # A bot may not read history (messages.getHistory), only ask for ids. Channel and
            # supergroup ids run without gaps, so it asks for the next ids; a whole batch of
            # missing ids ends the read (a bot cannot tell "not yet" from "deleted").
            wanted = list(range(last_id + 1, last_id + 1 + self.batch_size))
            found = [m for m in await client.get_messages(entity, ids=wanted) if m is not None]
            return found, bool(found)
        messages = [
            message
            async for message in client.iter_messages(
                entity, min_id=last_id, reverse=True, limit=self.batch_size
            )
        ]
        return messages, len(messages) == self.batch_size

    async def _connect(self) -> Any:
        client = self.client_factory()
        try:
            await client.connect()
            if await client.is_user_authorized():
                return client
            if not self.bot_token:
                raise SourceError(
                    "the Telegram session is not signed in; run `halyq telegram login` and set "
                    "HALYQ_TELEGRAM_SESSION to what it prints",
                    fatal=True,
                )
            await client.sign_in(bot_token=self.bot_token)
            return client
        except BaseException:
            await client.disconnect()
            raise

    async def _entity(self, client: Any, chat: str | int) -> Any:
        try:
            entity = await self._call(lambda: client.get_entity(chat), f"chat {chat}")
        except CHAT_GONE as exc:
            raise _ChatUnavailable(f"chat {chat}: {_reason(exc)}") from exc
        if not isinstance(entity, types.Channel | types.Chat):
            raise _ChatUnavailable(f"chat {chat}: not a channel or group")
        if self.bot_token and not isinstance(entity, types.Channel):
            raise _ChatUnavailable(f"chat {chat}: a bot can read channels and supergroups only")
        return entity

    async def _call(self, request: Callable[[], Awaitable[Any]], where: str) -> Any:
        """Run one request: FloodWait and dead sessions become SourceErrors at once,
        connection failures are retried ATTEMPTS times with a growing pause."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await request()
            except errors.FloodWaitError as exc:
                raise SourceError(
                    f"Telegram asks to wait {exc.seconds} s ({where})", retry_after=exc.seconds
                ) from exc
            except FATAL as exc:
                raise SourceError(
                    f"Telegram refused the session ({where}): {_reason(exc)}; sign in again "
                    "with `halyq telegram login`",
                    fatal=True,
                ) from exc
            except TRANSIENT as exc:
                if attempt == ATTEMPTS:
                    raise SourceError(
                        f"Telegram unreachable after {ATTEMPTS} attempts ({where}): {exc!r}"
                    ) from exc
                log.warning("telegram: %s failed (%r); retrying", where, exc)
                await asyncio.sleep(self.pause * attempt)
        raise AssertionError("unreachable")


def _add(batch: Batch, message: Any, entity: Any, chat: str | int) -> None:
    try:
        post = post_from_message(message, entity)
    except ValueError as exc:
        batch.rejected.append(f"chat {chat} message {message.id}: {exc}")
        return
    if post is not None:
        batch.posts.append(post)


def _cursor(chats: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "chats": {
            key: {"last_id": value["last_id"], "recent": list(value["recent"])}
            for key, value in chats.items()
        }
    }


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class TelegramConfig(BaseModel):
    """A `telegram` source's config; unknown keys are refused (a typo must not pass)."""

    model_config = ConfigDict(extra="forbid")

    chats: list[StrictStr | StrictInt] = Field(
        min_length=1, description="Public usernames (with or without @) or ids of chats."
    )
    batch_size: int = Field(DEFAULT_BATCH, ge=1, le=100, description="Messages per request.")
    recheck: int = Field(
        DEFAULT_RECHECK, ge=0, le=1000, description="Stored messages asked again for edits."
    )


def telegram_source(config: dict[str, Any], settings: Settings) -> TelegramLive:
    """The registry's builder: what to read from the source's config (ValueError names a bad
    field); credentials from Settings (HALYQ_TELEGRAM_*), checked when the source runs."""
    parsed = parse_config(TelegramConfig, "telegram", config)
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    return TelegramLive(
        [chat.lstrip("@") if isinstance(chat, str) else chat for chat in parsed.chats],
        client_factory=client_factory(settings),
        bot_token=token or None,
        batch_size=parsed.batch_size,
        recheck=parsed.recheck,
    )


def client_factory(settings: Settings) -> ClientFactory:
    """Builds a TelegramClient from HALYQ_TELEGRAM_API_ID/_API_HASH and the session; a missing
    credential is a fatal SourceError when the source runs, not when it is configured."""

    def make() -> Any:
        from telethon import TelegramClient

        if not settings.telegram_api_id or not settings.telegram_api_hash:
            raise SourceError(
                "telegram: set HALYQ_TELEGRAM_API_ID and HALYQ_TELEGRAM_API_HASH "
                "(from my.telegram.org)",
                fatal=True,
            )
        # FloodWaits up to a minute are slept through by Telethon; longer ones reach _call.
        return TelegramClient(
            session_for(settings),
            settings.telegram_api_id,
            settings.telegram_api_hash.get_secret_value(),
            flood_sleep_threshold=60,
            receive_updates=False,
        )

    return make


def session_for(settings: Settings) -> Any:
    """A StringSession from HALYQ_TELEGRAM_SESSION, or a session file path; a bot without a
    session keeps one in var/telegram-bot.session so it does not sign in on every run."""
    from telethon.sessions import StringSession

    value = settings.telegram_session.get_secret_value() if settings.telegram_session else ""
    if not value:
        return (
            str(settings.var_dir / "telegram-bot.session") if settings.telegram_bot_token else None
        )
    if value.endswith(".session"):
        path = Path(value)
        return str(path if path.is_absolute() else settings.var_dir / path)
    return StringSession(value)
