"""GET /api/v1/posts (redacted unless analyst/admin) and POST /api/v1/posts (a direct appeal).

A posted item goes the same way as an imported one: stored once by (source, id), analysed,
and, when it is a complaint, opened as a routed case.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import APIKeyHeader

from halyq.cases.queries import case_ids_for_posts, list_posts
from halyq.city.profile import CityProfile
from halyq.db.models import User
from halyq.pipeline import process_post_safely
from halyq.sources.records import PostIn
from halyq.sources.store import store_post
from halyq.web.api.schemas import (
    MAX_PER_PAGE,
    PostCreate,
    PostCreated,
    PostPage,
)
from halyq.web.auth import DbSession, department_scope, require_role, require_user
from halyq.web.visible import post_view

router = APIRouter(prefix="/api/v1/posts", tags=["posts"])
# Checked by CSRFMiddleware; declared here so /docs offers a field for it.
CSRF_HEADER = APIKeyHeader(
    name="X-CSRF-Token",
    scheme_name="CSRFToken",
    auto_error=False,
    description="The csrf_token from GET /api/v1/me, for cookie-authenticated requests.",
)


@router.get("", response_model=PostPage)
def posts(
    session: DbSession,
    user: User = Depends(require_user),
    source: str | None = None,
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, description=f"At most {MAX_PER_PAGE}; more is capped."),
    include_deleted: bool = Query(False, description="Also posts their channel deleted."),
) -> PostPage:
    """Newest first. Executors see the posts of their department's cases only."""
    per_page = min(per_page, MAX_PER_PAGE)
    rows, total = list_posts(
        session,
        source=source,
        department=department_scope(user),
        page=page,
        per_page=per_page,
        include_deleted=include_deleted,
    )
    cases = case_ids_for_posts(session, [row.id for row in rows])
    items = [post_view(row, user, case_id=cases.get(row.id)) for row in rows]
    return PostPage(items=items, total=total, page=page, per_page=per_page)


@router.post(
    "",
    response_model=PostCreated,
    status_code=201,
    dependencies=[Depends(CSRF_HEADER)],
    responses={200: {"model": PostCreated, "description": "Known already"}},
)
def add_post(
    body: PostCreate,
    request: Request,
    response: Response,
    session: DbSession,
    user: User = Depends(require_role("admin", "analyst")),
) -> PostCreated:
    """Store, analyse and (for a complaint) open a case; 201 when new, 200 when known."""
    profile: CityProfile = request.app.state.profile
    record = _post_in(body, user, ZoneInfo(profile.timezone))
    result, row = store_post(session, record, pseudonym_key=request.app.state.pseudonym_key)
    if result != "unchanged":
        # A failed analysis is kept on the post for the worker's log; the post itself stays.
        process_post_safely(session, profile, row, calendar=request.app.state.calendar)
    if result != "added":
        response.status_code = 200
    case_id = case_ids_for_posts(session, [row.id]).get(row.id)
    return PostCreated(post_id=row.id, result=result, case_id=case_id)


def _post_in(body: PostCreate, user: User, zone: ZoneInfo) -> PostIn:
    created_at = body.created_at
    if created_at is not None and created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=zone)
    return PostIn(
        source=body.source.strip(),
        external_id=body.id.strip(),
        text=body.text,
        created_at=created_at,
        author=body.author,
        url=body.url,
        raw={**body.model_dump(mode="json"), "_submitted_by": user.username},
    )
