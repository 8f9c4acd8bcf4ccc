"""`halyq posts ...`: posts on the command line."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from halyq.cli.base import group, settings

posts_app = group("posts", "Posts: export in the shape every channel shares.")


@posts_app.command("export")
def posts_export(
    format: Annotated[str, typer.Option("--format", help="Only jsonl for now.")] = "jsonl",
    source: Annotated[
        str | None, typer.Option(help="Only this source, e.g. telegram:1234567890.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only posts written at or after this date or time (ISO 8601; without a "
            "zone, Kyzylorda time)."
        ),
    ] = None,
    include_deleted: Annotated[
        bool, typer.Option("--include-deleted", help="Also the posts the channel deleted.")
    ] = False,
) -> None:
    """Print posts as JSON lines: source, id, author, text, created_at, url, reply_to,
    edited_at. The author is the pseudonym, never the name; `halyq ingest jsonl
    --pseudonymous-authors` takes the file back in."""
    from halyq.commands import open_sessions
    from halyq.sources.export import export_posts
    from halyq.sources.records import parse_time

    if format != "jsonl":
        raise typer.BadParameter(
            f"'{format}' is not a known format; use jsonl", param_hint="--format"
        )
    try:
        moment = parse_time(since) if since is not None else None
    except ValueError:
        raise typer.BadParameter(f"'{since}' is not a date", param_hint="--since") from None
    written = 0
    with open_sessions(settings()) as sessions, sessions() as session:
        for record in export_posts(
            session, source=source, since=moment, include_deleted=include_deleted
        ):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    sys.stdout.flush()
    typer.echo(f"{written} posts", err=True)
