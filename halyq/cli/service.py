"""Running Halyq: the schema, the worker, the web server and its accounts."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from halyq.cli.base import app, group, settings

db_app = group("db", "The database schema.")
users_app = group("users", "Accounts of the people who use Halyq.")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the schema, then load the city profile's departments."""
    from halyq.commands import prepare_database

    conf = settings()
    prepare_database(conf, revision=revision)
    typer.echo(f"database is at {revision}: {conf.database_url}", err=True)


@app.command("worker")
def worker(once: Annotated[bool, typer.Option(help="Drain the queue and exit.")] = False) -> None:
    """Analyse new posts and open routed cases, in batches; runs until stopped."""
    from halyq.commands import run_worker

    run_worker(settings(), once=once)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Default: HALYQ_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: HALYQ_PORT.")] = None,
) -> None:
    """Start the web app (creates the admin account on first run and prints its password)."""
    import uvicorn

    from halyq.commands import ensure_admin_account
    from halyq.web.app import create_app

    conf = settings()
    password = ensure_admin_account(conf)
    address = f"http://{host or conf.host}:{port or conf.port}/"
    typer.echo(f"Halyq is starting at {address}")
    if password:
        typer.echo(f"Log in as admin with password {password}  (shown once; only a hash is kept)")
    else:
        typer.echo(
            "Log in as admin (password was printed on first run; "
            "`halyq users reset-password admin` makes a new one)"
        )
    uvicorn.run(create_app(conf), host=host or conf.host, port=port or conf.port, log_level="info")


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="admin, analyst, executor or head.")] = "analyst",
    department: Annotated[
        str | None, typer.Option(help="Department code (executors; heads for its notices).")
    ] = None,
    telegram_chat_id: Annotated[
        str | None, typer.Option(help="Telegram chat id for case notices.")
    ] = None,
    email: Annotated[str | None, typer.Option(help="E-mail address for case notices.")] = None,
) -> None:
    """Create an account and print its generated password once."""
    from halyq.commands import UserError, add_user

    try:
        password = add_user(
            settings(), username=username, role=role, department=department,
            telegram_chat_id=telegram_chat_id, email=email,
        )  # fmt: skip
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(f"{username}: {password}")


@users_app.command("contacts")
def users_contacts(
    username: str,
    telegram_chat_id: Annotated[
        str | None, typer.Option(help="Telegram chat id; an empty value clears it.")
    ] = None,
    email: Annotated[str | None, typer.Option(help="E-mail; an empty value clears it.")] = None,
) -> None:
    """Set where an account's case notices go (Telegram chat id, e-mail); prints them."""
    from halyq.commands import UserError, set_user_contacts

    try:
        contacts = set_user_contacts(
            settings(), username=username, telegram_chat_id=telegram_chat_id, email=email
        )
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(json.dumps(contacts, ensure_ascii=False))


@users_app.command("reset-password")
def users_reset(username: str) -> None:
    """Give an account a new generated password and print it once."""
    from halyq.commands import UserError, reset_password

    try:
        typer.echo(f"{username}: {reset_password(settings(), username=username)}")
    except UserError as exc:
        raise typer.BadParameter(str(exc)) from None
