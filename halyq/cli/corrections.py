"""`halyq corrections ...`: the operators' corrections, as data to train and evaluate on."""

from __future__ import annotations

import sys

import typer

from halyq.cli.base import group, settings

corrections_app = group("corrections", "Operators' corrections to what Halyq read.")


@corrections_app.command("export")
def corrections_export() -> None:
    """Print every corrected post as labelled JSONL (redacted text; only corrected fields are
    labels), the format `halyq eval` and `halyq train --corrections-file` read."""
    from halyq.commands import export_corrections

    written = export_corrections(settings(), sys.stdout)
    typer.echo(f"{written} corrected posts", err=True)
