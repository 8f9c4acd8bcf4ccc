"""`halyq cases ...`: cases on the command line."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from halyq.cli.base import group, settings

cases_app = group("cases", "Cases: export, show, history.")


@cases_app.command("export")
def cases_export(
    format: Annotated[str, typer.Option("--format", help="Only jsonl for now.")] = "jsonl",
) -> None:
    """Print every case as one JSON line: case_id, category, department, status, track, place,
    opened_at, due_at, post_ids (as given at ingest), residents."""
    from halyq.commands import export_cases

    if format != "jsonl":
        raise typer.BadParameter(
            f"'{format}' is not a known format; use jsonl", param_hint="--format"
        )
    written = export_cases(settings(), sys.stdout)
    typer.echo(f"{written} cases", err=True)


@cases_app.command("show")
def cases_show(case_id: int) -> None:
    """Print one case: facts, when the problem began (precision time | part | date | post:
    as far as its posts say), deadlines, residents and its posts (personal data removed)."""
    report = _case_report(case_id)
    for key in ("case_id", "status", "category", "department", "track", "place", "urgency",
                "started_at", "started_precision", "opened_at", "respond_by", "due_at",
                "residents", "duplicate_of"):  # fmt: skip
        typer.echo(f"{key:>12}: {report[key] if report[key] is not None else '—'}")
    typer.echo(f"{'summary':>12}: {report['summary']}")
    typer.echo(f"{'posts':>12}: {len(report['posts'])}")
    for post in report["posts"]:
        typer.echo(f"  {post['created_at']}  {post['source']}  {post['id']}")
        typer.echo(f"      {post['text'] or '(not analysed yet)'}")


@cases_app.command("history")
def cases_history(case_id: int) -> None:
    """Print a case's audit trail, oldest first: when, who, what, from → to, why."""
    for event in _case_report(case_id)["events"]:
        change = f"{event['from'] or ''} → {event['to'] or ''}".strip()
        why = f"  ({event['reason']})" if event["reason"] else ""
        typer.echo(f"{event['at']}  {event['actor']}  {event['action']}  {change}{why}")


def _case_report(case_id: int) -> dict[str, Any]:
    from halyq.commands import case_report

    report = case_report(settings(), case_id)
    if report is None:
        typer.echo(f"no case {case_id}; `halyq cases export` lists them", err=True)
        raise typer.Exit(1)
    return report
