"""The case page's correction form: a specialist sets what Halyq should have read in a post."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from halyq.corrections import MAX_NOTE_CHARS, CorrectionError, correct_post
from halyq.db.models import CasePost, User
from halyq.web.actions import ACTION_ERRORS, actor_of, http_error
from halyq.web.auth import DbSession, require_user
from halyq.web.ui.cases import render_case

router = APIRouter(include_in_schema=False)


@router.post("/posts/{post_id}/correct")
def correct_form(
    post_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    case_id: int = Form(ge=1),
    is_complaint: Literal["true", "false"] = Form(),
    category: str = Form(max_length=64),
    urgency: str = Form(max_length=8),
    note: str = Form("", max_length=MAX_NOTE_CHARS),
) -> Response:
    """Correct the post and go back to its case; a refusal is shown on the case page."""
    linked = select(CasePost).where(CasePost.case_id == case_id, CasePost.post_id == post_id)
    if session.scalars(linked).first() is None:
        raise HTTPException(status_code=404, detail=f"no post {post_id} in case {case_id}")
    try:
        with session.begin_nested():
            correct_post(
                session, post_id, actor=actor_of(user), profile=request.app.state.profile,
                category=category, is_complaint=is_complaint == "true", urgency=urgency,
                note=note.strip() or None,
            )  # fmt: skip
    except ACTION_ERRORS as exc:
        error = http_error(exc)
        session.expire_all()
        return render_case(
            request, session, user, case_id, error=str(error.detail), status_code=error.status_code
        )
    except CorrectionError as exc:
        session.expire_all()
        return render_case(request, session, user, case_id, error=str(exc), status_code=422)
    return RedirectResponse(f"/cases/{case_id}#post-{post_id}", status_code=303)
