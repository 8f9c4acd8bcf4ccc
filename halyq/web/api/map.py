"""The map's data: GET /api/v1/map/cases (GeoJSON of the cases a user may see), one case's
point, and GET /api/v1/map/background (the profile's own streets, boundaries and settlements,
drawn when no tile server is configured).

A point is drawn only when it says more than "somewhere in the city": cases with no point or a
city-level one are counted in the collection's `unlocated` member instead. Markers carry no
post text, author or phone: only the case's category, status, place and counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, and_, func, not_, select
from sqlalchemy.orm import Session

# The case list's own conditions, so the map and the list can never disagree.
from halyq.cases.queries import case_conditions, due_conditions, due_flag
from halyq.city.geocode import geo_index
from halyq.city.osm_store import OSM_FILE, load_features
from halyq.city.profile import CityProfile, Place
from halyq.db.models import Case, CasePost, User
from halyq.db.types import utcnow
from halyq.web.auth import DbSession, department_scope, may_read_case, require_user
from halyq.web.filters import CaseFilters
from halyq.web.ui.templating import PRECISION_LABELS, STATUS_LABELS, URGENCY_LABELS

router = APIRouter(prefix="/api/v1/map", tags=["map"])
# More markers than this make the page slow and say nothing more; the nearest deadlines win.
MAX_FEATURES = 5000
CITY = "city"


@dataclass
class MapFilters(CaseFilters):
    """The case list's filters, plus the district and the days the case was opened (local)."""

    district: str | None = None
    opened_from: str | None = None  # YYYY-MM-DD; kept as text so an empty form field is "any"
    opened_to: str | None = None

    def days(self) -> tuple[date | None, date | None]:
        """The two dates, checked; a wrong one is a 422 that names the field."""
        first, last = _day(self.opened_from, "opened_from"), _day(self.opened_to, "opened_to")
        if first and last and first > last:
            raise HTTPException(422, detail="opened_from is after opened_to")
        return first, last


class Label(BaseModel):
    kk: str
    ru: str


class CaseMarker(BaseModel):
    """What a marker's popup shows: never a post's text, its author or a phone."""

    id: int
    category: str
    category_label: Label
    status: str
    status_label: Label
    urgency: str
    urgency_label: Label
    place: str | None = Field(description="Place as the case list shows it: name, house.")
    precision: str | None = Field(description="address | street | area | settlement")
    precision_label: Label
    district: str | None
    post_count: int
    residents: int
    due: Literal["overdue", "due_soon"] | None
    url: str


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude], as GeoJSON.")


class CaseFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: PointGeometry
    properties: CaseMarker


class CaseCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[CaseFeature]
    unlocated: int = Field(description="Matching cases with no point finer than the city.")
    truncated: bool = Field(description=f"More than {MAX_FEATURES} located cases matched.")


@router.get("/cases", response_model=CaseCollection)
def map_cases(
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    filters: MapFilters = Depends(),
    due: Literal["overdue", "due_soon"] | None = None,
    open_only: bool = True,
) -> CaseCollection:
    """The located cases matching the case list's filters (executors: their department's)."""
    profile: CityProfile = request.app.state.profile
    now = utcnow()
    where = map_conditions(
        filters, department=department_scope(user, filters.department),
        zone=ZoneInfo(profile.timezone), due=due, now=now, open_only=open_only,
    )  # fmt: skip
    rows = located_cases(session, where, limit=MAX_FEATURES + 1)
    return CaseCollection(
        features=[case_feature(case, count, profile, now) for case, count in rows[:MAX_FEATURES]],
        unlocated=count_unlocated(session, where),
        truncated=len(rows) > MAX_FEATURES,
    )


@router.get(
    "/cases/{case_id}", response_model=CaseFeature, responses={404: {"description": "No point"}}
)
def map_case(
    case_id: int, request: Request, session: DbSession, user: User = Depends(require_user)
) -> CaseFeature:
    """One case's marker; 404 when it has no point finer than the city or is not yours."""
    rows = located_cases(session, [Case.id == case_id], limit=1)
    if not rows or not may_read_case(user, rows[0][0].department_code):
        raise HTTPException(status_code=404, detail=f"no located case {case_id}")
    case, count = rows[0]
    return case_feature(case, count, request.app.state.profile, utcnow())


@router.get("/background", responses={200: {"content": {"application/geo+json": {}}}})
def map_background(request: Request, _user: User = Depends(require_user)) -> Response:
    """The profile's streets (lines), boundaries (outlines) and settlements (labelled points)."""
    body = _cached_background(request.app.state)
    # Public geography, no personal data: the browser may keep it for the working session.
    headers = {"Cache-Control": "private, max-age=3600"}
    return Response(body, media_type="application/geo+json", headers=headers)


