"""Telegram delivery through python-telegram-bot's `Bot.send_message` (the Bot API's
sendMessage), with the base address from settings so tests talk to a local fake server.

The library is asynchronous; the worker is not, so one event loop lives as long as a sending
pass and each message runs to completion on it.
"""

from __future__ import annotations

import asyncio
import warnings
from datetime import timedelta
from types import TracebackType

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from halyq.notify.delivery import DeliveryFailed, RateLimited, Unreachable

TIMEOUT = 20.0  # seconds for connect, read and write


class TelegramSender:
    """`with TelegramSender(token, api) as tg: tg.send(chat_id, text)`; errors are the
    delivery errors of halyq.notify.delivery."""

    def __init__(self, token: str, api: str) -> None:
        request = HTTPXRequest(connect_timeout=TIMEOUT, read_timeout=TIMEOUT, write_timeout=TIMEOUT)
        self._bot = Bot(token, base_url=f"{api.rstrip('/')}/bot", request=request)
        self._loop = asyncio.new_event_loop()

    def __enter__(self) -> TelegramSender:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            self._loop.run_until_complete(self._bot.shutdown())
        finally:
            self._loop.close()

    def send(self, chat_id: str, text: str) -> None:
        """Send a plain-text message (no markup: nothing in it needs escaping)."""
        try:
            with warnings.catch_warnings():
                # The library announces a future type of `retry_after` while raising a 429: it
                # says nothing to a person running Halyq.
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                self._loop.run_until_complete(
                    self._bot.send_message(
                        chat_id=chat_id, text=text, disable_web_page_preview=True
                    )
                )
        except RetryAfter as exc:
            raise RateLimited(_retry_after(exc), f"Telegram 429: {exc.message}") from None
        except Forbidden as exc:
            raise Unreachable(f"Telegram 403: {exc.message}") from None
        except BadRequest as exc:
            # "chat not found" and the like: trying the same chat again cannot help.
            raise DeliveryFailed(f"Telegram 400: {exc.message}", permanent=True) from None
        except TelegramError as exc:
            raise DeliveryFailed(f"Telegram: {exc.message}") from None


def _retry_after(exc: RetryAfter) -> float:
    """Seconds to wait: the library gives an int today and a timedelta in later releases."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: object = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(str(value))
