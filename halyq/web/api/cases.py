"""GET /api/v1/cases and /api/v1/cases/{id}: executors see only their department's cases."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query

from halyq.cases.queries import get_case, list_cases, post_counts
from halyq.db.models import User
from halyq.db.types import utcnow
from halyq.web.api.schemas import MAX_PER_PAGE, CaseDetail, CasePage
from halyq.web.auth import DbSession, department_scope, may_read_case, require_user
from halyq.web.filters import CaseFilters
from halyq.web.visible import case_detail, case_public

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


@router.get("", response_model=CasePage)
def cases(
    session: DbSession,
    user: User = Depends(require_user),
    filters: CaseFilters = Depends(),
    open_only: bool = True,
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, description=f"At most {MAX_PER_PAGE}; more is capped."),
) -> CasePage:
    """Cases nearest their deadline first; open ones only unless open_only=false."""
    per_page = min(per_page, MAX_PER_PAGE)
    rows, total = list_cases(
        session,
        department=department_scope(user, filters.department),
        category=filters.category,
        status=filters.status,
        urgency=filters.urgency,
        open_only=open_only,
        page=page,
        per_page=per_page,
    )
    counts = post_counts(session, [row.id for row in rows])
    now = utcnow()
    items = [case_public(row, post_count=counts.get(row.id, 0), now=now) for row in rows]
    return CasePage(items=items, total=total, page=page, per_page=per_page)


@router.get(
    "/{case_id}", response_model=CaseDetail, responses={404: {"description": "No such case"}}
)
def case(case_id: int, session: DbSession, user: User = Depends(require_user)) -> CaseDetail:
    """One case with its posts and history; another department's case is 404 to an executor."""
    found = get_case(session, case_id)
    if found is None or not may_read_case(user, found.department_code):
        raise HTTPException(status_code=404, detail=f"no case {case_id}")
    return case_detail(found, user, now=utcnow())
