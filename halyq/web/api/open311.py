"""Open311 GeoReport v2 under /open311/v2/: the city's categories are the services.

GET services, GET services/{code}, GET requests (filters: service_request_id, service_code,
status, start_date, end_date; the last 90 days and at most 1000 by default, as the spec
says), GET requests/{id}: public, personal data removed (cases.public). POST requests: a
direct appeal, with an api_key, answered at once with its service_request_id (the case's
tracking number). Every answer is `.json` or `.xml`; errors come in the spec's format.
One jurisdiction is served, so `jurisdiction_id` is ignored, as the spec allows.

POSTs are limited per key in this process's memory (web.ratelimit): `halyq serve` is one
process, so that counts every request it gets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from halyq.cases.answers import latest_answers
from halyq.cases.merge_rules import load_merge_rules
from halyq.cases.public import (
    REASON_SHOWN,
    PublicCase,
    case_by_number,
    case_id_of,
    public_case,
    public_reasons,
)
from halyq.cases.workflow import CLOSED_STATUSES
from halyq.city.profile import CityProfile
from halyq.db.models import Case
from halyq.db.types import utcnow
from halyq.nlp.pii import redact
from halyq.web.api.open311_format import (
    FORMATS,
    Format,
    Open311Error,
    error,
    format_of,
    parse_w3,
    records,
    service_definition,
    w3,
)
from halyq.web.api.open311_intake import file_request, media_urls, read_form
from halyq.web.api.open311_keys import check_api_key
from halyq.web.auth import DbSession
from halyq.web.ratelimit import Throttle
from halyq.web.ui.status import status_url
from halyq.web.ui.templating import STATUS_LABELS

router = APIRouter(prefix="/open311/v2", tags=["open311"])
MAX_REQUESTS = 1000
MAX_SPAN = timedelta(days=90)
STATUSES = ("open", "closed")
_throttle_lock = threading.Lock()


@router.get("/services.{ext}")
def services(ext: str, request: Request) -> Response:
    """Every category of the city profile as a service."""
    profile: CityProfile = request.app.state.profile
    return _answer(ext, lambda fmt: records(fmt, "services", "service", service_list(profile)))


@router.get("/services/{service_code}.{ext}")
def service(service_code: str, ext: str, request: Request) -> Response:
    """A service's definition: no attributes (metadata is false for every service)."""

    def produce(fmt: Format) -> Response:
        if service_code not in request.app.state.profile.categories:
            raise Open311Error(404, f"service_code '{service_code[:64]}' was not found")
        return service_definition(fmt, service_code)

    return _answer(ext, produce)


@router.get("/requests.{ext}")
def requests(ext: str, request: Request, session: DbSession) -> Response:
    """Requests, newest first: the last 90 days unless start_date/end_date say otherwise."""

    def produce(fmt: Format) -> Response:
        cases = session.scalars(_request_query(request.query_params, now=utcnow()))
        items = _request_records(request, session, list(cases))
        return records(fmt, "service_requests", "request", items)

    return _answer(ext, produce)


@router.get("/requests/{service_request_id}.{ext}")
def one_request(
    service_request_id: str, ext: str, request: Request, session: DbSession
) -> Response:
    def produce(fmt: Format) -> Response:
        case = case_by_number(session, service_request_id)
        if case is None:
            message = f"service_request_id '{service_request_id[:40]}' was not found"
            raise Open311Error(404, message)
        items = _request_records(request, session, [case])
        return records(fmt, "service_requests", "request", items)

    return _answer(ext, produce)


