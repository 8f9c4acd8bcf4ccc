"""`halyq report`: the department's report for a period, in Kazakh or Russian."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from halyq.cli.base import app, settings
from halyq.reports.periods import PERIOD_HELP

T = TypeVar("T")


@app.command("report")
def report_cmd(
    out: Annotated[
        str, typer.Option("--out", help="The file to write; - writes JSON to standard output.")
    ],
    period: Annotated[str | None, typer.Option("--period", help=PERIOD_HELP)] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (ISO), with --to.")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (ISO), included.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="kk or ru.")] = "kk",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="docx, xlsx, pdf or json; default: from --out's extension."),
    ] = None,
) -> None:
    """Write the report for a period: NGOs, social-order projects, outreach, media, appeals."""
    from halyq.city.calendar import load_calendar
    from halyq.city.profile import load_profile
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope
    from halyq.db.types import utcnow
    from halyq.reports.build import build_report, check_format, check_lang, format_of
    from halyq.reports.periods import PeriodError, date_range, parse_period

    try:
        if period is not None and (date_from or date_to):
            raise PeriodError("give either --period or --from and --to, not both")
        if period is not None:
            chosen = parse_period(period)
        elif date_from and date_to:
            chosen = date_range(date_from, date_to)
        else:
            raise PeriodError("give --period (e.g. 2026-H1) or both --from and --to")
    except PeriodError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period / --from / --to") from None
    language = _checked(check_lang, lang, "--lang")
    guessed = "json" if out == "-" else format_of(out)
    if fmt is None and guessed is None:
        raise typer.BadParameter(
            f"cannot tell the format from '{out}': give --format docx, xlsx, pdf or json",
            param_hint="--format",
        )
    kind = _checked(check_format, fmt or guessed or "", "--format")
    if out == "-" and kind != "json":
        raise typer.BadParameter(f"{kind.upper()} is binary: give a file name", param_hint="--out")
    conf = settings()
    profile = load_profile(conf.city)
    with open_sessions(conf) as sessions, session_scope(sessions) as session:
        data = build_report(
            session, period=chosen, lang=language, fmt=kind, profile=profile,
            calendar=load_calendar(profile), now=utcnow(),
        )  # fmt: skip
    _write(out, data)


def _checked(check: Callable[[str], T], value: str, option: str) -> T:
    from halyq.reports.build import ReportError

    try:
        return check(value)
    except ReportError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _write(out: str, data: bytes) -> None:
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        typer.echo(f"cannot write {out}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{out}: {len(data)} bytes", err=True)
