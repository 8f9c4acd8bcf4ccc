"""The cases API: list and read (executors see only their department's cases), and change:
POST /api/v1/cases/{id}/transition, /reroute, /merge, /split and /answer (CSRF header
required)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy.orm import Session

from halyq.cases.answers import latest_answer, save_answer
from halyq.cases.manual import merge_cases, split_case
from halyq.cases.public import tracking_number
from halyq.cases.queries import get_case, list_cases, post_counts
from halyq.cases.workflow import reroute, transition
from halyq.db.models import Case, User
from halyq.db.types import utcnow
from halyq.web.actions import actor_of, as_http_errors
from halyq.web.api.posts import CSRF_HEADER
from halyq.web.api.schemas import (
    MAX_PER_PAGE,
    AnswerIn,
    AnswerOut,
    CaseDetail,
    CasePage,
    MergeIn,
    RerouteIn,
    SplitIn,
    TransitionIn,
)
from halyq.web.auth import (
    DbSession,
    check_case_visible,
    department_scope,
    may_read_case,
    require_user,
)
from halyq.web.filters import CaseFilters
from halyq.web.ui.status import status_url
from halyq.web.visible import case_detail, case_public

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


@router.get("", response_model=CasePage)
def cases(
    session: DbSession,
    user: User = Depends(require_user),
    filters: CaseFilters = Depends(),
    due: Literal["overdue", "due_soon"] | None = None,
    open_only: bool = True,
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, description=f"At most {MAX_PER_PAGE}; more is capped."),
) -> CasePage:
    """Cases nearest their deadline first; open ones only unless open_only=false;
    due=overdue or due=due_soon keeps the late ones."""
    per_page = min(per_page, MAX_PER_PAGE)
    now = utcnow()
    rows, total = list_cases(
        session,
        department=department_scope(user, filters.department),
        category=filters.category,
        status=filters.status,
        urgency=filters.urgency,
        due=due,
        now=now,
        open_only=open_only,
        page=page,
        per_page=per_page,
    )
    counts = post_counts(session, [row.id for row in rows])
    items = [case_public(row, post_count=counts.get(row.id, 0), now=now) for row in rows]
    return CasePage(items=items, total=total, page=page, per_page=per_page)


@router.get(
    "/{case_id}", response_model=CaseDetail, responses={404: {"description": "No such case"}}
)
def case(
    case_id: int, request: Request, session: DbSession, user: User = Depends(require_user)
) -> CaseDetail:
    """One case with its posts and history; another department's case is 404 to an executor."""
    found = get_case(session, case_id)
    if found is None or not may_read_case(user, found.department_code):
        raise HTTPException(status_code=404, detail=f"no case {case_id}")
    return _with_answer(request, session, case_detail(found, user, now=utcnow()), found)


def _changed(session: Session, user: User, case_id: int, request: Request) -> CaseDetail:
    session.flush()
    session.expire_all()
    found = get_case(session, case_id)
    assert found is not None
    return _with_answer(request, session, case_detail(found, user, now=utcnow()), found)


def _with_answer(request: Request, session: Session, detail: CaseDetail, case: Case) -> CaseDetail:
    """The case with its current answer, tracking number and public status link."""
    answer = latest_answer(session, case.id)
    return detail.model_copy(
        update={
            "answer": AnswerOut.model_validate(answer, from_attributes=True) if answer else None,
            "tracking_number": tracking_number(case.id),
            "status_url": status_url(request, case),
        }
    )


_ACTION_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role or department may not change this case"},
    404: {"description": "No such case (or not yours to see)"},
    409: {"description": "The case's state does not allow it; the message says what does"},
    422: {"description": "A reason is missing, or a status or department is unknown"},
}


Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def _case_action(path: str, **options: Any) -> Callable[[Endpoint], Endpoint]:
    """POST /api/v1/cases{path}: CSRF header required, answers with the changed case."""
    return router.post(
        path,
        response_model=CaseDetail,
        dependencies=[Depends(CSRF_HEADER)],
        responses=_ACTION_RESPONSES,
        **options,
    )


@_case_action("/{case_id}/transition")
def transition_case(
    case_id: int,
    body: TransitionIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> CaseDetail:
    """Move the case to another status along the workflow (executors: own department)."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        transition(
            session, case_id=case_id, to_status=body.to, actor=actor_of(user),
            reason=body.reason, now=utcnow(),
        )  # fmt: skip
    return _changed(session, user, case_id, request)


@_case_action("/{case_id}/reroute")
def reroute_case(
    case_id: int,
    body: RerouteIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> CaseDetail:
    """Send the case to another department, with a reason (logged)."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        reroute(
            session, case_id=case_id, department=body.department, actor=actor_of(user),
            reason=body.reason, profile=request.app.state.profile, now=utcnow(),
        )  # fmt: skip
    return _changed(session, user, case_id, request)


@_case_action("/{case_id}/merge")
def merge_into_case(
    case_id: int,
    body: MergeIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> CaseDetail:
    """Merge case `body.case_id` into this one (analysts and admins): it becomes a duplicate."""
    check_case_visible(session, user, case_id)
    check_case_visible(session, user, body.case_id)
    with as_http_errors():
        merge_cases(
            session, original_id=case_id, duplicate_id=body.case_id, actor=actor_of(user),
            reason=body.reason, now=utcnow(),
        )  # fmt: skip
    return _changed(session, user, case_id, request)


@_case_action("/{case_id}/split", status_code=201)
def split_posts_out(
    case_id: int,
    body: SplitIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> CaseDetail:
    """Move these posts into a new case (analysts and admins); answers with the new case."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        new_case = split_case(
            session, case_id=case_id, post_ids=body.post_ids, actor=actor_of(user),
            reason=body.reason, profile=request.app.state.profile,
            calendar=request.app.state.calendar, now=utcnow(),
        )  # fmt: skip
    return _changed(session, user, new_case.id, request)


@_case_action("/{case_id}/answer")
def answer_case(
    case_id: int,
    body: AnswerIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> CaseDetail:
    """Save the answer to the residents (executors: own department); each save is kept."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        save_answer(
            session, case_id=case_id, text=body.text, lang=body.lang, actor=actor_of(user),
            now=utcnow(),
        )  # fmt: skip
    return _changed(session, user, case_id, request)
