"""The public status page (no sign-in) and the answer block of the case page that feeds it.

GET /status/{token} shows one case as cases.public gives it; GET /status?number=1042-1 finds
a case by its tracking number. Everything shown is the same public record the Open311 read
API serves, so a number that anybody can type reveals nothing the API does not; the token is
the link handed to the resident, which no one can guess or derive from the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from halyq.cases.answers import drafts, latest_answer
from halyq.cases.public import (
    case_by_number,
    case_by_token,
    public_case,
    timeline,
    tracking_number,
)
from halyq.cases.reply import can_reply, is_social, reply_text
from halyq.cases.workflow import may_change
from halyq.db.answers import CaseAnswer
from halyq.db.models import Case, User
from halyq.db.types import utcnow
from halyq.web.actions import actor_of
from halyq.web.auth import DbSession, is_privileged
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/status", response_class=HTMLResponse)
def status_lookup(
    request: Request, session: DbSession, number: str = Query("", max_length=40)
) -> Response:
    """The lookup form; with a number, that case's page (404 and the form for a wrong one)."""
    if not number.strip():
        return render(request, "status_lookup.html", {"user": None, "number": "", "missing": False})
    case = case_by_number(session, number)
    if case is None:
        context = {"user": None, "number": number, "missing": True}
        return render(request, "status_lookup.html", context, status_code=404)
    return _status_page(request, session, case)


@router.get("/status/{token}", response_class=HTMLResponse, name="status_page")
def status_page(request: Request, session: DbSession, token: str) -> Response:
    case = case_by_token(session, token) if len(token) <= 64 else None
    if case is None:
        raise HTTPException(status_code=404, detail="no case has this status link")
    return _status_page(request, session, case)


def _status_page(request: Request, session: DbSession, case: Case) -> Response:
    context = {
        "user": None,
        "case": public_case(case, latest_answer(session, case.id)),
        "steps": timeline(session, case.id),
    }
    return render(request, "status.html", context)


def status_url(request: Request, case: Case) -> str:
    """The absolute link to the case's public status page, on the address residents reach
    (HALYQ_PUBLIC_URL): behind a proxy the request's own host is an internal one."""
    path = request.app.url_path_for("status_page", token=case.public_token)
    public_url: str = request.app.state.settings.public_url
    return public_url.rstrip("/") + str(path)


@dataclass(frozen=True)
class SocialPost:
    source: str
    url: str | None  # only for those who may see links to the original
    can_reply: bool


@dataclass(frozen=True)
class AnswerPanel:
    """What the case page's answer block shows this user."""

    answer: CaseAnswer | None
    may_answer: bool
    text: str  # what the form starts with: the current answer, else the Kazakh draft
    lang: str
    drafts: dict[str, str]
    tracking_number: str
    status_url: str
    reply: str | None  # the public answer as a reply to paste under the social posts
    social_posts: list[SocialPost] = field(default_factory=list)


def answer_panel(request: Request, session: DbSession, user: User, case: Case) -> AnswerPanel:
    """The answer block of the case page (the case with its posts loaded)."""
    answer = latest_answer(session, case.id)
    today = utcnow().astimezone(request.app.state.calendar.zone).date()
    texts = drafts(request.app.state.profile, case, today=today)
    link = status_url(request, case)
    privileged = is_privileged(user)
    social = [
        SocialPost(post.source, post.url if privileged else None, can_reply(post))
        for post in case.posts
        if is_social(post)
    ]
    return AnswerPanel(
        answer=answer,
        may_answer=may_change(actor_of(user), case) and case.status != "duplicate",
        text=answer.text if answer else texts.get("kk", ""),
        lang=answer.lang if answer else "kk",
        drafts=texts,
        tracking_number=tracking_number(case.id),
        status_url=link,
        reply=reply_text(answer.public_text, link) if answer and social else None,
        social_posts=social,
    )
