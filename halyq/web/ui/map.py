"""GET /map: the cases a user may see on a map, with the case list's filters and a legend.

The page itself holds no script: static/map.js (same origin, CSP) reads the GeoJSON from
/api/v1/map/cases with the page's own query string, and draws it over the configured tiles or,
without tiles, over the profile's own streets and boundaries (/api/v1/map/background).
"""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from halyq.city.profile import CityProfile
from halyq.config import Settings
from halyq.db.models import User
from halyq.web.api.map import (
    MapFilters,
    city_centre,
    count_located,
    count_unlocated,
    map_conditions,
    map_districts,
)
from halyq.web.auth import DbSession, department_scope, require_user
from halyq.web.ui.templating import STATUS_LABELS, URGENCY_LABELS, render

router = APIRouter(include_in_schema=False)


def add_map_globals(templates: Jinja2Templates, settings: Settings) -> None:
    """Give every page the tile settings: the case page draws a small map too."""
    templates.env.globals.update(
        map_tiles=settings.map_tiles, map_attribution=settings.map_attribution
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    session: DbSession,
    user: User = Depends(require_user),
    filters: MapFilters = Depends(),
    open_only: bool = True,
) -> Response:
    profile: CityProfile = request.app.state.profile
    scope = department_scope(user, filters.department)
    where = map_conditions(
        filters, department=scope, zone=ZoneInfo(profile.timezone), open_only=open_only
    )
    query = {**filters.as_query(), **({} if open_only else {"open_only": "false"})}
    context = {
        "user": user,
        "filters": filters,
        "open_only": open_only,
        "located": count_located(session, where),
        "unlocated": count_unlocated(session, where),
        "cases_url": "/api/v1/map/cases?" + urlencode(query),
        "centre": city_centre(profile),
        "options": {
            "department": list(profile.departments),
            "category": list(profile.categories),
            "status": list(STATUS_LABELS),
            "urgency": list(URGENCY_LABELS),
            "district": map_districts(session, department=scope),
        },
    }
    return render(request, "map.html", context)
