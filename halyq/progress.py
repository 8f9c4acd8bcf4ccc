"""Progress for long CLI work: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

log = logging.getLogger("halyq")


class Tick(Protocol):
    def __call__(self, advance: int = 1, **counts: int) -> None: ...


@contextmanager
def progress(description: str, total: int | None = None, every: int = 1000) -> Iterator[Tick]:
    """Yields `tick(advance, **counts)`; draws a bar on a TTY, else logs every `every` items."""
    if sys.stderr.isatty():
        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[counts]}"),
        ]
        with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
            task = bar.add_task(description, total=total, counts="")

            def tick(advance: int = 1, **counts: int) -> None:
                bar.update(task, advance=advance, counts=_fmt(counts))

            yield tick
        return
    done, started, next_log = 0, time.monotonic(), every

    def tick_log(advance: int = 1, **counts: int) -> None:
        nonlocal done, next_log
        done += advance
        if done >= next_log:
            log.info(
                "%s: %d done in %.1fs %s",
                description,
                done,
                time.monotonic() - started,
                _fmt(counts),
            )
            next_log = done + every

    yield tick_log
    log.info("%s: finished, %d in %.1fs", description, done, time.monotonic() - started)


def _fmt(counts: dict[str, int]) -> str:
    return " ".join(f"{key}={value}" for key, value in counts.items())