async def form_items(request: Request) -> list[tuple[str, str]] | None:
    """The POSTed form's fields in order (repeats kept); None when it is not a form."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    try:
        async with request.form() as form:
            return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    except StarletteHTTPException:  # a malformed multipart body
        return None


@router.post("/requests.{ext}")
def create_request(
    ext: str,
    request: Request,
    session: DbSession,
    items: list[tuple[str, str]] | None = Depends(form_items),
) -> Response:
    """File a direct appeal: api_key, service_code, a location, description, contacts."""

    def produce(fmt: Format) -> Response:
        if items is None:
            raise Open311Error(400, "send the request as application/x-www-form-urlencoded")
        key_name = _checked_key(request, session, items)
        form = read_form(items, request.app.state.profile)
        now = utcnow()
        case = file_request(
            session, form, profile=request.app.state.profile,
            calendar=request.app.state.calendar, pseudonym_key=request.app.state.pseudonym_key,
            key_name=key_name, now=now,
        )  # fmt: skip
        public = public_case(case, None)
        notice = _notice(request, public) + f" {status_url(request, case)}"
        created = {"service_request_id": public.tracking_number, "service_notice": notice}
        return records(fmt, "service_requests", "request", [{**created, "account_id": None}], 201)

    return _answer(ext, produce)


@router.api_route(
    "/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def unknown(rest: str) -> Response:
    fmt: Format = "json" if rest.endswith(".json") else "xml"
    return error(fmt, Open311Error(404, f"/open311/v2/{rest[:80]} is not a GeoReport v2 resource"))


def service_list(profile: CityProfile) -> list[dict[str, Any]]:
    rules = load_merge_rules(profile)
    return [
        {
            "service_code": category.code,
            "service_name": f"{category.name_kk} / {category.name_ru}",
            "description": category.name_en,
            "metadata": False,
            "type": "realtime",
            "keywords": ", ".join(dict.fromkeys((category.name_kk, category.name_ru))),
            "group": rules.family(category.code),
        }
        for category in profile.categories.values()
    ]


def _answer(ext: str, produce: Callable[[Format], Response]) -> Response:
    """The response in the asked format, or the error in the spec's format."""
    try:
        return produce(format_of(ext))
    except Open311Error as exc:
        return error(ext if ext in FORMATS else None, exc)


def _checked_key(request: Request, session: Session, items: Sequence[tuple[str, str]]) -> str:
    """The name of the valid key the request carries; 403 without one, 429 when it is busy."""
    key = next((value for name, value in items if name == "api_key"), "")
    row = check_api_key(session, key.strip(), now=utcnow()) if key.strip() else None
    if row is None:
        raise Open311Error(403, "api_key is missing or invalid; the request was not created")
    throttle = _throttle(request)
    if not throttle.hit(row.name):
        wait = throttle.wait(row.name)
        raise Open311Error(
            429, f"too many requests with this api_key; retry in {wait} s", retry_after=wait
        )
    return row.name


def _throttle(request: Request) -> Throttle:
    """The app's POST throttle, made on first use (one per app, shared by its threads)."""
    state = request.app.state
    with _throttle_lock:
        throttle: Throttle | None = getattr(state, "open311_throttle", None)
        if throttle is None:
            rate = f"{state.settings.georeport_posts_per_minute}/minute"
            throttle = state.open311_throttle = Throttle(rate, name="open311")
    return throttle


def _request_query(params: QueryParams, *, now: datetime) -> Select[Case]:
    query = select(Case).order_by(Case.opened_at.desc(), Case.id.desc()).limit(MAX_REQUESTS)
    ids = _listed(params, "service_request_id")
    if ids:  # "This overrides all other arguments."
        return query.where(Case.id.in_([_case_id(value) for value in ids]))
    start, end = _window(params, now)
    query = query.where(Case.opened_at >= start, Case.opened_at <= end)
    codes = _listed(params, "service_code")
    if codes:
        query = query.where(Case.category.in_(codes))
    statuses = set(_listed(params, "status"))
    wrong = statuses - set(STATUSES)
    if wrong:
        raise Open311Error(400, f"status '{sorted(wrong)[0][:20]}' is not open or closed")
    if statuses == {"open"}:
        query = query.where(Case.status.not_in(sorted(CLOSED_STATUSES)))
    elif statuses == {"closed"}:
        query = query.where(Case.status.in_(sorted(CLOSED_STATUSES)))
    return query


