"""One Settings object for the whole of Halyq, read from the environment (HALYQ_*) and `.env`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values copied from examples must never reach production.
PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "please-change", "xxx", ""})


class Settings(BaseSettings):
    """Every field is documented in README.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="HALYQ_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///var/halyq.db",
        description="Where Halyq keeps its data: sqlite:///PATH or postgresql://USER@HOST/DB.",
    )
    city: str = Field("kyzylorda", description="City profile: a bundled name or a folder path.")
    secret_key: str | None = Field(
        None,
        description="Signs session cookies. Generated into var/secret_key on first run if unset.",
    )
    pseudonym_key: str | None = Field(
        None,
        description="Keys author pseudonyms. Generated into var/pseudonym_key on first run if "
        "unset; keep it: a new key gives every author a new pseudonym.",
    )
    var_dir: Path = Field(Path("var"), description="Folder for the SQLite file and secrets.")
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, description="Port the web server listens on.")
    batch_size: int = Field(200, description="Posts the worker analyses per batch.")
    worker_interval: float = Field(
        5.0, description="Seconds the worker sleeps when no new posts are waiting."
    )

    @field_validator("secret_key", "pseudonym_key")
    @classmethod
    def _refuse_placeholder(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and (value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < 16):
            name = f"HALYQ_{(info.field_name or '').upper()}"
            raise ValueError(
                f"{name} is a placeholder or shorter than 16 characters; "
                "unset it to have one generated, or set a long random value"
            )
        return value

    def resolved_secret_key(self) -> str:
        """The configured key, else the one kept in var/secret_key (created on first call)."""
        return self.secret_key or self._generated("secret_key")

    def resolved_pseudonym_key(self) -> str:
        """The configured key, else the one kept in var/pseudonym_key (created on first call)."""
        return self.pseudonym_key or self._generated("pseudonym_key")

    def _generated(self, name: str) -> str:
        """A random key kept in var/NAME, readable by its owner only; created once, atomically."""
        path = self.var_dir / name
        self.var_dir.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        key = secrets.token_urlsafe(48)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(key + "\n")
        return key
