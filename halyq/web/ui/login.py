"""GET/POST /login and POST /logout; signing in starts a fresh session (new CSRF token too)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from halyq.web.auth import DbSession, authenticate, sign_in
from halyq.web.csrf import csrf_token
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"user": None, "next": safe_next(next), "error": False})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: DbSession,
    username: str = Form(max_length=64),
    password: str = Form(max_length=1024),
    next: str = Form("/"),
) -> Response:
    user = authenticate(session, username.strip(), password)
    if user is None:
        context = {"user": None, "next": safe_next(next), "error": True, "username": username}
        return render(request, "login.html", context, status_code=401)
    sign_in(request, user)
    csrf_token(request.session)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def safe_next(target: str) -> str:
    """Only a path on this site: '/cases/3' yes, '//evil.example' or 'https://…' no."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"
