"""GET /reports (the report's figures as a page, with a form) and GET /reports/download.

Admins, analysts and heads; executors, who work one department's cases, get 403. The preview
is the same document the download writes (halyq.reports.sections), so they cannot differ.
Building a report changes nothing, so both are plain GETs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from halyq.db.models import User
from halyq.db.types import utcnow
from halyq.reports.build import (
    CONTENT_TYPES,
    FORMATS,
    ReportError,
    check_format,
    check_lang,
    file_name,
    render,
)
from halyq.reports.figures import Figures, count_figures
from halyq.reports.formatting import LANGS, Lang
from halyq.reports.periods import Period, PeriodError, date_range, parse_period
from halyq.reports.sections import (
    Cell,
    Chart,
    ReportDocument,
    Table,
    build_document,
    cell_text,
)
from halyq.web.auth import DbSession, require_role
from halyq.web.ui.templating import render as render_page

router = APIRouter(include_in_schema=False)
may_read = require_role("admin", "analyst", "head")
PeriodText = Query(None, max_length=40)


@dataclass(frozen=True)
class ReportForm:
    """What the form asked for, echoed back into its fields."""

    period: str
    date_from: str
    date_to: str
    lang: str
    format: str = "docx"


@router.get("/reports", response_class=HTMLResponse)
def report_page(
    request: Request,
    session: DbSession,
    user: User = Depends(may_read),
    period: str | None = PeriodText,
    date_from: str | None = Query(None, alias="from", max_length=10),
    date_to: str | None = Query(None, alias="to", max_length=10),
    lang: str = Query("kk", max_length=8),
) -> Response:
    form = ReportForm(period or "", date_from or "", date_to or "", lang)
    context: dict[str, object] = {"user": user, "form": form, "formats": FORMATS, "langs": LANGS}
    try:
        chosen, language = _chosen(request, form), check_lang(lang)
    except (PeriodError, ReportError) as exc:
        return render_page(request, "report.html", {**context, "error": str(exc)}, status_code=422)
    document = _document(request, session, chosen, language)
    if chosen.kind != "range":
        context["form"] = replace(form, period=chosen.label)  # show the default it chose
    context.update(error=None, period=chosen, document=document, tables=_tables(document))
    return render_page(request, "report.html", context)


@router.get("/reports/download")
def report_download(
    request: Request,
    session: DbSession,
    user: User = Depends(may_read),
    period: str | None = PeriodText,
    date_from: str | None = Query(None, alias="from", max_length=10),
    date_to: str | None = Query(None, alias="to", max_length=10),
    lang: str = Query("kk", max_length=8),
    format: str = Query("docx", max_length=8),
) -> Response:
    form = ReportForm(period or "", date_from or "", date_to or "", lang, format)
    try:
        chosen, language, kind = _chosen(request, form), check_lang(lang), check_format(format)
    except (PeriodError, ReportError) as exc:
        context = {"user": user, "form": form, "formats": FORMATS, "langs": LANGS,
                   "error": str(exc)}  # fmt: skip
        return render_page(request, "report.html", context, status_code=422)
    figures, made_on = _figures(request, session, chosen, language)
    profile = request.app.state.profile
    data = render(figures, period=chosen, fmt=kind, profile=profile, made_on=made_on)
    name = file_name(chosen, language, kind)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        data, media_type=CONTENT_TYPES[kind], headers={"Content-Disposition": disposition}
    )


def _chosen(request: Request, form: ReportForm) -> Period:
    """The period the form names: --from/--to if both are given, else the period (by default
    the half-year that is running now)."""
    if form.date_from or form.date_to:
        if form.period:
            raise PeriodError("give either a period or the two dates, not both")
        return date_range(form.date_from, form.date_to)
    return parse_period(form.period or _current_half(_today(request)))


def _figures(
    request: Request, session: DbSession, period: Period, lang: Lang
) -> tuple[Figures, date]:
    now = utcnow()
    calendar = request.app.state.calendar
    figures = count_figures(session, period=period, lang=lang, calendar=calendar, now=now)
    return figures, now.astimezone(calendar.zone).date()


def _document(request: Request, session: DbSession, period: Period, lang: Lang) -> ReportDocument:
    figures, made_on = _figures(request, session, period, lang)
    profile = request.app.state.profile
    return build_document(figures, period=period, profile=profile, made_on=made_on)


def _tables(document: ReportDocument) -> dict[str, list[dict[str, object]]]:
    """Each section's tables (charts as their figures) with cells written out, by section key."""
    result: dict[str, list[dict[str, object]]] = {}
    for section in document.sections:
        shown: list[dict[str, object]] = []
        for block in section.blocks:
            table = block.as_table() if isinstance(block, Chart) else block
            rows = [_texts(row, table, document.lang) for row in table.rows]
            total = _texts(table.total, table, document.lang, blank=True) if table.total else None
            numeric = [kind != "text" for kind in table.kinds]
            shown.append({"caption": table.caption, "columns": table.columns,
                          "numeric": numeric, "rows": rows, "total": total})  # fmt: skip
        result[section.key] = shown
    return result


def _texts(row: list[Cell], table: Table, lang: Lang, *, blank: bool = False) -> list[str]:
    """A row's cells as the documents write them; `blank` leaves a total's empty cells empty."""
    return [
        "" if value is None and blank else cell_text(value, kind, lang)
        for value, kind in zip(row, table.kinds, strict=True)
    ]


def _today(request: Request) -> date:
    return utcnow().astimezone(request.app.state.calendar.zone).date()


def _current_half(today: date) -> str:
    return f"{today.year}-H{1 if today.month <= 6 else 2}"
