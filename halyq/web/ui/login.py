"""GET/POST /login and POST /logout; signing in starts a fresh session (new CSRF token too)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from halyq.web.auth import DbSession, authenticate, sign_in
from halyq.web.csrf import csrf_token
from halyq.web.ratelimit import Throttle
from halyq.web.ui.templating import render

router = APIRouter(include_in_schema=False)

# Failed sign-ins: a guessed password per account, and a sweep of accounts from one address.
FAILURES_PER_ACCOUNT = "5/15 minutes"
FAILURES_PER_ADDRESS = "30/15 minutes"


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
    account, address = username.strip().casefold(), _address(request)
    account_failures, address_failures = request.app.state.login_throttles
    wait = max(account_failures.wait(account), address_failures.wait(address))
    if wait:
        context = {"user": None, "next": safe_next(next), "error": False, "username": username,
                   "wait_minutes": -(-wait // 60)}  # fmt: skip
        response = render(request, "login.html", context, status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = authenticate(session, username.strip(), password)
    if user is None:
        account_failures.hit(account)
        address_failures.hit(address)
        context = {"user": None, "next": safe_next(next), "error": True, "username": username}
        return render(request, "login.html", context, status_code=401)
    account_failures.clear(account)
    sign_in(request, user)
    csrf_token(request.session)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def login_throttles() -> tuple[Throttle, Throttle]:
    """Counters of failed sign-ins per account and per client address (one pair per app)."""
    return (
        Throttle(FAILURES_PER_ACCOUNT, name="login-account"),
        Throttle(FAILURES_PER_ADDRESS, name="login-address"),
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str) -> str:
    """Only a path on this site: '/cases/3' yes, '//evil.example' or 'https://…' no."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"
