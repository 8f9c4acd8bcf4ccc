"""The civil society registry's pages: the four lists (filtered, paged, exported) and details.

Admins and analysts read and edit (civil_forms.py, civil_documents.py); heads read only;
executors, who work one department's cases, have no access at all.
"""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.convertors import Convertor, register_url_convertor

from halyq.civil.columns import (
    COLUMNS,
    INDICATOR_LABELS,
    SHEET_LABELS,
    SHEETS,
    choice_label,
)
from halyq.civil.export import FORMATS, MEDIA_TYPES, record_of, write_export
from halyq.civil.queries import activities_in_use, all_rows, list_page, parse_filters
from halyq.civil.records import INDICATOR_COLUMN
from halyq.civil.store import MODELS, Row
from halyq.db.civil import Ngo, OutreachEvent, Project
from halyq.db.models import User
from halyq.web.auth import DbSession, require_role
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
READ_ROLES = ("admin", "analyst", "head")
EDIT_ROLES = ("admin", "analyst")
may_read = require_role(*READ_ROLES)
may_edit = require_role(*EDIT_ROLES)
SHEET_PATH = "{sheet:sheet}"


class SheetConvertor(Convertor[str]):
    """Matches only the four lists' names, so /civil/workbook/... is never taken for a list."""

    regex = "|".join(SHEETS)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("sheet", SheetConvertor())


def checked_sheet(sheet: str) -> str:
    if sheet not in SHEETS:
        raise HTTPException(status_code=404, detail=f"no list '{sheet}'")
    return sheet


def load_row(session: Session, sheet: str, row_id: int) -> Any:
    row = session.get(MODELS[checked_sheet(sheet)], row_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no {sheet} record {row_id}")
    return row


def page_context(user: User, sheet: str, **extra: Any) -> dict[str, Any]:
    """What every registry page's template needs besides its own data."""
    return {
        "user": user,
        "sheet": sheet,
        "sheets": SHEETS,
        "sheet_labels": SHEET_LABELS,
        "columns": [c for c in COLUMNS[sheet] if not INDICATOR_COLUMN.fullmatch(c.name)],
        "choice_label": choice_label,
        "indicator_label": lambda name: INDICATOR_LABELS.get(name, (name, "")),
        "can_edit": user.role in EDIT_ROLES,
        **extra,
    }


@router.get("/civil")
def civil_home(_user: User = Depends(may_read)) -> Response:
    return RedirectResponse("/civil/ngos", status_code=303)


@router.get(f"/civil/{SHEET_PATH}", response_class=HTMLResponse)
def list_records(
    sheet: str,
    request: Request,
    session: DbSession,
    user: User = Depends(may_read),
    page: int = Query(1, ge=1),
) -> Response:
    filters = _filters(checked_sheet(sheet), request)
    rows, total = list_page(session, sheet, filters, page=page, per_page=PER_PAGE)
    query = filters.as_query()
    context = page_context(
        user,
        sheet,
        rows=rows,
        total=total,
        filters=filters,
        pages=_pages(sheet, query, page, total),
        export_query=urlencode(query),
        options=_filter_options(session, sheet),
    )
    return render(request, "civil_list.html", context)


@router.get(f"/civil/{SHEET_PATH}/export")
def export_records(
    sheet: str,
    request: Request,
    session: DbSession,
    _user: User = Depends(may_read),
    format: str = Query("xlsx"),
) -> Response:
    filters = _filters(checked_sheet(sheet), request)
    if format not in FORMATS:
        raise HTTPException(status_code=422, detail=f"format must be one of {', '.join(FORMATS)}")
    out = BytesIO()
    write_export(sheet, all_rows(session, sheet, filters), out, format=format)
    name = f"halyq-{sheet}-{date.today().isoformat()}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(out.getvalue(), media_type=MEDIA_TYPES[format], headers=headers)


@router.get(f"/civil/{SHEET_PATH}/{{row_id:int}}", response_class=HTMLResponse)
def show_record(
    sheet: str, row_id: int, request: Request, session: DbSession, user: User = Depends(may_read)
) -> Response:
    row = load_row(session, sheet, row_id)
    context = page_context(
        user, sheet, row=row, values=record_of(sheet, row), **_related(session, row)
    )
    return render(request, "civil_detail.html", context)


def _related(session: Session, row: Row) -> dict[str, Any]:
    """What a detail page shows besides the row: an NGO's projects, a project's events."""
    if isinstance(row, Ngo):
        return {"projects": row.projects}
    if isinstance(row, Project):
        events = session.scalars(
            select(OutreachEvent)
            .where(OutreachEvent.project_id == row.id)
            .order_by(OutreachEvent.date.desc())
        ).all()
        return {"events": events}
    return {}


def _filters(sheet: str, request: Request) -> Any:
    try:
        return parse_filters(sheet, dict(request.query_params))
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def _filter_options(session: Session, sheet: str) -> dict[str, list[str]]:
    """The choices of each drop-down filter, as codes."""
    choices = {c.name: list(c.choices) for c in COLUMNS[sheet] if c.choices}
    if sheet == "ngos":
        choices["activity"] = activities_in_use(session)
    if sheet == "projects":
        choices["ngo_bin"] = []  # typed, not chosen: there are hundreds of NGOs
    return choices


def _pages(sheet: str, query: dict[str, Any], page: int, total: int) -> dict[str, Any]:
    count = max(1, math.ceil(total / PER_PAGE))

    def link(number: int) -> str:
        return f"/civil/{sheet}?" + urlencode({**query, "page": number})

    return {
        "page": page,
        "count": count,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < count else None,
    }
