"""GET /healthz for load balancers and monitoring: the app answers and so does its database."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from halyq.web.api.schemas import Health

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database does not answer."}},
)
def healthz(request: Request) -> Health | JSONResponse:
    """{"status": "ok", "database": "ok"} after a `SELECT 1`; 503 when that fails."""
    engine: Engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("health check: database unavailable: %s", exc)
        body = Health(status="error", database="unavailable")
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok")
