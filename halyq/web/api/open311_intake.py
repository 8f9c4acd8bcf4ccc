"""POST requests: an Open311 form becomes a post (source `open311`) and, at once, a case.

Synchronous, as the spec's `realtime` type: the answer carries the service_request_id, never
a token to ask for it later. The appeal goes through the same pipeline as any post, so it
joins the open case of its incident when there is one; when the reader sees no complaint in
it, it is a case all the same (a formal appeal is never dropped), under the service the
resident chose. A `lat`/`long` gives a case it opens without a place the resident's point (no
reverse geocoding: the place name comes from the text and `address_string`). The resident's
contacts stay in the post's raw record, seen by no one but analysts; the public sees the case
as cases.public gives it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.cases.intake import file_complaint
from halyq.cases.merge_rules import load_merge_rules
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CasePost, Post
from halyq.pipeline import process_post
from halyq.sources.records import PostIn
from halyq.sources.store import store_post
from halyq.web.api.open311_format import Open311Error

SOURCE = "open311"
MAX_DESCRIPTION_CHARS = 4000  # the spec's limit
_SHORT_FIELDS = {
    "email": 254, "first_name": 100, "last_name": 100, "phone": 64, "device_id": 255,
    "account_id": 255, "address_string": 500, "address_id": 255, "media_url": 2048,
    "jurisdiction_id": 255,
}  # fmt: skip


@dataclass(frozen=True)
class RequestForm:
    """A checked POST requests form."""

    service_code: str
    description: str
    lat: float | None
    lon: float | None
    fields: dict[str, str]  # the other arguments given, non-empty, as sent
    attributes: dict[str, list[str]] = field(default_factory=dict)


def read_form(items: Sequence[tuple[str, str]], profile: CityProfile) -> RequestForm:
    """Check the arguments; Open311Error lists everything wrong at once (400) or names an
    unknown service_code (404)."""
    values: dict[str, str] = {}
    attributes: dict[str, list[str]] = {}
    for key, value in items:
        if key.startswith("attribute[") and "]" in key:
            attributes.setdefault(key[10 : key.index("]")], []).append(value)
        elif value.strip():
            values.setdefault(key, value.strip())
    code = values.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code was not provided; GET services.json lists them")
    if code not in profile.categories:
        raise Open311Error(404, f"service_code '{code[:64]}' was not found")
    problems: list[str] = []
    lat, lon = _point(values, problems)
    if lat is None and not values.get("address_string") and not values.get("address_id"):
        problems.append("a location is required: lat and long, address_string or address_id")
    description = values.get("description", "")
    if len(description) > MAX_DESCRIPTION_CHARS:
        problems.append(f"description has {len(description)} characters; at most 4000")
    for name, limit in _SHORT_FIELDS.items():
        if len(values.get(name, "")) > limit:
            problems.append(f"{name} is longer than {limit} characters")
    media = values.get("media_url")
    if media and urlsplit(media).scheme.lower() not in ("http", "https"):
        problems.append("media_url must be an http or https address")
    if problems:
        raise Open311Error(400, "; ".join(problems))
    others = {k: v for k, v in values.items() if k in _SHORT_FIELDS}
    return RequestForm(code, description, lat, lon, others, attributes)


def file_request(
    session: Session,
    form: RequestForm,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    pseudonym_key: str,
    key_name: str,
    now: datetime,
) -> Case:
    """Store the appeal as a post and file it into a case now; returns the case."""
    record = PostIn(
        source=SOURCE,
        external_id=uuid.uuid4().hex,
        text=_text(form, profile),
        created_at=now,
        author=_name(form.fields),
        raw=_raw(form, key_name),
    )
    _, post = store_post(session, record, pseudonym_key=pseudonym_key)
    filed = process_post(session, profile, post, calendar=calendar, now=now)
    if filed is None:
        analysis = session.scalars(select(Analysis).where(Analysis.post_id == post.id)).one()
        filed = file_complaint(
            session, profile=profile, calendar=calendar, rules=load_merge_rules(profile),
            post=post, analysis=_as_appeal(analysis, form.service_code), now=now,
        )  # fmt: skip
    case = filed.case
    if filed.how == "opened" and case.lat is None and form.lat is not None:
        # The resident's own map point says where better than no point at all.
        case.lat, case.lon, case.place_precision = form.lat, form.lon, "address"
    return case


def media_urls(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """The first media_url residents sent with an Open311 request, per case."""
    if not case_ids:
        return {}
    query = (
        select(CasePost.case_id, Post.raw)
        .join(Post, Post.id == CasePost.post_id)
        .where(CasePost.case_id.in_(case_ids), Post.source == SOURCE)
        .order_by(Post.id)
    )
    found: dict[int, str] = {}
    for case_id, raw in session.execute(query):
        url = (raw or {}).get("open311", {}).get("media_url")
        if url and case_id not in found:
            found[case_id] = url
    return found


def _point(values: dict[str, str], problems: list[str]) -> tuple[float | None, float | None]:
    raw_lat, raw_lon = values.get("lat"), values.get("long")
    if raw_lat is None and raw_lon is None:
        return None, None
    if raw_lat is None or raw_lon is None:
        problems.append("lat and long both need to be sent")
        return None, None
    try:
        lat, lon = float(raw_lat), float(raw_lon)
    except ValueError:
        problems.append(f"lat '{raw_lat[:20]}' and long '{raw_lon[:20]}' must be numbers (WGS84)")
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append("lat must be within -90..90 and long within -180..180")
        return None, None
    return lat, lon


def _text(form: RequestForm, profile: CityProfile) -> str:
    """What the reader reads: the description and the address the resident typed."""
    parts = [form.description, form.fields.get("address_string", "")]
    text = "\n".join(part for part in parts if part)
    return text or profile.categories[form.service_code].name_ru


def _name(fields: dict[str, str]) -> str | None:
    name = " ".join(fields[k] for k in ("first_name", "last_name") if fields.get(k))
    return name or None


def _raw(form: RequestForm, key_name: str) -> dict[str, Any]:
    return {
        "open311": {
            **form.fields,
            "service_code": form.service_code,
            "description": form.description,
            "lat": form.lat,
            "long": form.lon,
            "attributes": form.attributes,
        },
        "_api_key": key_name,
    }


def _as_appeal(analysis: Analysis, service_code: str) -> Analysis:
    """The reading of the post as an appeal about the chosen service; not stored, the
    post's own analysis stays as the reader left it."""
    read = {c.key: getattr(analysis, c.key) for c in Analysis.__table__.columns if c.key != "id"}
    scores = {service_code: 1.0}
    return Analysis(
        **{**read, "is_complaint": True, "category": service_code, "category_scores": scores}
    )
