"""The appeal extension and the APC's late flags: POST /api/v1/cases/{id}/extend,
POST /api/v1/cases/{id}/extension/notice (CSRF header required), GET
/api/v1/cases/{id}/extension, and GET /api/v1/appeals/late (the dashboard's late notices and
late redirects)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from halyq.cases.extension import (
    NOTICE_CHANNELS,
    extend_deadline,
    extension_of,
    late_notices,
    late_redirects,
    record_extension_notice,
)
from halyq.db.models import Case, User
from halyq.db.notices import CaseExtension
from halyq.db.types import utcnow
from halyq.web.actions import actor_of, as_http_errors
from halyq.web.api.posts import CSRF_HEADER
from halyq.web.auth import (
    DbSession,
    check_case_visible,
    department_scope,
    require_user,
)

router = APIRouter(tags=["cases"])
Channel = Literal["email", "post", "sms", "phone", "egov", "in_person"]
assert set(Channel.__args__) == set(NOTICE_CHANNELS)  # type: ignore[attr-defined]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "Your role or department may not change this case"},
    404: {"description": "No such case (or not yours to see)"},
    409: {"description": "Already extended or noticed, or the case is done or past due"},
    422: {"description": "No reason, a signal, or a day past the APC's two months"},
}


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=2000, description="The head's motivated decision.")
    until: date | None = Field(
        None, description="A working day; default: the last allowed (two months after arrival)."
    )


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    at: datetime | None = Field(None, description="When the applicant was told; default now.")


class ExtensionOut(BaseModel):
    case_id: int
    extended_at: datetime
    extended_by: str
    reason: str
    original_due_at: datetime
    extended_due_at: datetime
    notice_due_at: datetime = Field(description="Three working days after the extension.")
    noticed_at: datetime | None
    notice_channel: str | None
    notice_late: bool = Field(description="Not told by notice_due_at (yet, or at all).")


class LateAppeals(BaseModel):
    notice_overdue: list[ExtensionOut]
    redirect_overdue: list[int] = Field(description="Cases not redirected in 3 working days.")


@router.post(
    "/api/v1/cases/{case_id}/extend",
    response_model=ExtensionOut,
    dependencies=[Depends(CSRF_HEADER)],
    responses=_RESPONSES,
)
def extend(
    case_id: int,
    body: ExtendIn,
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
) -> ExtensionOut:
    """Extend an appeal's deadline once, with a reason; the applicant must be told in 3 days."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        extend_deadline(
            session, case_id=case_id, actor=actor_of(user), reason=body.reason,
            calendar=request.app.state.calendar, now=utcnow(), until=body.until,
        )  # fmt: skip
    return _out(session, case_id)


@router.post(
    "/api/v1/cases/{case_id}/extension/notice",
    response_model=ExtensionOut,
    dependencies=[Depends(CSRF_HEADER)],
    responses=_RESPONSES,
)
def notice(
    case_id: int, body: NoticeIn, session: DbSession, user: User = Depends(require_user)
) -> ExtensionOut:
    """Record that the applicant was told of the extension (a late notice stays flagged)."""
    check_case_visible(session, user, case_id)
    with as_http_errors():
        record_extension_notice(
            session, case_id=case_id, actor=actor_of(user), channel=body.channel,
            now=utcnow(), at=body.at,
        )  # fmt: skip
    return _out(session, case_id)


@router.get("/api/v1/cases/{case_id}/extension", response_model=ExtensionOut)
def extension(case_id: int, session: DbSession, user: User = Depends(require_user)) -> ExtensionOut:
    """The case's extension; 404 when it has none."""
    check_case_visible(session, user, case_id)
    return _out(session, case_id)


@router.get("/api/v1/appeals/late", response_model=LateAppeals)
def late(request: Request, session: DbSession, user: User = Depends(require_user)) -> LateAppeals:
    """Appeals late on the APC's rules now: the extension notice, and the redirect of what is
    not the akimat's competence (an executor sees their own department's)."""
    now = utcnow()
    scope = department_scope(user)
    notices = [e for e in late_notices(session, now=now) if _in_scope(session, e.case_id, scope)]
    redirects = late_redirects(session, request.app.state.profile, now=now)
    return LateAppeals(
        notice_overdue=[_extension_out(e, now) for e in notices],
        redirect_overdue=[c.id for c in redirects if scope in (None, c.department_code)],
    )


def _in_scope(session: DbSession, case_id: int, scope: str | None) -> bool:
    case = session.get(Case, case_id)
    return scope is None or (case is not None and case.department_code == scope)


def _out(session: DbSession, case_id: int) -> ExtensionOut:
    session.flush()
    found = extension_of(session, case_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"case {case_id} has no extension")
    return _extension_out(found, utcnow())


def _extension_out(extension: CaseExtension, now: datetime) -> ExtensionOut:
    told = extension.noticed_at
    late = (told or now) > extension.notice_due_at
    return ExtensionOut.model_validate(
        {**{name: getattr(extension, name) for name in _FIELDS}, "notice_late": late}
    )


_FIELDS = tuple(name for name in ExtensionOut.model_fields if name != "notice_late")
