"""The civil society figures of a report: NGOs, social-order projects, events and media.

The counting rules are written down in halyq.reports.figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from halyq.db.civil import (
    LEGAL_FORMS,
    MEDIA_KINDS,
    ORGANISERS,
    VENUE_KINDS,
    MediaProduct,
    Ngo,
    OutreachEvent,
    Project,
)
from halyq.reports.formatting import Lang
from halyq.reports.periods import Period


class NgoFigures(BaseModel):
    active: int
    by_form: dict[str, int]


class Indicator(BaseModel):
    name: str
    planned: int | None
    actual: int | None


class ProjectItem(BaseModel):
    code: str
    title: str
    topic: str | None
    ngo: str | None  # the NGO's name in the report's language
    ngo_bin: str | None
    budget_tenge: int
    starts_on: date | None
    ends_on: date | None
    status: str
    indicators: list[Indicator]


class ProjectFigures(BaseModel):
    count: int
    budget_tenge: int
    items: list[ProjectItem]


class EventFigures(BaseModel):
    count: int
    by_organiser: dict[str, int]
    by_venue_kind: dict[str, int]
    by_topic: dict[str, int]
    participants: int
    events_without_participants: int


class MediaFigures(BaseModel):
    count: int
    by_kind: dict[str, int]
    by_partner: dict[str, int]


def count_ngos(session: Session, *, end: date) -> NgoFigures:
    """NGOs registered (or of unknown date) and not liquidated on `end`, by legal form."""
    registered = or_(Ngo.registered_on.is_(None), Ngo.registered_on <= end)
    gone = and_(
        Ngo.status == "liquidated",
        or_(Ngo.liquidated_on.is_(None), Ngo.liquidated_on <= end),
    )
    query = select(Ngo.legal_form, func.count()).where(registered, ~gone).group_by(Ngo.legal_form)
    counts: dict[str, int] = {form: n for form, n in session.execute(query)}
    return NgoFigures(active=sum(counts.values()), by_form=_every(LEGAL_FORMS, counts))


def count_projects(session: Session, *, period: Period, lang: Lang) -> ProjectFigures:
    """Projects whose dates overlap the period (cancelled ones left out), in code order."""
    query = (
        select(Project)
        .where(Project.status != "cancelled")
        .options(selectinload(Project.ngo), selectinload(Project.indicators))
        .order_by(Project.code)
    )
    active = [project for project in session.scalars(query) if _overlaps(project, period)]
    items = [_item(project, lang) for project in active]
    # Python's int is exact at any size; the sum never passes through a float.
    budget = sum(item.budget_tenge for item in items)
    return ProjectFigures(count=len(items), budget_tenge=budget, items=items)


def count_events(session: Session, *, period: Period) -> EventFigures:
    """Events dated within the period, by organiser, venue kind and topic, with participants."""
    query = select(OutreachEvent).where(OutreachEvent.date.between(period.start, period.end))
    events = list(session.scalars(query))
    known = [event.participants for event in events if event.participants is not None]
    return EventFigures(
        count=len(events),
        by_organiser=_every(ORGANISERS, Counter(event.organiser for event in events)),
        by_venue_kind=_every(VENUE_KINDS, Counter(event.venue_kind for event in events)),
        # Typed by hand, a topic starts in either case: "діни …" and "Діни …" are one topic.
        by_topic=_largest_first(_capital(event.topic) for event in events),
        participants=sum(known),
        events_without_participants=len(events) - len(known),
    )


def count_media(session: Session, *, period: Period) -> MediaFigures:
    """Media products dated within the period, by kind and by partner."""
    query = select(MediaProduct).where(MediaProduct.date.between(period.start, period.end))
    products = list(session.scalars(query))
    return MediaFigures(
        count=len(products),
        by_kind=_every(MEDIA_KINDS, Counter(product.kind for product in products)),
        by_partner=_largest_first(product.partner for product in products),
    )


def _overlaps(project: Project, period: Period) -> bool:
    starts = project.starts_on or date(project.year, 1, 1)
    ends = project.ends_on or date(project.year, 12, 31)
    return starts <= period.end and ends >= period.start


def _item(project: Project, lang: Lang) -> ProjectItem:
    ngo = project.ngo
    return ProjectItem(
        code=project.code,
        title=project.title,
        topic=project.topic,
        ngo=(ngo.name_kk if lang == "kk" else ngo.name_ru) if ngo else None,
        ngo_bin=ngo.bin if ngo else None,
        budget_tenge=project.budget_tenge,
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        status=project.status,
        indicators=[
            Indicator(name=row.name, planned=row.planned, actual=row.actual)
            for row in project.indicators
        ],
    )


def _every(known: Iterable[str], counts: dict[str, int] | Counter[str]) -> dict[str, int]:
    """Every known code in its order (zeros included), then any other code found in the data."""
    result = {code: counts.get(code, 0) for code in known}
    result.update({code: n for code, n in sorted(counts.items()) if code not in result})
    return result


def _largest_first(values: Iterable[str | None]) -> dict[str, int]:
    """Counts of free-text values (trimmed; missing is ""), largest first, then by name."""
    counts = Counter((value or "").strip() for value in values)
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def _capital(text: str | None) -> str | None:
    value = (text or "").strip()
    return value[:1].upper() + value[1:] if value else None
