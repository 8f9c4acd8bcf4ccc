"""Keys of Open311 clients: made by `halyq api-keys create NAME`, shown once, kept as SHA-256.

A key is 192 random bits, so its plain SHA-256 is as safe at rest as a slow password hash
and can be looked up directly, without trying every stored hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.db.answers import ApiKey

KEY_PREFIX = "hq311_"
MAX_NAME_CHARS = 64


class ApiKeyError(ValueError):
    """A key operation that cannot be done as asked; the message says why."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(session: Session, *, name: str, now: datetime) -> str:
    """A new key for client `name`; returns the key itself, which is stored only as a digest."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or any(ch.isspace() for ch in name):
        raise ApiKeyError(f"a key name is 1 to {MAX_NAME_CHARS} characters without spaces")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"a key named '{name}' exists; revoke it or choose another name")
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    session.add(ApiKey(name=name, key_sha256=digest(key), created_at=now))
    session.flush()
    return key


def list_api_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.name)))


def revoke_api_key(session: Session, *, name: str, now: datetime) -> ApiKey:
    """Refuse the key from now on; the row stays, so its history stays readable."""
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise ApiKeyError(f"no key named '{name}'; `halyq api-keys list` shows them")
    if row.revoked_at is not None:
        raise ApiKeyError(f"the key '{name}' was revoked at {row.revoked_at.isoformat()}")
    row.revoked_at = now
    session.flush()
    return row


def check_api_key(session: Session, key: str, *, now: datetime) -> ApiKey | None:
    """The active key row for `key` (its last use noted), else None."""
    if not key.startswith(KEY_PREFIX):
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.key_sha256 == digest(key)))
    if row is None or row.revoked_at is not None:
        return None
    row.last_used_at = now
    return row
