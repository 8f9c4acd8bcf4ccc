"""Listing, searching and filtering the four registry lists.

Filters are plain dataclasses; an empty filter matches everything. The same filters drive the
web lists and the exports, so an export holds exactly what the list shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, selectinload

from halyq.civil import values
from halyq.db.civil import MediaProduct, Ngo, OutreachEvent, Project

EXPORT_BATCH = 500


@dataclass
class Filters:
    """Shared by every list's filters: blank strings mean "not set"."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str) and not value.strip():
                setattr(self, item.name, None)
            elif isinstance(value, str):
                setattr(self, item.name, value.strip())

    def as_query(self) -> dict[str, Any]:
        """The filters that are set, for links that keep them."""
        return {name: value for name, value in asdict(self).items() if value is not None}


@dataclass
class NgoFilters(Filters):
    q: str | None = None  # a part of the Kazakh or Russian name, or of the BIN
    legal_form: str | None = None
    status: str | None = None
    activity: str | None = None
    active_on: date | None = None  # registered by then and not liquidated on or before it


@dataclass
class ProjectFilters(Filters):
    year: int | None = None
    ngo_bin: str | None = None
    status: str | None = None
    topic: str | None = None  # a part of the topic or title


@dataclass
class EventFilters(Filters):
    date_from: date | None = None
    date_to: date | None = None
    organiser: str | None = None
    venue_kind: str | None = None
    project_code: str | None = None


@dataclass
class MediaFilters(Filters):
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    project_code: str | None = None


def text_variants(part: str) -> set[str]:
    """The ways a word is capitalised in a name: SQLite folds the case of ASCII letters only
    and PostgreSQL's LIKE none, so "жастар" must also be looked for as "Жастар" and "ЖАСТАР"."""
    return {part, part.lower(), part.upper(), part.capitalize(), part.title()}


def _contains_any(columns: Sequence[Any], part: str) -> Any:
    return or_(
        *(
            column.contains(variant, autoescape=True)
            for column in columns
            for variant in text_variants(part)
        )
    )


def ngos_query(filters: NgoFilters) -> Select[Ngo]:
    query = select(Ngo)
    if filters.q:
        query = query.where(_contains_any((Ngo.name_kk, Ngo.name_ru, Ngo.bin), filters.q))
    if filters.legal_form:
        query = query.where(Ngo.legal_form == filters.legal_form)
    if filters.status:
        query = query.where(Ngo.status == filters.status)
    if filters.activity:
        # One item of the JSON list, as the JSON text holds it: letters as themselves (the
        # engine's serialiser) or escaped (rows written before it kept them).
        text = cast(Ngo.activities, String)
        forms = {json.dumps(filters.activity, ensure_ascii=escaped) for escaped in (False, True)}
        query = query.where(or_(*(text.contains(form, autoescape=True) for form in forms)))
    if filters.active_on:
        query = query.where(*active_on(filters.active_on))
    return query.order_by(Ngo.name_kk, Ngo.id)


def active_on(day: date) -> tuple[Any, ...]:
    """The counting rule: registered on or before `day` and not liquidated on or before it."""
    return (
        or_(Ngo.registered_on.is_(None), Ngo.registered_on <= day),
        or_(Ngo.liquidated_on.is_(None), Ngo.liquidated_on > day),
    )


def projects_query(filters: ProjectFilters) -> Select[Project]:
    query = select(Project).options(selectinload(Project.ngo), selectinload(Project.indicators))
    if filters.year:
        query = query.where(Project.year == filters.year)
    if filters.ngo_bin:
        query = query.where(Project.ngo.has(Ngo.bin == filters.ngo_bin))
    if filters.status:
        query = query.where(Project.status == filters.status)
    if filters.topic:
        query = query.where(_contains_any((Project.topic, Project.title), filters.topic))
    return query.order_by(Project.year.desc(), Project.code)


def events_query(filters: EventFilters) -> Select[OutreachEvent]:
    query = select(OutreachEvent).options(selectinload(OutreachEvent.project))
    query = _period(query, OutreachEvent.date, filters.date_from, filters.date_to)
    if filters.organiser:
        query = query.where(OutreachEvent.organiser == filters.organiser)
    if filters.venue_kind:
        query = query.where(OutreachEvent.venue_kind == filters.venue_kind)
    if filters.project_code:
        query = query.where(OutreachEvent.project.has(Project.code == filters.project_code))
    return query.order_by(OutreachEvent.date.desc(), OutreachEvent.id.desc())


def media_query(filters: MediaFilters) -> Select[MediaProduct]:
    query = select(MediaProduct).options(selectinload(MediaProduct.project))
    query = _period(query, MediaProduct.date, filters.date_from, filters.date_to)
    if filters.kind:
        query = query.where(MediaProduct.kind == filters.kind)
    if filters.project_code:
        query = query.where(MediaProduct.project.has(Project.code == filters.project_code))
    return query.order_by(MediaProduct.date.desc(), MediaProduct.id.desc())


def _period(query: Select[Any], column: Any, start: date | None, end: date | None) -> Select[Any]:
    if start:
        query = query.where(column >= start)
    if end:
        query = query.where(column <= end)
    return query


QUERIES = {
    "ngos": (NgoFilters, ngos_query),
    "projects": (ProjectFilters, projects_query),
    "events": (EventFilters, events_query),
    "media": (MediaFilters, media_query),
}


def list_page(
    session: Session, sheet: str, filters: Filters, *, page: int, per_page: int
) -> tuple[list[Any], int]:
    """One page of a list and the number of rows the filters match."""
    query = QUERIES[sheet][1](filters)  # type: ignore[operator]
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return list(rows), total or 0


def all_rows(session: Session, sheet: str, filters: Filters) -> Iterator[Any]:
    """Every row the filters match, in list order, fetched in batches (for exports)."""
    query = QUERIES[sheet][1](filters)  # type: ignore[operator]
    offset = 0
    while True:
        batch = session.scalars(query.limit(EXPORT_BATCH).offset(offset)).all()
        yield from batch
        if len(batch) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


def activities_in_use(session: Session) -> list[str]:
    """Every field of activity some NGO has, sorted (the filter's choices)."""
    seen: set[str] = set()
    for items in session.scalars(select(Ngo.activities)):
        seen.update(items or [])
    return sorted(seen)


# Filters that are not plain text, and how their query-string value is read.
_FILTER_READERS: dict[str, Any] = {
    "active_on": values.day,
    "date_from": values.day,
    "date_to": values.day,
    "year": values.year,
}


def parse_filters(sheet: str, given: Mapping[str, str], *, strict: bool = False) -> Filters:
    """The list's filters from text values ("date_from" → a date, "year" → an int).

    Raises ValueError naming the filter; with `strict`, names the list has no filter for too.
    """
    cls = QUERIES[sheet][0]
    names = {item.name for item in fields(cls)}
    unknown = sorted(set(given) - names)
    if strict and unknown:
        raise ValueError(f"{sheet} has no filter {unknown[0]}; it has: {', '.join(sorted(names))}")
    chosen: dict[str, Any] = {}
    for name in names:
        raw = (given.get(name) or "").strip()
        if not raw:
            continue
        try:
            chosen[name] = _FILTER_READERS.get(name, str)(raw)
        except ValueError as exc:
            raise ValueError(f"filter {name}: {exc}") from None
    return cls(**chosen)  # type: ignore[no-any-return]
