"""One Settings object for the whole of Halyq, read from the environment (HALYQ_*) and `.env`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, SecretStr, ValidationInfo, field_validator
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
    georeport_posts_per_minute: int = Field(
        30, ge=1, description="Open311 requests one API key may file per minute."
    )
    # Case notifications (halyq.notify): unset token or host leaves that channel off.
    notify_telegram_token: SecretStr | None = Field(
        None, description="Token of the bot that sends case notices (from @BotFather)."
    )
    notify_telegram_api: str = Field(
        "https://api.telegram.org", description="Telegram Bot API base address."
    )
    smtp_host: str | None = Field(None, description="Mail server for case notices by e-mail.")
    smtp_port: int = Field(587, description="Mail server port.")
    smtp_user: str | None = Field(None, description="Mail server login (none: no login).")
    smtp_password: SecretStr | None = Field(None, description="Mail server password.")
    smtp_starttls: bool = Field(True, description="Upgrade the mail connection with STARTTLS.")
    smtp_from: str | None = Field(None, description="Sender address of the notice e-mails.")
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Address of the web app as residents and staff reach it, for links in "
        "notices, replies and status pages.",
    )
    # Live channels (halyq.sources.connectors): credentials here, never in a source's config.
    vk_token: SecretStr | None = Field(None, description="VK API access token (user or community).")
    meta_token: SecretStr | None = Field(
        None, description="Meta Graph API access token for Instagram and Facebook."
    )
    youtube_key: SecretStr | None = Field(None, description="YouTube Data API v3 key.")
    vk_api_url: str = Field("https://api.vk.com/method", description="VK API base address.")
    graph_api_url: str = Field(
        "https://graph.facebook.com/v21.0", description="Meta Graph API base address."
    )
    youtube_api_url: str = Field(
        "https://www.googleapis.com/youtube/v3", description="YouTube Data API base address."
    )
    http_timeout: float = Field(20.0, description="Seconds before a channel request times out.")
    http_retries: int = Field(3, description="Retries of a channel request on 5xx/429/timeouts.")
    http_backoff: float = Field(1.0, description="First retry delay in seconds; doubles per retry.")
    # Telegram live (halyq.sources.telegram_live) and the appeals mailbox (halyq.sources.imap).
    telegram_api_id: int | None = Field(None, description="Telegram app id from my.telegram.org.")
    telegram_api_hash: SecretStr | None = Field(
        None, description="Telegram app hash from my.telegram.org."
    )
    telegram_session: SecretStr | None = Field(
        None,
        description="The account's session: the string `halyq telegram login` prints, or a "
        "*.session file path (relative: under var_dir).",
    )
    telegram_bot_token: SecretStr | None = Field(
        None, description="A bot's token, instead of an account (reads channels by message id)."
    )
    imap_password: SecretStr | None = Field(
        None, description="Password of the appeals mailbox (IMAP sources)."
    )
    appeal_limit: int = Field(10, description="Web-form appeals one IP address may send per hour.")
    # The map (halyq.web.ui.map): without tiles it draws the profile's own OSM geometry.
    map_tiles: str = Field(
        "",
        description="Map tile URL template, e.g. https://tiles.example.kz/{z}/{x}/{y}.png "
        "({s} allowed as the first host label); empty: no tiles, offline vector background.",
    )
    map_attribution: str = Field(
        "", description="Credit line the tile server asks for, shown on the map (plain text)."
    )

    @field_validator("map_tiles")
    @classmethod
    def _check_tiles(cls, value: str) -> str:
        """A tile template must name {z}, {x} and {y} and be http(s) or a same-site path."""
        value = value.strip()
        if not value:
            return value
        missing = [part for part in ("{z}", "{x}", "{y}") if part not in value]
        if missing:
            raise ValueError(
                f"HALYQ_MAP_TILES must contain {', '.join(missing)}, "
                "e.g. https://tiles.example.kz/{z}/{x}/{y}.png"
            )
        if any(char.isspace() or char in ";,'\"" for char in value):
            raise ValueError("HALYQ_MAP_TILES: no spaces, quotes, commas or semicolons in a URL")
        if not value.startswith(("https://", "http://", "/")) or value.startswith("//"):
            raise ValueError("HALYQ_MAP_TILES must start with https://, http:// or / (this site)")
        host = value.split("/")[2] if "://" in value else ""
        if "://" in value and not host.removeprefix("{s}.").strip("."):
            raise ValueError("HALYQ_MAP_TILES: the URL has no host")
        if "{" in host.removeprefix("{s}."):
            raise ValueError("HALYQ_MAP_TILES: only {s} may stand in the host, as its first label")
        return value

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
