"""Corrections API: a specialist sets a post's category, complaint flag or urgency.

POST /api/v1/posts/{id}/corrections (CSRF header required) and GET for the post's history.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from halyq.corrections import MAX_NOTE_CHARS, correct_post, history
from halyq.db.corrections import Correction
from halyq.db.models import User
from halyq.web.actions import actor_of, as_http_errors
from halyq.web.api.posts import CSRF_HEADER
from halyq.web.auth import DbSession, require_role

router = APIRouter(prefix="/api/v1/posts", tags=["corrections"])

SPECIALISTS = require_role("admin", "analyst")


class CorrectionIn(BaseModel):
    """Give any of the three; the others stay as they are."""

    category: str | None = Field(None, description="A category code of the city profile.")
    is_complaint: bool | None = None
    urgency: str | None = Field(None, description="low, medium or high.")
    note: str | None = Field(None, max_length=MAX_NOTE_CHARS, description="Why (optional).")


class CorrectionOut(BaseModel):
    field: str
    old_value: str | None
    new_value: str
    actor: str
    note: str | None
    at: datetime

    @classmethod
    def of(cls, row: Correction) -> CorrectionOut:
        return cls(
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
            actor=row.actor,
            note=row.note,
            at=row.at,
        )


class CorrectionsMade(BaseModel):
    corrections: list[CorrectionOut]
    filed_case_id: int | None = Field(
        None, description="The case a post newly marked as a complaint was filed into."
    )


@router.post(
    "/{post_id}/corrections",
    response_model=CorrectionsMade,
    status_code=201,
    dependencies=[Depends(CSRF_HEADER)],
    responses={
        403: {"description": "Only analysts and admins correct readings"},
        404: {"description": "No such post"},
        422: {"description": "Unknown category or urgency, nothing given, or not analysed yet"},
    },
)
def add_correction(
    post_id: int,
    body: CorrectionIn,
    request: Request,
    session: DbSession,
    user: User = Depends(SPECIALISTS),
) -> CorrectionsMade:
    """Correct what Halyq read in the post; the changes are logged on its case."""
    with as_http_errors():
        made = correct_post(
            session,
            post_id,
            actor=actor_of(user),
            profile=request.app.state.profile,
            category=body.category,
            is_complaint=body.is_complaint,
            urgency=body.urgency,
            note=body.note,
        )
    return CorrectionsMade(
        corrections=[CorrectionOut.of(row) for row in made.corrections],
        filed_case_id=made.filed_case_id,
    )


@router.get("/{post_id}/corrections", response_model=list[CorrectionOut])
def list_corrections(
    post_id: int, session: DbSession, user: User = Depends(SPECIALISTS)
) -> list[CorrectionOut]:
    """The post's corrections, oldest first."""
    return [CorrectionOut.of(row) for row in history(session, post_id)]
