"""`halyq ingest ...` and `halyq demo load`: posts in from files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from halyq.cli.base import InputPath, group, open_input, settings

if TYPE_CHECKING:
    from halyq.sources.importer import ImportSummary, ItemError, Place
    from halyq.sources.records import PostIn

ingest_app = group("ingest", "Take posts in from files and channels.")
demo_app = group("demo", "The demo Kyzylorda data set.")


@ingest_app.command("jsonl")
def ingest_jsonl(
    path: InputPath,
    source: Annotated[str, typer.Option(help="Source for lines that name none.")] = "import",
    pseudonymous_authors: Annotated[
        bool,
        typer.Option(
            "--pseudonymous-authors",
            help="Each author is a pseudonym already (from `halyq posts export`): kept as it "
            "is, and no name is stored.",
        ),
    ] = False,
) -> None:
    """Import posts, one JSON object per line: id, text, created_at, author, source, url,
    reply_to, edited_at."""
    from halyq.sources.jsonl import read_posts

    with ExitStack() as stack:
        stream = open_input(stack, path)
        items = read_posts(stream, default_source=source, pseudonymous_authors=pseudonymous_authors)
        summary = _import(path, items)
    _report(summary)


@ingest_app.command("telegram-export")
def ingest_telegram_export(
    path: Annotated[
        Path, typer.Argument(help="result.json of a Telegram Desktop export, or its folder.")
    ],
    username: Annotated[
        str | None,
        typer.Option(
            help="The public chat's @username, for t.me links to its posts (one-chat exports; "
            "Telegram does not write it into the export)."
        ),
    ] = None,
) -> None:
    """Import a Telegram Desktop export ("Export chat history", JSON): one chat, or every
    chat of an account export. Service messages and messages without text are skipped;
    re-importing adds nothing and takes newer edits. Exits 1 when the file breaks off,
    after storing everything before the break."""
    from halyq.sources.telegram_export import ExportError, export_file, public_username, read_export

    try:
        file, name = export_file(path), public_username(username)
    except ExportError as exc:
        raise typer.BadParameter(str(exc)) from None
    with file.open("rb") as stream:
        summary = _import(str(file), read_export(stream, username=name))
    _report(summary)


@ingest_app.command("table")
def ingest_table(
    path: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one post a row.")],
    mapping: Annotated[
        str,
        typer.Option(
            "--map",
            help="Which column holds what, by header: id=Нөмірі,text=Мәтін,created_at=Күні,"
            "author=Автор (also url, reply_to). id and text are required.",
        ),
    ],
    source: Annotated[
        str | None, typer.Option(help="The posts' source; default table:<file name>.")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The XLSX sheet; default the first one.")
    ] = None,
) -> None:
    """Import a CSV (UTF-8 or CP1251, any common delimiter) or XLSX table of appeals.
    Dates such as 03.11.2026 09:15 or ISO 8601; without a zone they are Kyzylorda time.
    A bad row is reported with its number and column; the rest goes in."""
    from halyq.sources.tables import TableError, parse_mapping, read_table

    try:
        items = read_table(path, parse_mapping(mapping), source=source, sheet=sheet)
    except TableError as exc:
        raise typer.BadParameter(str(exc)) from None
    _report(_import(str(path), items))


@demo_app.command("load")
def demo_load() -> None:
    """Import the bundled demo posts from Kyzylorda (idempotent: a second run adds nothing)."""
    from halyq.commands import DEMO_POSTS, ingest_stream

    with DEMO_POSTS.open("rb") as stream:
        summary = ingest_stream(settings(), stream, default_source="demo", label="demo")
    typer.echo(json.dumps(summary.as_dict()))


def _import(label: str, items: Iterable[tuple[Place, PostIn | ItemError]]) -> ImportSummary:
    """Store `items` with a progress display; each rejected item goes to standard error with
    its place as it comes."""
    from halyq.commands import open_sessions
    from halyq.progress import progress
    from halyq.sources.importer import BATCH_SIZE, import_posts

    conf = settings()
    shown = 0

    def tick_batch(summary: ImportSummary) -> None:
        nonlocal shown
        tick(summary.done - shown, added=summary.added, rejected=summary.rejected)
        shown = summary.done

    def complain(error: ItemError) -> None:
        typer.echo(f"{label}: {error}", err=True)

    shown_every = 10 * BATCH_SIZE
    with open_sessions(conf) as sessions, progress(f"ingest {label}", every=shown_every) as tick:
        return import_posts(
            sessions,
            items,
            pseudonym_key=conf.resolved_pseudonym_key(),
            on_batch=tick_batch,
            on_error=complain,
        )


def _report(summary: ImportSummary) -> None:
    """The summary as the last line of standard output; exit code 1 when the input broke off."""
    typer.echo(json.dumps(summary.as_dict()))
    if summary.broken:
        raise typer.Exit(1)
