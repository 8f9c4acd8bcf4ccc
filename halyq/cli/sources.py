"""`halyq sources list|add|test|run|pause|resume`: the live channels and their schedules."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from halyq.cli.base import group, settings

sources_app = group("sources", "Live channels (VK, Instagram, Facebook, YouTube, RSS, ...).")
Name = Annotated[str, typer.Argument(help="The source's name, as given to `halyq sources add`.")]
# Friendly options: each fills one key of the config (lists may repeat the option).
LIST_OPTIONS = {
    "owner_id": "owner_ids",
    "keyword": "keywords",
    "hashtag": "hashtags",
    "page_id": "page_ids",
    "video_id": "video_ids",
    "channel_id": "channel_ids",
    "feed": "feeds",
}


@sources_app.command("list")
def list_sources() -> None:
    """Every source: kind, schedule, last success, last error, posts today and in all."""
    from halyq.city.profile import load_profile
    from halyq.commands import open_sessions
    from halyq.sources.registry import overviews

    conf = settings()
    zone = ZoneInfo(load_profile(conf.city).timezone)
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    with open_sessions(conf) as sessions, sessions() as session:
        rows = overviews(session, day_start=midnight)
    if not rows:
        typer.echo("no sources yet: see `halyq sources add --help`")
        return
    typer.echo(
        f"{'name':<20} {'kind':<10} {'every':>6} {'state':<7} {'last success':<17} "
        f"{'today':>6} {'total':>7}  last error"
    )
    for row in rows:
        state = "paused" if row.paused else ("failing" if row.failing else "ok")
        error = f"{_time(row.last_error_at, zone)} {row.last_error}" if row.last_error else "—"
        typer.echo(
            f"{row.name:<20} {row.kind:<10} {row.schedule_minutes:>5}m {state:<7} "
            f"{_time(row.last_success_at, zone):<17} {row.posts_today:>6} {row.posts_total:>7}"
            f"  {error}"
        )


@sources_app.command("add")
def add(
    name: Name,
    kind: Annotated[str, typer.Option(help="vk, instagram, facebook, youtube, rss, ...")],
    config: Annotated[str, typer.Option(help="JSON, e.g. '{\"owner_ids\": [-12345]}'.")] = "{}",
    every: Annotated[int, typer.Option(help="Minutes between runs.")] = 15,
    owner_id: Annotated[list[int] | None, typer.Option(help="VK wall (-N: community).")] = None,
    keyword: Annotated[list[str] | None, typer.Option(help="VK news search query.")] = None,
    user_id: Annotated[str | None, typer.Option(help="Instagram account id.")] = None,
    hashtag: Annotated[list[str] | None, typer.Option(help="Instagram hashtag.")] = None,
    page_id: Annotated[list[str] | None, typer.Option(help="Facebook Page id.")] = None,
    video_id: Annotated[list[str] | None, typer.Option(help="YouTube video id.")] = None,
    channel_id: Annotated[list[str] | None, typer.Option(help="YouTube channel id.")] = None,
    feed: Annotated[list[str] | None, typer.Option(help="RSS/Atom feed address.")] = None,
) -> None:
    """Register a source; its config is checked now, its credentials on the first run."""
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope
    from halyq.sources.registry import add_source

    options: dict[str, Any] = {
        "owner_id": owner_id, "keyword": keyword, "hashtag": hashtag, "page_id": page_id,
        "video_id": video_id, "channel_id": channel_id, "feed": feed,
    }  # fmt: skip
    parsed = _config(config)
    for option, values in options.items():
        if values:
            parsed[LIST_OPTIONS[option]] = [*parsed.get(LIST_OPTIONS[option], []), *values]
    if user_id:
        parsed["user_id"] = user_id
    conf = settings()
    try:
        with open_sessions(conf) as sessions, session_scope(sessions) as session:
            add_source(session, conf, name=name, kind=kind, config=parsed, schedule_minutes=every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(
        f"added {name} ({kind}, every {every} min): {json.dumps(parsed, ensure_ascii=False)}"
    )


@sources_app.command("test")
def test(name: Name) -> None:
    """Reach the platform once with the configured credentials and say what was found."""
    from halyq.commands import open_sessions
    from halyq.sources.connector import SourceError
    from halyq.sources.kinds import FACTORIES
    from halyq.sources.registry import get_source

    conf = settings()
    try:
        with open_sessions(conf) as sessions, sessions() as session:
            source = get_source(session, name)
            kind, config = source.kind, dict(source.config)
        typer.echo(FACTORIES[kind](config, conf).check())
    except (SourceError, LookupError, ValueError) as exc:
        typer.echo(f"{name}: {exc}", err=True)
        raise typer.Exit(1) from None


@sources_app.command("run")
def run(name: Name) -> None:
    """Run one source now, whatever its schedule, and print what it did."""
    from halyq.commands import open_sessions
    from halyq.sources.registry import get_source
    from halyq.sources.runner import run_source

    conf = settings()
    with open_sessions(conf) as sessions:
        try:
            with sessions() as session:
                paused = get_source(session, name).paused
        except LookupError as exc:
            raise typer.BadParameter(str(exc)) from None
        if paused:
            typer.echo(f"{name} is paused: `halyq sources resume {name}` first", err=True)
            raise typer.Exit(1)
        summary = run_source(sessions, name, conf)
    for problem in summary.problems:
        typer.echo(f"{name}: rejected {problem}", err=True)
    typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    if summary.error:
        raise typer.Exit(1)


@sources_app.command("pause")
def pause(name: Name) -> None:
    """Stop running a source on its schedule (the worker skips it)."""
    _set_paused(name, paused=True)


@sources_app.command("resume")
def resume(name: Name) -> None:
    """Run a paused source again, from the next worker pass on."""
    _set_paused(name, paused=False)


def _set_paused(name: str, *, paused: bool) -> None:
    from halyq.commands import open_sessions
    from halyq.db.engine import session_scope
    from halyq.sources.registry import set_paused

    conf = settings()
    try:
        with open_sessions(conf) as sessions, session_scope(sessions) as session:
            set_paused(session, name, paused=paused)
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(f"{name}: {'paused' if paused else 'resumed'}")


def _config(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(
            f"--config is not JSON ({exc.msg} at column {exc.colno})"
        ) from None
    if not isinstance(parsed, dict):
        raise typer.BadParameter("--config must be a JSON object")
    return parsed


def _time(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M") if moment else "—"
