"""Build a report: count the figures once, write them as DOCX, XLSX, PDF or JSON.

with session_scope(sessions) as session:
    data = build_report(session, period=parse_period("2026-H1"), lang="kk", fmt="docx",
                        profile=profile, calendar=calendar, now=utcnow())
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Literal, get_args

from sqlalchemy.orm import Session

from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.reports.figures import Figures, count_figures
from halyq.reports.formatting import LANGS, Lang
from halyq.reports.periods import Period
from halyq.reports.render_docx import docx_bytes
from halyq.reports.render_pdf import pdf_bytes
from halyq.reports.render_xlsx import xlsx_bytes
from halyq.reports.sections import build_document

Format = Literal["docx", "xlsx", "pdf", "json"]
FORMATS: tuple[Format, ...] = get_args(Format)
CONTENT_TYPES: dict[Format, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


class ReportError(ValueError):
    """A report that cannot be made as asked (unknown language or format)."""


def build_report(
    session: Session,
    *,
    period: Period,
    lang: Lang,
    fmt: Format,
    profile: CityProfile,
    calendar: WorkingCalendar,
    now: datetime,
) -> bytes:
    """The report for `period` in `lang`, as the bytes of a `fmt` file."""
    figures = count_figures(session, period=period, lang=lang, calendar=calendar, now=now)
    made_on = now.astimezone(calendar.zone).date()
    return render(figures, period=period, fmt=fmt, profile=profile, made_on=made_on)


def render(
    figures: Figures, *, period: Period, fmt: Format, profile: CityProfile, made_on: date
) -> bytes:
    """Counted figures written in one format; `made_on` is the date in the document's footer."""
    if fmt == "json":
        text = json.dumps(figures.to_json(), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    document = build_document(figures, period=period, profile=profile, made_on=made_on)
    writer = {"docx": docx_bytes, "xlsx": xlsx_bytes, "pdf": pdf_bytes}[fmt]
    return writer(document)


def check_lang(value: str) -> Lang:
    if value not in LANGS:
        raise ReportError(f"language '{value}' is not one of: {', '.join(LANGS)}")
    return value


def check_format(value: str) -> Format:
    if value not in FORMATS:
        raise ReportError(f"format '{value}' is not one of: {', '.join(FORMATS)}")
    return value


def format_of(path: str) -> Format | None:
    """The format a file name asks for by its extension (`report.pdf` → pdf), else None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def file_name(period: Period, lang: Lang, fmt: Format) -> str:
    """ "halyq-report-2026-H1-kk.docx"."""
    label = period.label.replace("..", "_")
    return f"halyq-report-{label}-{lang}.{fmt}"
