"""GET /api/v1/me: who is signed in, and the CSRF token a JSON client sends back;
GET and PUT /api/v1/me/contacts: where the user's case notices go."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from halyq.db.models import User
from halyq.notify.contacts import ContactError, set_contacts
from halyq.web.api.posts import CSRF_HEADER
from halyq.web.api.schemas import Me
from halyq.web.auth import DbSession, require_user
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


class Contacts(BaseModel):
    """Where this user's case notices go (new, due-soon and overdue cases of their department)."""

    model_config = ConfigDict(extra="forbid")

    telegram_chat_id: str | None = Field(
        None, max_length=64, description="Your chat id with the notification bot; null: none."
    )
    email: str | None = Field(None, max_length=254, description="null: no e-mail notices.")


class ContactsOut(Contacts):
    telegram_blocked: bool = Field(
        description="The bot was refused (blocked) by this chat; set the id again to resume."
    )


@router.get("/me/contacts", response_model=ContactsOut)
def my_contacts(user: User = Depends(require_user)) -> ContactsOut:
    return _contacts(user)


@router.put(
    "/me/contacts",
    response_model=ContactsOut,
    dependencies=[Depends(CSRF_HEADER)],
    responses={422: {"description": "Not a chat id or not an e-mail address"}},
)
def set_my_contacts(
    body: Contacts, session: DbSession, user: User = Depends(require_user)
) -> ContactsOut:
    """Set both; a blank or null one is cleared."""
    try:
        set_contacts(user, telegram_chat_id=body.telegram_chat_id, email=body.email)
    except ContactError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    session.flush()
    return _contacts(user)


def _contacts(user: User) -> ContactsOut:
    return ContactsOut(
        telegram_chat_id=user.telegram_chat_id,
        email=user.email,
        telegram_blocked=user.telegram_blocked_at is not None,
    )
