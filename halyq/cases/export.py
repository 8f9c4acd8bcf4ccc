"""Cases as plain records for `halyq cases export`, `show` and `history`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from halyq.db.models import Case, CaseEvent, CasePost, Post

EXPORT_BATCH = 1000


def export_records(session: Session, *, batch: int = EXPORT_BATCH) -> Iterator[dict[str, Any]]:
    """Every case in id order as {"case_id", "category", "department", "status", "track",
    "place", "opened_at", "due_at", "post_ids", "residents"}; post_ids are the ids the posts
    had at ingest, oldest first. Two queries per `batch` cases, whatever the total."""
    after = 0
    while True:
        query = select(Case).where(Case.id > after).order_by(Case.id).limit(batch)
        cases = list(session.scalars(query))
        if not cases:
            return
        posts = _external_ids(session, [case.id for case in cases])
        for case in cases:
            yield export_record(case, posts.get(case.id, []))
        after = cases[-1].id


def export_record(case: Case, post_ids: list[str]) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "category": case.category,
        "department": case.department_code,
        "status": case.status,
        "track": case.track,
        "place": place_label(case),
        "opened_at": case.opened_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "post_ids": post_ids,
        "residents": case.residents,
    }


def place_label(case: Case) -> str | None:
    """ "Жібек жолы, 12": the canonical (Kazakh) name, and the house when known."""
    if not case.place_canonical:
        return None
    return case.place_canonical + (f", {case.place_house}" if case.place_house else "")


def case_with_history(session: Session, case_id: int) -> Case | None:
    """A case with its posts and its events loaded."""
    query = (
        select(Case)
        .where(Case.id == case_id)
        .options(selectinload(Case.posts).selectinload(Post.analysis), selectinload(Case.events))
    )
    return session.scalars(query).one_or_none()


def history(case: Case) -> list[CaseEvent]:
    return sorted(case.events, key=lambda event: event.id)


def _external_ids(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    query = (
        select(CasePost.case_id, Post.external_id)
        .join(Post, Post.id == CasePost.post_id)
        .where(CasePost.case_id.in_(case_ids))
        .order_by(CasePost.case_id, Post.created_at, Post.id)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for case_id, external_id in session.execute(query):
        found[case_id].append(external_id)
    return found
