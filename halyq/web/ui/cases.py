"""GET / (open cases, filtered and paged) and GET /cases/{id} (one case, its posts, history)."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from halyq.cases.extension import late_flags
from halyq.cases.queries import (
    count_open_by_category,
    count_open_by_department,
    count_open_by_status,
    get_case,
    list_cases,
    post_counts,
)
from halyq.cases.workflow import (
    CLOSED_STATUSES,
    SPECIALIST_ROLES,
    may_change,
    next_statuses,
)
from halyq.city.profile import CityProfile
from halyq.db.models import Case, User
from halyq.db.types import utcnow
from halyq.web.actions import actor_of
from halyq.web.auth import DbSession, department_scope, may_read_case, require_user
from halyq.web.filters import CaseFilters
from halyq.web.ui.status import answer_panel
from halyq.web.ui.templating import STATUS_LABELS, URGENCY_LABELS, render
from halyq.web.visible import case_detail, case_public

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


@router.get("/", response_class=HTMLResponse)
def open_cases(
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    filters: CaseFilters = Depends(),
    page: int = Query(1, ge=1),
) -> Response:
    scope = department_scope(user, filters.department)
    rows, total = list_cases(
        session,
        department=scope,
        category=filters.category,
        status=filters.status,
        urgency=filters.urgency,
        page=page,
        per_page=PER_PAGE,
    )
    counts = post_counts(session, [row.id for row in rows])
    now = utcnow()
    by_status = count_open_by_status(session, department=scope)
    context = {
        "user": user,
        "cases": [case_public(row, post_count=counts.get(row.id, 0), now=now) for row in rows],
        "late": late_flags(session, request.app.state.profile, rows, now=now),
        "total": total,
        "filters": filters,
        "by_department": count_open_by_department(session, department=scope),
        "by_category": count_open_by_category(session, department=scope),
        "options": _filter_options(request.app.state.profile, by_status),
        "pages": _pages(filters, page, total),
    }
    return render(request, "cases.html", context)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: int, request: Request, session: DbSession, user: User = Depends(require_user)
) -> Response:
    return render_case(request, session, user, case_id)


def render_case(
    request: Request,
    session: DbSession,
    user: User,
    case_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    """The case page, with the forms this user may use and, after a refused action, why."""
    found = get_case(session, case_id)
    if found is None or not may_read_case(user, found.department_code):
        raise HTTPException(status_code=404, detail=f"no case {case_id}")
    context = {
        "user": user,
        "case": case_detail(found, user, now=utcnow()),
        "actions": _actions(request.app.state.profile, user, found),
        "error": error,
        "answering": answer_panel(request, session, user, found),
    }
    return render(request, "case.html", context, status_code=status_code)


def _actions(profile: CityProfile, user: User, case: Case) -> dict[str, object]:
    """Which forms the page offers this user: none to a head."""
    changeable = may_change(actor_of(user), case)
    return {
        "statuses": next_statuses(case.status) if changeable else [],
        "departments": [code for code in profile.departments if code != case.department_code]
        if changeable and case.status not in CLOSED_STATUSES
        else [],
        "specialist": user.role in SPECIALIST_ROLES,
    }


def _filter_options(profile: CityProfile, by_status: dict[str, int]) -> dict[str, list[str]]:
    """The choices of each filter's drop-down, as codes."""
    statuses = [code for code in STATUS_LABELS if code not in CLOSED_STATUSES]
    return {
        "department": list(profile.departments),
        "category": list(profile.categories),
        "status": statuses + sorted(set(by_status) - set(statuses)),
        "urgency": list(URGENCY_LABELS),
    }


def _pages(filters: CaseFilters, page: int, total: int) -> dict[str, object]:
    """Page number, page count and links to the neighbours that keep the filters."""
    count = max(1, math.ceil(total / PER_PAGE))

    def link(number: int) -> str:
        return "/?" + urlencode({**filters.as_query(), "page": number})

    return {
        "page": page,
        "count": count,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < count else None,
    }
