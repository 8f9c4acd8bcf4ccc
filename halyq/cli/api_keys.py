"""`halyq api-keys ...`: keys of the Open311 clients that may file requests."""

from __future__ import annotations

import typer

from halyq.cli.base import group, settings

keys_app = group("api-keys", "Keys of Open311 clients: POST requests needs one.")


@keys_app.command("create")
def keys_create(name: str) -> None:
    """Make a key for client NAME and print it once; only its SHA-256 is kept."""
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope
    from halyq.db.types import utcnow
    from halyq.web.api.open311_keys import ApiKeyError, create_api_key

    with open_sessions(settings()) as sessions, session_scope(sessions) as session:
        try:
            key = create_api_key(session, name=name, now=utcnow())
        except ApiKeyError as exc:
            raise typer.BadParameter(str(exc), param_hint="NAME") from None
    typer.echo(f"{name}: {key}")
    typer.echo("shown once: give it to the client now", err=True)


@keys_app.command("list")
def keys_list() -> None:
    """Print every key: name, created, last used, revoked (never the key itself)."""
    from halyq.commands import open_sessions
    from halyq.web.api.open311_keys import list_api_keys

    with open_sessions(settings()) as sessions, sessions() as session:
        for row in list_api_keys(session):
            used = row.last_used_at.isoformat(timespec="seconds") if row.last_used_at else "never"
            state = (
                f"revoked {row.revoked_at.isoformat(timespec='seconds')}"
                if row.revoked_at
                else "active"
            )
            created = row.created_at.isoformat(timespec="seconds")
            typer.echo(f"{row.name}\tcreated {created}\tlast used {used}\t{state}")


@keys_app.command("revoke")
def keys_revoke(name: str) -> None:
    """Refuse the key of client NAME from now on."""
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope
    from halyq.db.types import utcnow
    from halyq.web.api.open311_keys import ApiKeyError, revoke_api_key

    with open_sessions(settings()) as sessions, session_scope(sessions) as session:
        try:
            revoke_api_key(session, name=name, now=utcnow())
        except ApiKeyError as exc:
            raise typer.BadParameter(str(exc), param_hint="NAME") from None
    typer.echo(f"{name}: revoked", err=True)
