"""`halyq ingest ...` and `halyq demo load`: posts in from files."""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Annotated

import typer

from halyq.cli.base import InputPath, group, open_input, settings

ingest_app = group("ingest", "Take posts in from files and channels.")
demo_app = group("demo", "The demo Kyzylorda data set.")


@ingest_app.command("jsonl")
def ingest_jsonl(
    path: InputPath,
    source: Annotated[str, typer.Option(help="Source for lines that name none.")] = "import",
) -> None:
    """Import posts, one JSON object per line: id, text, created_at, author, source, url."""
    from halyq.commands import ingest_stream

    with ExitStack() as stack:
        stream = open_input(stack, path)
        summary = ingest_stream(settings(), stream, default_source=source, label=path)
    for error in summary.errors:
        typer.echo(f"{path}: {error}", err=True)
    typer.echo(json.dumps(summary.as_dict()))


@demo_app.command("load")
def demo_load() -> None:
    """Import the bundled demo posts from Kyzylorda (idempotent: a second run adds nothing)."""
    from halyq.commands import DEMO_POSTS, ingest_stream

    with DEMO_POSTS.open("rb") as stream:
        summary = ingest_stream(settings(), stream, default_source="demo", label="demo")
    typer.echo(json.dumps(summary.as_dict()))
