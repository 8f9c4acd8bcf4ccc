"""Where a user's case notices go: a Telegram chat id and an e-mail address, checked."""

from __future__ import annotations

import re

from halyq.db.models import User

CHAT_ID = re.compile(r"-?\d{1,20}")
# Enough to catch a typo; the mail server is the judge of the rest.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_EMAIL_CHARS = 254


class ContactError(ValueError):
    """A chat id or an address that cannot be right; the message names the field."""


def clean_chat_id(value: str | None) -> str | None:
    """The chat id as digits (a minus for groups), None for blank; ContactError otherwise."""
    text = (value or "").strip()
    if text and not CHAT_ID.fullmatch(text):
        raise ContactError(
            f"telegram_chat_id '{text}' is not a chat id: a number, such as the one the bot "
            "shows after /start"
        )
    return text or None


def clean_email(value: str | None) -> str | None:
    text = (value or "").strip()
    if text and (len(text) > MAX_EMAIL_CHARS or not EMAIL.fullmatch(text)):
        raise ContactError(f"email '{text[:80]}' is not an e-mail address")
    return text or None


def set_contacts(user: User, *, telegram_chat_id: str | None, email: str | None) -> None:
    """Store both (blank clears one); a new chat id lifts the block a 403 left on the old one."""
    chat, address = clean_chat_id(telegram_chat_id), clean_email(email)
    if chat != user.telegram_chat_id:
        user.telegram_blocked_at = None
    user.telegram_chat_id, user.email = chat, address
