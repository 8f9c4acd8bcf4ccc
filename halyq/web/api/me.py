"""GET /api/v1/me: who is signed in, and the CSRF token a JSON client sends back."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from halyq.db.models import User
from halyq.web.api.schemas import Me
from halyq.web.auth import require_user
from halyq.web.csrf import csrf_token

router = APIRouter(prefix="/api/v1", tags=["session"])


@router.get("/me", response_model=Me)
def me(request: Request, user: User = Depends(require_user)) -> Me:
    return Me(
        username=user.username,
        role=user.role,
        department_code=user.department_code,
        csrf_token=csrf_token(request.session),
    )
