"""The figures of a report: one function reads the database, one typed result holds them all.

`count_figures()` returns a `Figures`; `Figures.to_json()` is the report's JSON format, and the
DOCX, XLSX and PDF documents are written from the same object. The counting rules:

NGOs (counted at the period's last day, `end`)
  - an NGO counts if it was registered on or before `end`, or its registration date is unknown;
  - a `liquidated` NGO does not count if it was liquidated on or before `end`, or on an unknown
    date; liquidated after `end`, it still counts. An `active` NGO's liquidation date is ignored.
  - `by_form` has every legal form, zeros included.

State social-order projects
  - a project counts if [starts_on, ends_on] overlaps the period by at least one day; a missing
    start is 1 January of the project's `year`, a missing end 31 December of it;
  - `cancelled` projects do not count;
  - the budget is the exact sum of whole tenge (integers throughout, never floats).

Outreach events and media products
  - counted when their date lies within the period, first and last day included;
  - an event without a participant figure adds nothing to `participants` and is counted in
    `events_without_participants` (unknown is not zero).
  - events' and media's missing topic or partner is the key "" ("not stated" in documents).

Residents' appeals (cases; see halyq.reports.appeals)
  - a case merged into another (`duplicate`) is not a separate appeal and is never counted;
  - `received`: cases opened within the period (city time), by channel (the source of the
    case's earliest post up to its ":" — `telegram:kyzylorda_chat` → `telegram`), category and
    department (the department holding the case now);
  - `resolved`, `closed`, `redirected`, `rejected`: cases whose first move to that status is
    within the period, whenever they were opened;
  - `overdue`: cases still open at the period's end (or now, if earlier) past their resolution
    deadline, plus cases resolved within the period after their deadline; a `redirected` case
    is not open (it went to the competent body);
  - first response is a case's first saved answer or status change after it opened, whichever
    came first; resolution its first move to `resolved`. Medians are in working hours on the
    city's calendar, over the responses and resolutions that fall within the period.

Coordinated campaigns are not built yet (halyq.campaigns is empty): the documents leave the
section out and the JSON says `"campaigns": null`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from halyq.city.calendar import WorkingCalendar
from halyq.reports.appeals import AppealFigures, count_appeals
from halyq.reports.civil_counts import (
    EventFigures,
    MediaFigures,
    NgoFigures,
    ProjectFigures,
    count_events,
    count_media,
    count_ngos,
    count_projects,
)
from halyq.reports.formatting import Lang
from halyq.reports.periods import Period


class PeriodFigures(BaseModel):
    label: str
    from_: date = Field(serialization_alias="from")
    to: date


class Figures(BaseModel):
    lang: Lang
    period: PeriodFigures
    ngos: NgoFigures
    projects: ProjectFigures
    events: EventFigures
    media: MediaFigures
    appeals: AppealFigures
    campaigns: None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON format: dates as ISO strings, `period.from`, `"campaigns": null`."""
        return self.model_dump(mode="json", by_alias=True)


def count_figures(
    session: Session,
    *,
    period: Period,
    lang: Lang,
    calendar: WorkingCalendar,
    now: datetime,
) -> Figures:
    """Every figure of the report for `period`; NGO names in `lang`; `now` caps "at the end"
    for appeals when the period has not ended yet."""
    return Figures(
        lang=lang,
        period=PeriodFigures(label=period.label, from_=period.start, to=period.end),
        ngos=count_ngos(session, end=period.end),
        projects=count_projects(session, period=period, lang=lang),
        events=count_events(session, period=period),
        media=count_media(session, period=period),
        appeals=count_appeals(session, period=period, calendar=calendar, now=now),
    )
