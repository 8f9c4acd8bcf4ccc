"""Forwarding a case to a body outside the akimat, and its cover letter:
POST /api/v1/cases/{id}/forward (CSRF header required) and GET /api/v1/cases/{id}/letter."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from halyq.cases.forwarding import forward_case, latest_letter
from halyq.cases.letters.compose import letter_text
from halyq.cases.letters.word import letter_docx
from halyq.db.models import User
from halyq.db.types import utcnow
from halyq.web.actions import actor_of, as_http_errors
from halyq.web.api.posts import CSRF_HEADER
from halyq.web.auth import DbSession, check_case_visible, require_role, require_user

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LETTER_READERS = ("admin", "analyst", "head")


class ForwardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=2000)
    department: str | None = Field(
        None, description="A body outside the akimat; default: the case's own department."
    )


class ForwardOut(BaseModel):
    case_id: int
    status: str
    department_code: str
    letter_sha256: str = Field(description="SHA-256 of the letter's plain text (the .txt).")
    letter_docx: str
    letter_txt: str


@router.post(
    "/{case_id}/forward",
    response_model=ForwardOut,
    dependencies=[Depends(CSRF_HEADER)],
    responses={
        403: {"description": "Only analysts and admins forward cases"},
        404: {"description": "No such case"},
        409: {"description": "The case's state does not allow it"},
        422: {"description": "No reason, or not a body outside the akimat"},
    },
)
def forward(
    case_id: int,
    body: ForwardIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> ForwardOut:
    """Send the case with a cover letter (Kazakh and Russian) to a body outside the akimat."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        case = forward_case(
            session, case_id=case_id, actor=actor_of(user), reason=body.reason,
            profile=request.app.state.profile, now=utcnow(), department=body.department,
        )  # fmt: skip
    letter = latest_letter(session, case_id)
    assert letter is not None
    base = f"/api/v1/cases/{case_id}/letter?format="
    return ForwardOut(
        case_id=case.id, status=case.status, department_code=case.department_code,
        letter_sha256=letter.sha256, letter_docx=base + "docx", letter_txt=base + "txt",
    )  # fmt: skip


@router.get(
    "/{case_id}/letter",
    response_class=Response,
    responses={
        200: {"content": {DOCX: {}, "text/plain": {}}, "description": "The letter"},
        404: {"description": "No such case, or it was never forwarded"},
    },
)
def letter(
    case_id: int,
    session: DbSession,
    format: Literal["docx", "txt"] = "docx",
    user: User = Depends(require_role(*LETTER_READERS)),
) -> Response:
    """The last cover letter the case was forwarded with (analysts, admins, heads)."""
    found = latest_letter(session, case_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"case {case_id} has no forwarding letter")
    name = f"halyq-case-{case_id}-letter.{format}"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Letter-SHA256": found.sha256,
    }
    if format == "txt":
        text = letter_text(found.blocks)
        return Response(text, media_type="text/plain; charset=utf-8", headers=headers)
    data = letter_docx(found.blocks, title=f"№{case_id}", at=found.created_at)
    return Response(data, media_type=DOCX, headers=headers)
