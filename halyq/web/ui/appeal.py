"""GET/POST /appeal: the public form a resident writes to the akimat through, without signing in.

An appeal is stored as a post of source `webform` (a formal appeal: `cases.open` gives it the
appeal track and its deadlines) under a random tracking number, and the worker analyses and
routes it like any other post. The contact is kept in `raw` and as the (pseudonymised) author
for staff only; public pages show redacted text alone.

Abuse: the app's CSRF middleware needs the token this page puts in the session; a hidden
honeypot field catches form-filling bots; each client address may send `HALYQ_APPEAL_LIMIT`
appeals an hour (halyq.web.ratelimit: counts in this process's memory, which is every request
for the one `halyq serve` process; several web processes need a shared store, and a reverse
proxy must pass the client's address, e.g. uvicorn's --proxy-headers).
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field

import phonenumbers
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.config import Settings
from halyq.db.models import Post
from halyq.sources.records import MAX_TEXT_CHARS, PostIn
from halyq.sources.store import store_post
from halyq.web.auth import DbSession
from halyq.web.ratelimit import Throttle
from halyq.web.ui.templating import render

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

SOURCE = "webform"
FIELD_MAX = 255  # place and contact: the width of the posts table's short columns
RECEIPT_KEY = "appeal_receipt"
# No 0/O or 1/I/L: the number is read out over the phone.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class AppealForm:
    text: str = ""
    place: str = ""
    contact: str = ""
    consent: bool = False
    errors: list[tuple[str, str]] = field(default_factory=list)  # (kk, ru)


def appeal_throttle(settings: Settings) -> Throttle:
    """The per-address counter of stored appeals (one per app)."""
    return Throttle(f"{settings.appeal_limit}/hour", name="appeal")


@router.get("/appeal", response_class=HTMLResponse)
def appeal_page(request: Request) -> Response:
    return render(request, "appeal.html", {"user": None, "form": AppealForm()})


@router.post("/appeal", response_class=HTMLResponse)
def submit_appeal(
    request: Request,
    session: DbSession,
    text: str = Form(""),
    place: str = Form(""),
    contact: str = Form(""),
    consent: str = Form(""),
    website: str = Form(""),  # the honeypot: hidden from people, filled in by bots
) -> Response:
    throttle: Throttle = request.app.state.appeal_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.wait(address)
    if wait:
        response = render(
            request,
            "appeal_limited.html",
            {"user": None, "minutes": -(-wait // 60)},
            status_code=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    form = AppealForm(_clean(text), _clean(place), _clean(contact), bool(consent))
    if website.strip():
        throttle.hit(address)
        log.info("appeal form: honeypot filled from %s; not stored", address)
        return RedirectResponse("/appeal/received", status_code=303)
    contact_value = _validate(form)
    if form.errors:
        return render(request, "appeal.html", {"user": None, "form": form}, status_code=422)
    throttle.hit(address)
    number = _store(session, form, contact_value, request.app.state.pseudonym_key)
    request.session[RECEIPT_KEY] = {"number": number, "contact": bool(contact_value)}
    return RedirectResponse("/appeal/received", status_code=303)


@router.get("/appeal/received", response_class=HTMLResponse)
def appeal_received(request: Request) -> Response:
    """The receipt, shown once: on a shared computer the next person must not find it."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not isinstance(receipt, dict):
        return RedirectResponse("/appeal", status_code=303)
    context = {
        "user": None,
        "number": receipt.get("number"),
        "has_contact": bool(receipt.get("contact")),
        "resolve_days": request.app.state.profile.appeal_resolve_days,
    }
    return render(request, "appeal_received.html", context)


def _clean(value: str) -> str:
    # PostgreSQL text cannot hold NUL; browsers send CRLF line ends.
    return value.replace("\x00", "").replace("\r\n", "\n").strip()


def _validate(form: AppealForm) -> str | None:
    """Fill `form.errors`; return the contact normalised (+77001234567, a lower-cased e-mail)."""
    if not form.text:
        form.errors.append(("Өтініш мәтінін жазыңыз.", "Напишите текст обращения."))
    elif len(form.text) > MAX_TEXT_CHARS:
        form.errors.append(
            (
                f"Мәтін тым ұзын: {len(form.text):,} таңба, ең көбі {MAX_TEXT_CHARS:,}.",
                f"Текст слишком длинный: {len(form.text):,} знаков, не больше {MAX_TEXT_CHARS:,}.",
            )
        )
    if len(form.place) > FIELD_MAX:
        form.errors.append(
            (
                f"Мекенжай тым ұзын (ең көбі {FIELD_MAX} таңба).",
                f"Адрес слишком длинный (не больше {FIELD_MAX} знаков).",
            )
        )
    contact = _contact(form.contact) if form.contact else None
    if form.contact and contact is None:
        form.errors.append(
            (
                "Байланыс үшін телефон нөмірін (+7 700 123 45 67) немесе e-mail жазыңыз.",
                "Укажите для связи телефон (+7 700 123 45 67) или e-mail.",
            )
        )
    if not form.consent:
        form.errors.append(
            (
                "Дербес деректерді өңдеуге келісіміңізді белгілеңіз.",
                "Отметьте согласие на обработку персональных данных.",
            )
        )
    return contact


def _contact(value: str) -> str | None:
    if len(value) > FIELD_MAX:
        return None
    if EMAIL.fullmatch(value):
        return value.lower()
    try:
        number = phonenumbers.parse(value, "KZ")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _store(session: Session, form: AppealForm, contact: str | None, key: str) -> str:
    number = _new_number(session)
    # The place goes into the text too: the analysis finds places in the text only.
    text = f"{form.text}\n\n{form.place}" if form.place else form.text
    raw = {"text": form.text, "place": form.place or None, "contact": contact, "consent": True}
    post = PostIn(source=SOURCE, external_id=number, text=text, author=contact, raw=raw)
    store_post(session, post, pseudonym_key=key)
    return number


def _new_number(session: Session) -> str:
    """A tracking number like 'K7QX-M4TZ-2P': random, so numbers say nothing about volumes."""
    while True:
        chars = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(10))
        number = f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"
        taken = session.scalar(
            select(Post.id).where(Post.source == SOURCE, Post.external_id == number)
        )
        if taken is None:
            return number
