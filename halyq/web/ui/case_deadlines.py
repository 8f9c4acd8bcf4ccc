"""The case page's forms for forwarding and the appeal extension: POST /cases/{id}/forward,
/cases/{id}/extend and /cases/{id}/extension/notice (the forms are in _deadlines.html).

Each calls the same core function as the JSON API and goes back to the case page; a refusal
shows the page again with the reason, as the other case forms do.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from halyq.cases.extension import extend_deadline, record_extension_notice
from halyq.cases.forwarding import forward_case
from halyq.cases.workflow import ActionInvalid
from halyq.db.models import User
from halyq.db.types import utcnow
from halyq.web.actions import actor_of
from halyq.web.auth import DbSession, require_user
from halyq.web.ui.case_actions import act_on_case

router = APIRouter(include_in_schema=False)
Reason = Form("", max_length=2000)


@router.post("/cases/{case_id}/forward")
def forward_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    department: str = Form("", max_length=64),
    reason: str = Reason,
) -> Response:
    return act_on_case(request, session, user, case_id, lambda: forward_case(
        session, case_id=case_id, actor=actor_of(user), reason=reason,
        profile=request.app.state.profile, now=utcnow(), department=department or None,
    ))  # fmt: skip


@router.post("/cases/{case_id}/extend")
def extend_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    until: str = Form("", max_length=10),
    reason: str = Reason,
) -> Response:
    calendar = request.app.state.calendar
    return act_on_case(request, session, user, case_id, lambda: extend_deadline(
        session, case_id=case_id, actor=actor_of(user), reason=reason, calendar=calendar,
        now=utcnow(), until=_day(until),
    ))  # fmt: skip


@router.post("/cases/{case_id}/extension/notice")
def notice_form(
    case_id: int,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    channel: str = Form(max_length=16),
    at: str = Form("", max_length=16),
) -> Response:
    zone = request.app.state.calendar.zone
    return act_on_case(request, session, user, case_id, lambda: record_extension_notice(
        session, case_id=case_id, actor=actor_of(user), channel=channel, now=utcnow(),
        at=_moment(at, zone),
    ))  # fmt: skip


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ActionInvalid(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _moment(text: str, zone: ZoneInfo) -> datetime | None:
    """A datetime-local field's value, in the city's time."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=zone) if text else None
    except ValueError:
        raise ActionInvalid(f"'{text}' is not a date and time") from None
