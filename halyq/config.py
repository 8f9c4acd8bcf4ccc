"""One Settings object for the whole of Halyq, read from the environment (HALYQ_*) and `.env`."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, field_validator
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
    var_dir: Path = Field(Path("var"), description="Folder for the SQLite file and secrets.")
    host: str = Field("127.0.0.1", description="Address the web server listens on.")
    port: int = Field(8000, description="Port the web server listens on.")
    batch_size: int = Field(200, description="Posts the worker analyses per batch.")
    worker_interval: float = Field(
        5.0, description="Seconds the worker sleeps when no new posts are waiting."
    )

    @field_validator("secret_key")
    @classmethod
    def _refuse_placeholder(cls, value: str | None) -> str | None:
        if value is not None and (value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < 16):
            raise ValueError(
                "HALYQ_SECRET_KEY is a placeholder or shorter than 16 characters; "
                "unset it to have one generated, or set a long random value"
            )
        return value

    def resolved_secret_key(self) -> str:
        """The configured key, else the one kept in var/secret_key (created on first call)."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key + "\n", encoding="utf-8")
        path.chmod(0o600)
        return key
