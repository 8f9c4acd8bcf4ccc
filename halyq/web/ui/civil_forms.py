"""The registry's forms (admins and analysts): add and change records, import a workbook.

A form is read by the same `read_record` as a workbook row, so the web and the import accept
and refuse exactly the same values; a refused form comes back filled in, each problem named.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from halyq.civil.columns import INDICATORS
from halyq.civil.export import MEDIA_TYPES, record_of
from halyq.civil.records import RowInvalid, known_column, read_record
from halyq.civil.store import create, update
from halyq.civil.template import write_template
from halyq.civil.workbook import WorkbookUnreadable, import_workbook
from halyq.db.civil import Project
from halyq.db.models import User
from halyq.web.auth import DbSession
from halyq.web.csrf import FORM_FIELD
from halyq.web.ui.civil import SHEET_PATH, load_row, may_edit, page_context
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)


async def posted_fields(request: Request) -> dict[str, str]:
    """The text fields of a posted form (the CSRF token left out)."""
    async with request.form() as form:
        return {
            name: value
            for name, value in form.items()
            if isinstance(value, str) and name != FORM_FIELD
        }


@router.get(f"/civil/{SHEET_PATH}/new", response_class=HTMLResponse)
def new_form(sheet: str, request: Request, user: User = Depends(may_edit)) -> Response:
    return _form_page(request, user, sheet, None, {})


@router.post(f"/civil/{SHEET_PATH}/new")
def create_record(
    sheet: str,
    request: Request,
    session: DbSession,
    user: User = Depends(may_edit),
    fields: dict[str, str] = Depends(posted_fields),
) -> Response:
    try:
        with session.begin_nested():
            row = create(session, sheet, read_record(sheet, _raw(sheet, fields)))
    except RowInvalid as exc:
        return _form_page(request, user, sheet, None, fields, exc.problems)
    return RedirectResponse(f"/civil/{sheet}/{row.id}", status_code=303)


@router.get(f"/civil/{SHEET_PATH}/{{row_id:int}}/edit", response_class=HTMLResponse)
def edit_form(
    sheet: str, row_id: int, request: Request, session: DbSession, user: User = Depends(may_edit)
) -> Response:
    row = load_row(session, sheet, row_id)
    return _form_page(request, user, sheet, row, _form_values(record_of(sheet, row)))


@router.post(f"/civil/{SHEET_PATH}/{{row_id:int}}/edit")
def update_record(
    sheet: str,
    row_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(may_edit),
    fields: dict[str, str] = Depends(posted_fields),
) -> Response:
    row = load_row(session, sheet, row_id)
    try:
        with session.begin_nested():
            update(session, sheet, row, read_record(sheet, _raw(sheet, fields)))
    except RowInvalid as exc:
        session.refresh(row)
        return _form_page(request, user, sheet, row, fields, exc.problems)
    return RedirectResponse(f"/civil/{sheet}/{row.id}", status_code=303)


def _raw(sheet: str, fields: dict[str, str]) -> dict[str, str]:
    """Only the fields the list has: a form cannot set anything else."""
    return {name: value for name, value in fields.items() if known_column(sheet, name)}


def _form_values(record: dict[str, Any]) -> dict[str, str]:
    """Stored values as the form's inputs expect them (dates ISO, times to the minute)."""
    shown: dict[str, str] = {}
    for name, value in record.items():
        if value is None:
            shown[name] = ""
        elif isinstance(value, datetime):
            shown[name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, date):
            shown[name] = value.isoformat()
        else:
            shown[name] = str(value)
    return shown


def _form_page(
    request: Request,
    user: User,
    sheet: str,
    row: Any,
    form: dict[str, str],
    problems: list[tuple[str, str]] | None = None,
) -> Response:
    indicators = list(INDICATORS)
    if isinstance(row, Project):
        indicators += [item.name for item in row.indicators if item.name not in indicators]
    context = page_context(
        user,
        sheet,
        row=row,
        form=form,
        indicators=indicators if sheet == "projects" else [],
        problems=problems or [],
        problem_columns={column for column, _message in problems or []},
        action=f"/civil/{sheet}/{row.id}/edit" if row else f"/civil/{sheet}/new",
        back=f"/civil/{sheet}/{row.id}" if row else f"/civil/{sheet}",
    )
    return render(request, "civil_form.html", context, status_code=422 if problems else 200)


@router.get("/civil/workbook/import", response_class=HTMLResponse)
def import_page(request: Request, user: User = Depends(may_edit)) -> Response:
    return render(request, "civil_import.html", page_context(user, "ngos", report=None, error=None))


@router.post("/civil/workbook/import", response_class=HTMLResponse)
def import_upload(
    request: Request,
    session: DbSession,
    user: User = Depends(may_edit),
    file: UploadFile = File(),
) -> Response:
    try:
        report = import_workbook(session, file.file)
    except WorkbookUnreadable as exc:
        context = page_context(user, "ngos", report=None, error=f"{file.filename}: {exc}")
        return render(request, "civil_import.html", context, status_code=422)
    context = page_context(user, "ngos", report=report, error=None, filename=file.filename)
    return render(request, "civil_import.html", context)


@router.get("/civil/workbook/template")
def template_download(_user: User = Depends(may_edit)) -> Response:
    out = BytesIO()
    write_template(out)
    headers = {"Content-Disposition": 'attachment; filename="halyq-civil-template.xlsx"'}
    return Response(out.getvalue(), media_type=MEDIA_TYPES["xlsx"], headers=headers)
