"""What the pages and the API share for changing cases: who acts, and errors as HTTP answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException

from halyq.cases.workflow import (
    ActionConflict,
    ActionForbidden,
    ActionInvalid,
    Actor,
    NotFound,
)
from halyq.db.models import User

# Every error a case action raises, for `except ACTION_ERRORS`.
ACTION_ERRORS = (ActionConflict, ActionInvalid, ActionForbidden, NotFound)


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, department_code=user.department_code)


def http_error(exc: Exception) -> HTTPException:
    """403 not allowed, 404 no such case, 409 not in this state, 422 wrong request."""
    if isinstance(exc, ActionForbidden):
        return HTTPException(status_code=403, detail=str(exc))
    if isinstance(exc, NotFound):
        return HTTPException(status_code=404, detail=str(exc))
    if isinstance(exc, ActionConflict):
        return HTTPException(status_code=409, detail=str(exc))
    if isinstance(exc, ActionInvalid):
        return HTTPException(status_code=422, detail=str(exc))
    raise exc


@contextmanager
def as_http_errors() -> Iterator[None]:
    """Turn a case action's error into the HTTP error an API client should see."""
    try:
        yield
    except ACTION_ERRORS as exc:
        raise http_error(exc) from None
