"""The case page's correction form: a specialist sets what Halyq should have read in a post."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select

from halyq.cases.workflow import lock_case
from halyq.corrections import MAX_NOTE_CHARS, correct_post
from halyq.db.models import Case, CasePost, User
from halyq.web.actions import actor_of
from halyq.web.auth import DbSession, require_user
from halyq.web.ui.case_actions import act_on_case

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

    def correct() -> Case:
        correct_post(
            session, post_id, actor=actor_of(user), profile=request.app.state.profile,
            category=category, is_complaint=is_complaint == "true", urgency=urgency,
            note=note.strip() or None,
        )  # fmt: skip
        return lock_case(session, case_id)

    return act_on_case(request, session, user, case_id, correct)
