"""`halyq civil ...`: the civil society registry's workbook import, template and exports."""

from __future__ import annotations

import json
from io import BufferedWriter
from pathlib import Path
from typing import Annotated

import typer

from halyq.cli.base import group, settings

civil_app = group(
    "civil", "Civil society registry: NGOs, social-order projects, outreach events, media."
)


@civil_app.command("import")
def civil_import(path: Annotated[Path, typer.Argument(help="An XLSX workbook.")]) -> None:
    """Import the sheets ngos, projects, events and media of a workbook (idempotent).

    Prints {"ngos": {"added", "updated", "unchanged", "rejected"}, ...} as JSON; warnings and
    bad rows ("sheet, row N, column X: why") go to standard error. Exit code 1 only when the
    file could not be read at all.
    """
    from halyq.civil.workbook import WorkbookUnreadable, import_workbook
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope

    try:
        with (
            path.open("rb") as source,
            open_sessions(settings()) as sessions,
            session_scope(sessions) as session,
        ):
            report = import_workbook(session, source)
    except (OSError, WorkbookUnreadable) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        typer.echo(f"{path}: {reason}; nothing was imported", err=True)
        raise typer.Exit(1) from None
    for warning in report.warnings:
        typer.echo(f"{path}: warning: {warning}", err=True)
    for error in report.errors:
        typer.echo(f"{path}: {error}", err=True)
    typer.echo(json.dumps(report.as_dict()))


@civil_app.command("template")
def civil_template(path: Annotated[Path, typer.Argument(help="Where to write the XLSX.")]) -> None:
    """Write an empty import workbook: the four sheets' headers, drop-down lists and a notes
    sheet explaining each column in Kazakh and Russian."""
    from halyq.civil.template import write_template

    with _output(path) as out:
        write_template(out)
    typer.echo(f"wrote {path}", err=True)


@civil_app.command("export")
def civil_export(
    sheet: Annotated[str, typer.Argument(help="ngos, projects, events or media.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    format: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
    filters: Annotated[
        list[str] | None,
        typer.Option(
            "--filter",
            help="NAME=VALUE, repeatable. ngos: q, legal_form, status, activity, active_on; "
            "projects: year, ngo_bin, status, topic; events: date_from, date_to, organiser, "
            "venue_kind, project_code; media: date_from, date_to, kind, project_code.",
        ),
    ] = None,
) -> None:
    """Write one list (with the list page's filters) as XLSX or CSV (UTF-8 with BOM), in the
    import's columns."""
    from halyq.civil.columns import SHEETS
    from halyq.civil.export import FORMATS, write_export
    from halyq.civil.queries import all_rows, parse_filters
    from halyq.commands import open_sessions

    if sheet not in SHEETS:
        raise typer.BadParameter(f"'{sheet}' is not one of {', '.join(SHEETS)}")
    if format not in FORMATS:
        raise typer.BadParameter(
            f"'{format}' is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    given = dict(_name_value(item) for item in filters or [])
    try:
        chosen = parse_filters(sheet, given, strict=True)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--filter") from None
    with open_sessions(settings()) as sessions, sessions() as session, _output(out) as stream:
        written = write_export(sheet, all_rows(session, sheet, chosen), stream, format=format)
    typer.echo(f"wrote {written} {sheet} to {out}", err=True)


def _name_value(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep:
        raise typer.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--filter")
    return name.strip(), value


def _output(path: Path) -> BufferedWriter:
    try:
        return path.open("wb")
    except OSError as exc:
        raise typer.BadParameter(f"cannot write {path}: {exc.strerror}") from None
