"""Read-only questions about cases and posts, asked by the web pages, the API and reports.

Every function takes an open session and keyword-only filters, and loads what its callers show
in a fixed number of queries (no N+1): a page of 50 cases costs three queries, not fifty-one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from halyq.cases.workflow import CLOSED_STATUSES
from halyq.db.models import Case, CasePost, Post

# An open case whose resolution deadline is this close is "due soon".
DUE_SOON = timedelta(hours=24)
Due = Literal["overdue", "due_soon"]


def list_cases(
    session: Session,
    *,
    department: str | None = None,
    category: str | None = None,
    status: str | None = None,
    urgency: str | None = None,
    due: Due | None = None,
    now: datetime | None = None,
    open_only: bool = True,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Case], int]:
    """One page of cases, nearest deadline first, and the total matching the filters.

    `page` starts at 1; filters left as None match everything. `due` keeps open cases that
    are overdue at `now`, or due within DUE_SOON of it.
    """
    filters = case_conditions(
        department=department,
        category=category,
        status=status,
        urgency=urgency,
        open_only=open_only,
    )
    if due is not None:
        filters += due_conditions(due, now)
    total = session.scalar(select(func.count()).select_from(Case).where(*filters)) or 0
    query = (
        select(Case)
        .where(*filters)
        .order_by(Case.due_at, Case.id)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    return list(session.scalars(query)), total


def due_flag(case: Case, now: datetime) -> Due | None:
    """ "overdue", "due_soon" or None for a case at `now`; closed cases are never late."""
    if case.status in CLOSED_STATUSES:
        return None
    if case.due_at < now:
        return "overdue"
    return "due_soon" if case.due_at <= now + DUE_SOON else None


def post_counts(session: Session, case_ids: Sequence[int]) -> dict[int, int]:
    """How many posts each case has, for a list page: {case_id: n}; absent ids have none."""
    if not case_ids:
        return {}
    query = (
        select(CasePost.case_id, func.count())
        .where(CasePost.case_id.in_(case_ids))
        .group_by(CasePost.case_id)
    )
    return {case_id: count for case_id, count in session.execute(query)}


def count_open_by_department(session: Session, *, department: str | None = None) -> dict[str, int]:
    """Open cases per department code, largest first; `department` limits it to one."""
    return _count_open(session, Case.department_code, department=department)


def count_open_by_category(session: Session, *, department: str | None = None) -> dict[str, int]:
    """Open cases per category code, largest first; `department` limits it to one."""
    return _count_open(session, Case.category, department=department)


def count_open_by_status(session: Session, *, department: str | None = None) -> dict[str, int]:
    """Open cases per status, largest first; `department` limits it to one."""
    return _count_open(session, Case.status, department=department)


def get_case(session: Session, case_id: int) -> Case | None:
    """A case with its department, its posts (each with its analysis) and its history."""
    query = (
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.department),
            selectinload(Case.posts).selectinload(Post.analysis),
            selectinload(Case.events),
        )
    )
    return session.scalars(query).one_or_none()


def list_posts(
    session: Session,
    *,
    source: str | None = None,
    department: str | None = None,
    page: int = 1,
    per_page: int = 50,
    include_deleted: bool = True,
) -> tuple[list[Post], int]:
    """One page of posts, newest first, each with its analysis, and the total.

    `department` keeps only posts linked to that department's cases; `include_deleted=False`
    leaves out posts their channel deleted.
    """
    filters: list[Any] = [] if include_deleted else [Post.deleted_at.is_(None)]
    if source is not None:
        filters.append(Post.source == source)
    if department is not None:
        linked = (
            select(CasePost.post_id)
            .join(Case, Case.id == CasePost.case_id)
            .where(Case.department_code == department)
        )
        filters.append(Post.id.in_(linked))
    total = session.scalar(select(func.count()).select_from(Post).where(*filters)) or 0
    query = (
        select(Post)
        .where(*filters)
        .options(selectinload(Post.analysis))
        .order_by(Post.created_at.desc(), Post.id.desc())
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    return list(session.scalars(query)), total


def case_ids_for_posts(session: Session, post_ids: Sequence[int]) -> dict[int, int]:
    """The case each post belongs to: {post_id: case_id}; unlinked posts are absent."""
    if not post_ids:
        return {}
    query = select(CasePost.post_id, CasePost.case_id).where(CasePost.post_id.in_(post_ids))
    return {post_id: case_id for post_id, case_id in session.execute(query)}


def case_conditions(
    *,
    department: str | None,
    category: str | None,
    status: str | None,
    urgency: str | None,
    open_only: bool,
) -> list[Any]:
    """SQL conditions for the case list's filters; the map uses the same ones."""
    filters: list[Any] = []
    if open_only:
        filters.append(Case.status.not_in(sorted(CLOSED_STATUSES)))
    for column, value in (
        (Case.department_code, department),
        (Case.category, category),
        (Case.status, status),
        (Case.urgency, urgency),
    ):
        if value is not None:
            filters.append(column == value)
    return filters


def due_conditions(due: Due, now: datetime | None) -> list[Any]:
    """Open cases past their deadline, or due within DUE_SOON of `now`."""
    if now is None:
        raise ValueError("the due filter needs `now`")
    late = [Case.status.not_in(sorted(CLOSED_STATUSES))]
    if due == "overdue":
        return [*late, Case.due_at < now]
    return [*late, Case.due_at >= now, Case.due_at <= now + DUE_SOON]


def _count_open(session: Session, column: Any, *, department: str | None) -> dict[str, int]:
    query: Select[Any] = (
        select(column, func.count())
        .where(Case.status.not_in(sorted(CLOSED_STATUSES)))
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    if department is not None:
        query = query.where(Case.department_code == department)
    return {key: count for key, count in session.execute(query)}