def _listed(params: QueryParams, name: str) -> list[str]:
    """A comma-delimited argument that may also be given several times."""
    return [
        part.strip() for value in params.getlist(name) for part in value.split(",") if part.strip()
    ]


def _case_id(number: str) -> int:
    case_id = case_id_of(number)
    if case_id is None:
        raise Open311Error(400, f"service_request_id '{number[:40]}' is not a tracking number")
    return case_id


def _window(params: QueryParams, now: datetime) -> tuple[datetime, datetime]:
    """[start, end] of requested_datetime: at most 90 days, the latest 90 by default."""
    raw_start, raw_end = params.get("start_date", "").strip(), params.get("end_date", "").strip()
    start = parse_w3(raw_start, "start_date") if raw_start else None
    end = parse_w3(raw_end, "end_date") if raw_end else None
    if start is None and end is None:
        return now - MAX_SPAN, now
    if start is None:
        assert end is not None
        return end - MAX_SPAN, end
    if end is None:
        return start, start + MAX_SPAN
    if end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end - start > MAX_SPAN:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return start, end


def _request_records(request: Request, session: Session, cases: list[Case]) -> list[dict[str, Any]]:
    ids = [case.id for case in cases]
    answers = latest_answers(session, ids)
    reasons = public_reasons(session, [case.id for case in cases if case.status in REASON_SHOWN])
    media = media_urls(session, ids)
    return [
        _request_record(
            request,
            public_case(case, answers.get(case.id)),
            reason=reasons.get(case.id),
            media_url=media.get(case.id),
        )
        for case in cases
    ]


def _request_record(
    request: Request, case: PublicCase, *, reason: str | None, media_url: str | None
) -> dict[str, Any]:
    profile: CityProfile = request.app.state.profile
    zone = request.app.state.calendar.zone
    category = profile.categories.get(case.category)
    department = profile.departments.get(case.department_code)
    return {
        "service_request_id": case.tracking_number,
        "status": "closed" if case.closed else "open",
        "status_notes": _notes(case, reason),
        "service_name": f"{category.name_kk} / {category.name_ru}" if category else case.category,
        "service_code": case.category,
        "description": case.description or None,
        "agency_responsible": f"{department.name_kk} / {department.name_ru}"
        if department
        else case.department_code,
        "service_notice": _notice(request, case),
        "requested_datetime": w3(case.opened_at, zone),
        "updated_datetime": w3(case.updated_at, zone),
        "expected_datetime": w3(case.due_at, zone),
        "address": f"{case.place}, {profile.name_kk}" if case.place else None,
        "address_id": None,  # no master address repository; an address id can mean one flat
        "zipcode": None,
        "lat": case.lat,
        "long": case.lon,
        "media_url": _public_url(media_url),
    }


def _notes(case: PublicCase, reason: str | None) -> str:
    """The answer when there is one; else why it was merged, rejected or redirected; else the
    status in words, finer than open/closed."""
    if case.answer is not None:
        return case.answer.text
    if case.duplicate_of:
        number = case.duplicate_of
        return f"№{number} өтінішпен біріктірілді / Объединено с обращением №{number}"
    if reason:
        return reason
    kk, ru = STATUS_LABELS.get(case.status, (case.status, case.status))
    return f"{kk} / {ru}"


def _notice(request: Request, case: PublicCase) -> str:
    """Who acts and by when, in both languages."""
    profile: CityProfile = request.app.state.profile
    department = profile.departments.get(case.department_code)
    kk, ru = (department.name_kk, department.name_ru) if department else (case.department_code,) * 2
    due = case.due_at.astimezone(request.app.state.calendar.zone).strftime("%d.%m.%Y")
    return f"{kk}, мерзімі {due}. {ru}, срок {due}."


def _public_url(url: str | None) -> str | None:
    """The resident's media link, unless it is not http(s) or carries personal data."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https") or redact(url) != url:
        return None
    return url
