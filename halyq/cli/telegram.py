"""`halyq telegram login`: sign the department's Telegram account in once, for Telegram live."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from halyq.cli.base import group, settings
from halyq.config import Settings

telegram = group("telegram", "Telegram live: sign the department's account in.")


@telegram.command("login")
def login(
    session_file: Annotated[
        Path | None,
        typer.Option(
            "--session-file",
            help="Keep the session in this file (e.g. var/telegram.session) instead of "
            "printing a session string.",
        ),
    ] = None,
) -> None:
    """Sign in once; prints the session string for HALYQ_TELEGRAM_SESSION.

    Asks on the terminal for the phone number, the code Telegram sends and the 2FA password.
    The string opens the account: keep it as secret as a password.
    """
    conf = settings()
    if not conf.telegram_api_id or not conf.telegram_api_hash:
        typer.echo(
            "set HALYQ_TELEGRAM_API_ID and HALYQ_TELEGRAM_API_HASH first "
            "(my.telegram.org → API development tools)",
            err=True,
        )
        raise typer.Exit(2)
    asyncio.run(_login(conf, session_file))


async def _login(conf: Settings, session_file: Path | None) -> None:
    from telethon import TelegramClient
    from telethon.sessions import StringSession

    assert conf.telegram_api_id and conf.telegram_api_hash  # checked by the command
    session = str(session_file) if session_file else StringSession()
    client = TelegramClient(
        session, conf.telegram_api_id, conf.telegram_api_hash.get_secret_value()
    )
    await client.start()  # prompts on the terminal: phone, code, password
    try:
        me = await client.get_me()
        typer.echo(
            f"signed in as {getattr(me, 'username', None) or getattr(me, 'id', '?')}", err=True
        )
        if session_file:
            typer.echo(f"session kept in {session_file}; set HALYQ_TELEGRAM_SESSION={session_file}")
        else:
            typer.echo("HALYQ_TELEGRAM_SESSION (secret: it opens the account):", err=True)
            typer.echo(StringSession.save(client.session))
    finally:
        await client.disconnect()