def map_conditions(
    filters: MapFilters,
    *,
    department: str | None,
    zone: ZoneInfo,
    due: Literal["overdue", "due_soon"] | None = None,
    now: datetime | None = None,
    open_only: bool = True,
) -> list[Any]:
    """SQL conditions for these filters; `department` is the caller's scope (department_scope)."""
    where = case_conditions(
        department=department, category=filters.category, status=filters.status,
        urgency=filters.urgency, open_only=open_only,
    )  # fmt: skip
    if due is not None:
        where += due_conditions(due, now)
    if filters.district is not None:
        where.append(Case.district == filters.district)
    first, last = filters.days()
    if first is not None:
        where.append(Case.opened_at >= _local_midnight(first, zone))
    if last is not None:
        where.append(Case.opened_at < _local_midnight(last + timedelta(days=1), zone))
    return where


def located_cases(session: Session, where: list[Any], *, limit: int) -> list[tuple[Case, int]]:
    """Cases with a point finer than the city, nearest deadline first, with their post counts."""
    # Correlated per case: uses case_posts' primary key, never scans the whole link table.
    posts = (
        select(func.count())
        .select_from(CasePost)
        .where(CasePost.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )
    query = (
        select(Case, posts).where(*where, _located()).order_by(Case.due_at, Case.id).limit(limit)
    )
    return [(case, int(count)) for case, count in session.execute(query)]


def count_located(session: Session, where: list[Any]) -> int:
    return session.scalar(select(func.count()).select_from(Case).where(*where, _located())) or 0


def count_unlocated(session: Session, where: list[Any]) -> int:
    """Matching cases the map cannot place: no point, or only the city's."""
    query = select(func.count()).select_from(Case).where(*where, not_(_located()))
    return session.scalar(query) or 0


def map_districts(session: Session, *, department: str | None) -> list[str]:
    """The districts cases were placed in, for the filter's drop-down."""
    query = select(Case.district).where(Case.district.is_not(None)).distinct()
    if department is not None:
        query = query.where(Case.department_code == department)
    return sorted(name for name in session.scalars(query) if name)


def case_feature(case: Case, post_count: int, profile: CityProfile, now: datetime) -> CaseFeature:
    """A case as a GeoJSON point ([lon, lat]) with what its popup shows."""
    assert case.lat is not None and case.lon is not None  # located_cases() keeps only these
    category = profile.categories.get(case.category)
    place = case.place_canonical
    if place and case.place_house:
        place = f"{place}, {case.place_house}"
    marker = CaseMarker(
        id=case.id,
        category=case.category,
        category_label=_label(
            (category.name_kk, category.name_ru) if category else None, case.category
        ),
        status=case.status,
        status_label=_label(STATUS_LABELS.get(case.status), case.status),
        urgency=case.urgency,
        urgency_label=_label(URGENCY_LABELS.get(case.urgency), case.urgency),
        place=place,
        precision=case.place_precision,
        precision_label=_label(PRECISION_LABELS.get(case.place_precision or ""), "—"),
        district=case.district,
        post_count=post_count,
        residents=case.residents,
        due=due_flag(case, now),
        url=f"/cases/{case.id}",
    )
    geometry = PointGeometry(coordinates=(case.lon, case.lat))
    return CaseFeature(id=case.id, geometry=geometry, properties=marker)


def _cached_background(state: Any) -> bytes:
    """The app's profile geometry, rebuilt only when `halyq city import-osm` changed the file."""
    profile: CityProfile = state.profile
    path = profile.root / OSM_FILE
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    cached: tuple[int, bytes] | None = getattr(state, "map_background", None)
    if cached is None or cached[0] != stamp:
        cached = (stamp, background_geojson(profile))
        state.map_background = cached
    return cached[1]


def background_geojson(profile: CityProfile) -> bytes:
    """The profile's streets, named boundaries and settlements with a point, as GeoJSON bytes."""
    features: list[dict[str, Any]] = []
    for feature in load_features(profile.root):
        if feature.kind in ("street", "boundary") and feature.name:
            properties = {"kind": feature.kind, "name": feature.name}
            features.append(
                {"type": "Feature", "geometry": feature.geometry, "properties": properties}
            )
    areas = geo_index(profile).areas  # OSM's own settlement points first
    for place in profile.places:
        point = areas.get(place.canonical) or _point(place)
        if place.kind == "settlement" and point is not None:
            geometry = {"type": "Point", "coordinates": [point[1], point[0]]}
            properties = {"kind": "settlement", "name": place.canonical}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def city_centre(profile: CityProfile) -> tuple[float, float] | None:
    """(lat, lon) of the profile's own city, for the map's first view; None when unknown."""
    cities = [place for place in profile.places if place.kind == CITY and _point(place)]
    own = [place for place in cities if place.canonical in profile.name_kk] or cities
    return _point(own[0]) if own else None


def _located() -> ColumnElement[bool]:
    # open_case() keeps no point for a city-level place; the check also guards older rows.
    return and_(
        Case.lat.is_not(None),
        Case.lon.is_not(None),
        func.coalesce(Case.place_precision, "") != CITY,
    )


def _point(place: Place) -> tuple[float, float] | None:
    return (place.lat, place.lon) if place.lat is not None and place.lon is not None else None


def _label(pair: tuple[str, str] | None, fallback: str) -> Label:
    return Label(kk=pair[0], ru=pair[1]) if pair else Label(kk=fallback, ru="")


def _day(raw: str | None, name: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise HTTPException(422, detail=f"{name}: {raw!r} is not a date like 2026-11-27") from None


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)
