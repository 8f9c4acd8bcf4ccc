"""What every `halyq` command shares: the root Typer app, settings and input files."""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from halyq.config import Settings

app = typer.Typer(help="Halyq: residents' posts in, routed cases out.", no_args_is_help=True)

InputPath = Annotated[str, typer.Argument(help="A JSONL file, or - for standard input.")]


def group(name: str, help: str) -> typer.Typer:
    """A sub-command group (`halyq NAME ...`), registered on the root app."""
    sub = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(sub, name=name)
    return sub


def settings() -> Settings:
    return Settings()


def open_input(stack: ExitStack, path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return stack.enter_context(Path(path).open("rb"))
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}") from None


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Alembic announces each of its plugins at INFO: noise for a person running Halyq.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
