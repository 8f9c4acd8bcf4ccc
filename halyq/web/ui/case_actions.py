"""The case page's forms: POST /cases/{id}/transition, /reroute, /merge and /split.

Each calls the same core function as the JSON API, then goes back to the case page (303); a
refused action shows the page again with the reason and the matching HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from halyq.cases.answers import latest_answer, save_answer
from halyq.cases.manual import merge_cases, split_case
from halyq.cases.queries import get_case
from halyq.cases.reply import post_replies, reply_text
from halyq.cases.workflow import lock_case, may_change, reroute, transition
from halyq.db.models import Case, User
from halyq.db.types import utcnow
from halyq.web.actions import ACTION_ERRORS, actor_of, http_error
from halyq.web.auth import DbSession, check_case_visible, require_user
from halyq.web.ui.cases import render_case
from halyq.web.ui.status import status_url

router = APIRouter(include_in_schema=False)
Reason = Form("", max_length=2000)


@router.post("/cases/{case_id}/transition")
def transition_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    to: str = Form(max_length=32),
    reason: str = Reason,
) -> Response:
    return act_on_case(request, session, user, case_id, lambda: transition(
        session, case_id=case_id, to_status=to, actor=actor_of(user), reason=reason,
        now=utcnow(),
    ))  # fmt: skip


@router.post("/cases/{case_id}/reroute")
def reroute_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    department: str = Form(max_length=64),
    reason: str = Reason,
) -> Response:
    return act_on_case(request, session, user, case_id, lambda: reroute(
        session, case_id=case_id, department=department, actor=actor_of(user), reason=reason,
        profile=request.app.state.profile, now=utcnow(),
    ))  # fmt: skip


@router.post("/cases/{case_id}/merge")
def merge_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    duplicate_id: int = Form(ge=1),
    reason: str = Reason,
) -> Response:
    check_case_visible(session, user, duplicate_id)
    return act_on_case(request, session, user, case_id, lambda: merge_cases(
        session, original_id=case_id, duplicate_id=duplicate_id, actor=actor_of(user),
        reason=reason, now=utcnow(),
    ))  # fmt: skip


@router.post("/cases/{case_id}/split")
def split_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    post_ids: list[int] = Form(default_factory=list),
    reason: str = Reason,
) -> Response:
    return act_on_case(request, session, user, case_id, lambda: split_case(
        session, case_id=case_id, post_ids=post_ids, actor=actor_of(user), reason=reason,
        profile=request.app.state.profile, calendar=request.app.state.calendar, now=utcnow(),
    ))  # fmt: skip


@router.post("/cases/{case_id}/answer")
def answer_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    text: str = Form(max_length=8000),
    lang: str = Form(max_length=8),
) -> Response:
    def answer() -> Case:
        save_answer(
            session, case_id=case_id, text=text, lang=lang, actor=actor_of(user), now=utcnow()
        )
        return lock_case(session, case_id)

    return act_on_case(request, session, user, case_id, answer)


@router.post("/cases/{case_id}/reply")
def reply_form(
    case_id: int, request: Request, session: DbSession, user: User = Depends(require_user)
) -> Response:
    """Post the public answer under the case's social posts where a connector can."""
    check_case_visible(session, user, case_id)
    case, answer = get_case(session, case_id), latest_answer(session, case_id)
    assert case is not None
    if not may_change(actor_of(user), case):
        raise HTTPException(status_code=403, detail="your role may not post replies for this case")
    if answer is None:
        error = "save an answer first: there is nothing to post"
        return render_case(request, session, user, case_id, error=error, status_code=409)
    text = reply_text(answer.public_text, status_url(request, case))
    results = post_replies(session, case, text, actor=user.username, now=utcnow())
    if not any(result.posted for result in results):
        message = "; ".join(dict.fromkeys(r.message for r in results)) or "no social posts"
        return render_case(request, session, user, case_id, error=message, status_code=409)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def act_on_case(
    request: Request, session: DbSession, user: User, case_id: int, action: Callable[[], Case]
) -> Response:
    """Run the action; go to the resulting case, or show this one with the refusal."""
    check_case_visible(session, user, case_id)
    try:
        with session.begin_nested():
            case = action()
    except ACTION_ERRORS as exc:
        error = http_error(exc)
        session.expire_all()
        return render_case(
            request, session, user, case_id, error=str(error.detail), status_code=error.status_code
        )
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
