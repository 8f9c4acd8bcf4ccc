"""GET /sources (the live channels: last success, last error, posts today) and an admin's
POST /sources/{name}/pause and /resume. Analysts and heads read; executors may not see it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from halyq.db.models import User
from halyq.sources.registry import overviews, set_paused
from halyq.sources.runner import UnknownSource
from halyq.web.auth import DbSession, require_role
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)
READERS = ("admin", "analyst", "head")


@router.get("/sources", response_class=HTMLResponse)
def sources_page(
    request: Request, session: DbSession, user: User = Depends(require_role(*READERS))
) -> Response:
    zone = ZoneInfo(request.app.state.profile.timezone)
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    context = {
        "user": user,
        "sources": overviews(session, day_start=midnight),
        "may_pause": user.role == "admin",
    }
    return render(request, "sources.html", context)


@router.post("/sources/{name}/pause")
def pause(name: str, session: DbSession, user: User = Depends(require_role("admin"))) -> Response:
    return _set(session, name, paused=True)


@router.post("/sources/{name}/resume")
def resume(name: str, session: DbSession, user: User = Depends(require_role("admin"))) -> Response:
    return _set(session, name, paused=False)


def _set(session: DbSession, name: str, *, paused: bool) -> Response:
    try:
        set_paused(session, name, paused=paused)
    except UnknownSource:
        raise HTTPException(status_code=404, detail=f"no source {name!r}") from None
    return RedirectResponse("/sources", status_code=303)
