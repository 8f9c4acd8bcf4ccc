"""`halyq calendar ...` and `halyq city ...`: the city profile and its working calendar."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from halyq.cli.base import group, settings

calendar_app = group("calendar", "The city's working calendar.")
city_app = group("city", "The city profile.")


@calendar_app.command("add-working-days")
def add_working_days(start: str, days: int) -> None:
    """Print the date DAYS working days after START (ISO date), skipping holidays."""
    from halyq.city.calendar import load_calendar
    from halyq.city.profile import load_profile

    try:
        first = date.fromisoformat(start)
    except ValueError:
        raise typer.BadParameter(f"'{start}' is not an ISO date like 2026-12-11") from None
    calendar = load_calendar(load_profile(settings().city))
    typer.echo(calendar.add_working_days(first, days).isoformat())


@city_app.command("check")
def city_check(city: Annotated[str | None, typer.Argument()] = None) -> None:
    """Validate a city profile and print what it holds."""
    from halyq.city.profile import ProfileError, load_profile

    started = time.monotonic()
    try:
        profile = load_profile(city or settings().city)
    except ProfileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        json.dumps(
            {
                "city": profile.code,
                "departments": len(profile.departments),
                "categories": len(profile.categories),
                "places": len(profile.places),
                "seconds": round(time.monotonic() - started, 3),
            }
        )
    )


@city_app.command("import-osm")
def city_import_osm(
    path: Annotated[Path, typer.Argument(help="An .osm, .osm.pbf or Overpass .geojson file.")],
    city: Annotated[str | None, typer.Option(help="City profile (default: HALYQ_CITY).")] = None,
) -> None:
    """Add OSM streets, address points, facilities and boundaries to the city profile."""
    from halyq.city.osm_store import import_osm
    from halyq.city.profile import ProfileError, profile_dir

    try:
        summary = import_osm(path, profile_dir(city or settings().city))
    except (ProfileError, ValueError, OSError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
